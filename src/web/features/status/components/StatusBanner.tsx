// The in-app banner: while an incident or maintenance affects a component this person uses, a line
// under the top bar says so and links to the status page. Staff use every component; clients the
// ones the portal relies on. It reads the public endpoint (no PHI) every minute.
import { FormattedMessage } from 'react-intl';
import { CLIENT_COMPONENTS } from '../../../../shared/status-components.js';
import { useActiveIncidents } from '../api/activeIncidents.js';
import './status.css';

export function StatusBanner({ audience }: { audience: 'staff' | 'client' }) {
  const q = useActiveIncidents();
  const shown = (q.data?.incidents ?? []).filter((i) => audience === 'staff' || i.components.some((c) => CLIENT_COMPONENTS.includes(c)));
  if (!shown.length) return null;
  return (
    <div className="status-banner" role="status" data-testid="status-banner">
      {shown.map((i) => (
        <p key={i.id}>
          <FormattedMessage
            id="status.banner.line"
            defaultMessage="<b>Hearth status:</b> {incident} ({state}). <link>See the status page</link>"
            values={{ incident: i.name, state: i.statusLabel.toLowerCase(), b: (chunks) => <strong>{chunks}</strong>, link: (chunks) => <a href="/status">{chunks}</a> }}
          />
        </p>
      ))}
    </div>
  );
}
