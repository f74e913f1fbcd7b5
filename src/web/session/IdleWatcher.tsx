// The staff idle warning: the shared dialog (./IdleWarning.tsx) over the staff API client.
import { api, session } from '../api/client.js';
import { IdleWarning } from './IdleWarning.js';
import { endSession } from './staff.js';

const check = () => api.get('/api/me', undefined, { background: true });
const keepAlive = () => api.post('/api/session/keepalive', {});
const endIdle = () => void endSession('idle');
const signOut = () => {
  void api
    .post('/api/auth/logout', {})
    .catch(() => undefined)
    .finally(() => void endSession('logout'));
};

export function IdleWatcher() {
  return (
    <IdleWarning
      session={session}
      check={check}
      keepAlive={keepAlive}
      endIdle={endIdle}
      signOut={signOut}
      reason="For your clients' privacy"
      testId="idle-warning"
    />
  );
}
