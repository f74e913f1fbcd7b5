// The portal's home screen: the calls to join now, what is due, and a card per practice with its
// sections. Its own chunk: a client's first screen after signing in (the light client path,
// scripts/bundle-budget.ts) downloads this page, never the record pages of ./PortalPages.tsx.
import { lazy, Suspense } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { loadPortalMeasures } from '../../measures/index.js';
import { PortalFormsDue } from '../../forms/index.js';
import { usePortalMe } from '../../../session/portal.js';
import { PortalCurrentCalls } from './PortalCalls.js';
import { PortalNextAppointment } from './PortalNextAppointment.js';
import { displayName, SECTIONS } from './portalSections.js';

/** Marks between words and facts (not words themselves). */
const SPACE = ' ';

// Loaded after the home screen is up (the light client path's first load stays small): the
// questionnaires due and the sign-in security card.
const PortalMeasuresDue = lazy(() => loadPortalMeasures().then((m) => ({ default: m.PortalMeasuresDue })));
const PortalSecurity = lazy(() => import('./PortalSecurity.js').then((m) => ({ default: m.PortalSecurity })));

export function PortalHome() {
  const intl = useIntl();
  const me = usePortalMe();
  const links = me.data?.links ?? [];
  return (
    <div data-testid="portal-home" data-ready={me.isSuccess ? 'true' : 'false'} data-links={links.length}>
      <h1>
        <FormattedMessage id="portal.home.title" defaultMessage="Your client portal" />
      </h1>
      <PortalCurrentCalls />
      <PortalFormsDue />
      <Suspense fallback={null}>
        <PortalMeasuresDue />
      </Suspense>
      {links.length === 0 ? (
        <p className="notice">
          <FormattedMessage
            id="portal.home.noPractice"
            defaultMessage="Your account is not connected to a practice yet. When your practice invites you to the portal, open the link in their e-mail to connect it."
          />
        </p>
      ) : (
        <>
          <p>
            <FormattedMessage id="portal.home.intro" defaultMessage="Message your practice, see and request appointments, share documents and check the details they hold about you." />
          </p>
          <ul className="portal-links" aria-label={intl.formatMessage({ id: 'portal.home.practices', defaultMessage: 'Your practices' })}>
            {links.map((l) => {
              const base = `/portal/clients/${encodeURIComponent(l.clientId)}`;
              return (
                <li key={l.clientId} className="card" data-testid="portal-link" data-client-id={l.clientId}>
                  <h2>{l.practiceName}</h2>
                  <p className="muted">
                    <FormattedMessage id="portal.home.recordAs" defaultMessage="Your record as {name}" values={{ name: displayName(l) }} />
                  </p>
                  <PortalNextAppointment clientId={l.clientId} />
                  <ul className="portal-link-actions">
                    {SECTIONS.map((sec, i) => (
                      <li key={sec.path}>
                        <Link className={i === 0 ? 'btn primary' : 'btn'} to={`${base}/${sec.path}`} data-testid={`portal-open-${sec.path}`}>
                          {intl.formatMessage(sec.label)}{SPACE}
                          <span className="visually-hidden">{intl.formatMessage(sec.where, { practice: l.practiceName })}</span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {me.data ? (
        <Suspense fallback={null}>
          <PortalSecurity me={me.data} />
        </Suspense>
      ) : null}
    </div>
  );
}

