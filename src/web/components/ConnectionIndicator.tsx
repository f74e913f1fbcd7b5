import { useSyncExternalStore } from 'react';
import { heartbeat, type ConnectionState } from '../session/connection.js';

const LABEL: Record<ConnectionState, string> = {
  online: 'Online',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/** Always visible; role=status makes each change an aria-live (polite) announcement. */
export function ConnectionIndicator() {
  const state = useSyncExternalStore(heartbeat.subscribe, heartbeat.getState);
  return (
    <div className={`connection connection-${state}`} data-testid="connection-state" data-state={state} role="status">
      <span className="dot" aria-hidden="true" />
      <span>
        <span className="visually-hidden">Connection: </span>
        {LABEL[state]}
      </span>
    </div>
  );
}
