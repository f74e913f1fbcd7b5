// The staff ring prompt, mounted in the signed-in frame for roles that take calls; it listens on
// the one heartbeat socket (/ws).
import { heartbeat } from '../../session/connection.js';
import { callTitle, fetchCurrentCalls } from './api.js';
import { IncomingCall } from './IncomingCall.js';
import { staffRings } from './ring.js';

const load = () => fetchCurrentCalls(true);

export function StaffIncomingCall() {
  return <IncomingCall store={staffRings} socket={heartbeat} load={load} titleOf={callTitle} callPath="/calls/:id" />;
}
