// The in-app banner: while an incident or maintenance affects a component this person uses, a line
// under the top bar says so and links to the status page. Staff use every component; clients the
// ones the portal relies on. It reads the public endpoint (no PHI) every minute.
import { useQuery } from '@tanstack/react-query';
import { ActiveIncidents, CLIENT_COMPONENTS } from '../../../../shared/status.js';
import { statusApi } from './StatusPage.js';
import './status.css';

export function StatusBanner({ audience }: { audience: 'staff' | 'client' }) {
  const q = useQuery({
    queryKey: ['status-active'],
    queryFn: () => statusApi.get('/api/status/active', ActiveIncidents, { expectAuthFailure: true, background: true }),
    refetchInterval: 60_000,
    // A banner is a hint: a failed read shows nothing rather than an error in every page.
    retry: 1,
  });
  const shown = (q.data?.incidents ?? []).filter((i) => audience === 'staff' || i.components.some((c) => CLIENT_COMPONENTS.includes(c)));
  if (!shown.length) return null;
  return (
    <div className="status-banner" role="status" data-testid="status-banner">
      {shown.map((i) => (
        <p key={i.id}>
          <strong>Hearth status:</strong> {i.name} ({i.statusLabel.toLowerCase()}). <a href="/status">See the status page</a>
        </p>
      ))}
    </div>
  );
}
