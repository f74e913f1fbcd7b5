import { useSyncExternalStore } from 'react';
import { defineMessages, FormattedMessage, type MessageDescriptor } from 'react-intl';
import type { ConnectionState, Heartbeat } from '../session/connection.js';
import { heartbeat } from '../session/staff.js';

const LABEL = defineMessages({
  online: { id: 'components.connection.online', defaultMessage: 'Online' },
  reconnecting: { id: 'components.connection.reconnecting', defaultMessage: 'Reconnecting…' },
  offline: { id: 'components.connection.offline', defaultMessage: 'Offline' },
}) satisfies Record<ConnectionState, MessageDescriptor>;

/**
 * Always visible; role=status makes each change an aria-live (polite) announcement. `source` is
 * the heartbeat of the principal signed in here: the staff app's /ws (the default) or the
 * portal's /portal/ws. Where none is started (a sign-in page) it follows the browser's network.
 */
export function ConnectionIndicator({ source = heartbeat }: { source?: Heartbeat }) {
  const state = useSyncExternalStore(source.subscribe, source.getState);
  return (
    <div className={`connection connection-${state}`} data-testid="connection-state" data-state={state} role="status">
      <span className="dot" aria-hidden="true" />
      <span>
        <span className="visually-hidden">
          <FormattedMessage id="components.connection.label" defaultMessage="Connection: " />
        </span>
        <FormattedMessage {...LABEL[state]} />
      </span>
    </div>
  );
}
