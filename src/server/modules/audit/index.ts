// The audit module's public face. The trail itself (AuditService) is built with the shared context,
// since every module writes to it (ctx.audit); this module adds its checkpoints outside the
// database, written where background work runs.
import { auditWorkers } from './workers.js';
import { defineModule } from '../contract.js';
import { AuditCheckpointer } from './checkpoint.js';

export { AuditService } from './service.js';
export { AUDIT_ACTIONS, byStaff, type AuditAction, type AuditDetails, type AuditEvent, type AuditOutcome, type ActorType } from './vocabulary.js';
export { appendCheckpoint, AuditCheckpointer, CHECKPOINT_FILE, checkpointMacValid, readCheckpoints, takeCheckpoint, type AuditCheckpoint } from './checkpoint.js';
export { GENESIS_HASH, keyedRowHash, rowHash } from './chain.js';
export { verifyAuditChain, type VerifyOptions, type VerifyResult } from './verify.js';

declare module '../contract.js' {
  interface ServiceRegistry {
    /** Audit checkpoints outside the database (started with the backup schedule). */
    auditCheckpoints: AuditCheckpointer;
  }
}

export const auditCheckpointsModule = defineModule({
  name: 'auditCheckpoints',
  needs: [],
  // The chain is hashed with the audit key (wrapped by the master key, docs/audit.md).
  build: (ctx) =>
    new AuditCheckpointer({ db: ctx.db, clock: ctx.clock, log: ctx.log, key: (tx) => ctx.crypto.auditKey(tx) }, ctx.config.auditCheckpoints.dir, ctx.config.auditCheckpoints.intervalMinutes),
  workers: (checkpoints) => auditWorkers(checkpoints),
});
