// The Inbox entry of the main navigation, with the count of conversations waiting for an answer
// as a badge; its accessible name says it in words ("Inbox, 3 unread"). Polled in the background
// and refreshed at once after a reply or a close.
import { NavLink } from 'react-router';
import { useInboxCount } from '../api/inboxCount.js';

export function InboxNavLink() {
  const count = useInboxCount(true);
  const n = count.data?.unread ?? 0;
  return (
    <NavLink to="/inbox" aria-label={n > 0 ? `Inbox, ${n} unread` : 'Inbox'} data-testid="nav-inbox" data-unread={count.isSuccess ? n : undefined}>
      Inbox
      {n > 0 ? (
        <span className="nav-badge" aria-hidden="true" data-testid="inbox-badge">
          {n > 99 ? '99+' : n}
        </span>
      ) : null}
    </NavLink>
  );
}
