// The staff ring prompt, mounted in the signed-in frame for roles that take calls; it listens on
// the one heartbeat socket (/ws). GET /api/calls gives an owner the whole practice's calls: only
// the ones where I am the provider ring here (the server rings the same people).
import { useCallback } from 'react';
import { heartbeat } from '../../../session/staff.js';
import { callTitle, fetchCurrentCalls } from '../api/currentCalls.js';
import { IncomingCall } from './IncomingCall.js';
import { staffRings } from '../model/ring.js';

export function StaffIncomingCall({ userId }: { userId: string }) {
  const load = useCallback(async () => {
    const list = await fetchCurrentCalls(true);
    return { items: list.items.filter((c) => c.providerId === userId) };
  }, [userId]);
  return <IncomingCall store={staffRings} socket={heartbeat} load={load} titleOf={callTitle} callPath="/calls/:id" />;
}
