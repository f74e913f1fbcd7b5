// The jobs framework's public face: the send ledger, the ledger dispatcher, the run loop and the
// worker registry (README.md).
export { LedgerDispatcher, type Delivery, type DispatchContext, type DispatchOptions, type Failure, type LedgerRow, type Outcomes, type Outgoing } from './dispatcher.js';
export { describeError } from './describe.js';
export { backoff, MAX_BACKOFF_MS, sendLedger, type FinalStatus, type LedgerColumns, type LedgerTable, type SendLedger } from './ledger.js';
export { DispatchLoop } from './loop.js';
export { LAYER, processRoles, worker, WorkerRegistry, type ProcessRole, type Worker } from './registry.js';
