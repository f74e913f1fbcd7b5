// The public status page (/status, no sign-in): the overall line, each component's state with its
// 90-day uptime bars, open incidents and maintenance, then the history, each update dated in the
// page's zone the way the old page's readers know ("Saturday 5/16 8am PST: …"). It refreshes
// itself every 30 s and says when it could not. Subscribing by mail: /status/subscribe.
import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { Link } from 'react-router';
import { COMPONENT_STATUS_LABELS, Subscribe, type PageComponent, type PageIncident, type StatusPage as StatusPageT } from '../../../../shared/status.js';
import { ConnectionIndicator } from '../../../components/ConnectionIndicator.js';
import { ErrorSummary, Field, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { useStatusPage } from '../api/statusPage.js';
import { subscribeToStatus } from '../api/subscribe.js';
import { useSubscriberLink } from '../api/subscriberLink.js';
import './status.css';
import { PageFrame } from '../../../components/PageFrame.js';

function Bars({ c }: { c: PageComponent }) {
  return (
    <div className="uptime" data-testid={`uptime-${c.id}`}>
      <ol className="bars" aria-label={`${c.name}: daily uptime, last 90 days`}>
        {c.days.map((d) => {
          const label = d.uptime == null ? `${d.label}: no data` : `${d.label}: ${d.uptime}% uptime${d.worst === 'operational' ? '' : `, ${COMPONENT_STATUS_LABELS[d.worst].toLowerCase()}`}`;
          return (
            <li key={d.date} className={`bar ${d.uptime == null ? 'none' : d.worst}`} title={label}>
              <span className="visually-hidden">{label}</span>
            </li>
          );
        })}
      </ol>
      <p className="uptime-legend">
        <span>90 days ago</span>
        <span data-testid={`uptime90-${c.id}`}>{c.uptime90}% uptime</span>
        <span>Today</span>
      </p>
    </div>
  );
}

function Incident({ i }: { i: PageIncident }) {
  return (
    <article className={`incident impact-${i.impact}`} id={`incident-${i.id}`} data-testid="incident">
      <h3>
        {i.name}
        {i.automatic ? <span className="tag">Detected automatically</span> : null}
      </h3>
      {i.window ? <p className="window">Scheduled: {i.window}</p> : null}
      {i.components.length ? <p className="affects">Affects: {i.components.map((c) => c.name).join(', ')}</p> : null}
      <ol className="updates">
        {i.updates.map((u) => (
          <li key={u.id} data-testid="incident-update">
            <time dateTime={u.at}>{u.when}</time>: <strong>{u.statusLabel}.</strong> {u.body}
          </li>
        ))}
      </ol>
    </article>
  );
}

/** A titled section of incidents, left out while there are none. */
function Incidents({ id, title, items }: { id: string; title: string; items: readonly PageIncident[] }) {
  return items.length ? (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {items.map((i) => (
        <Incident key={i.id} i={i} />
      ))}
    </section>
  ) : null;
}

function Page({ data }: { data: StatusPageT }) {
  return (
    <>
      <p className={`overall indicator-${data.status.indicator}`} data-testid="overall" role="status">
        {data.status.description}
      </p>
      <Incidents id="active-h" title="Happening now" items={data.active} />
      <section aria-labelledby="components-h">
        <h2 id="components-h">Components</h2>
        <ul className="components">
          {data.components.map((c) => (
            <li key={c.id} className="component" data-testid={`component-${c.id}`} data-status={c.status}>
              <div className="component-head">
                <span className="component-name">{c.name}</span>
                <span className={`component-status ${c.status}`}>{COMPONENT_STATUS_LABELS[c.status]}</span>
              </div>
              <Bars c={c} />
            </li>
          ))}
        </ul>
      </section>
      <Incidents id="upcoming-h" title="Scheduled maintenance" items={data.upcoming} />
      <section aria-labelledby="history-h">
        <h2 id="history-h">Past incidents</h2>
        {data.history.length ? data.history.map((i) => <Incident key={i.id} i={i} />) : <p>No incidents in the last 90 days.</p>}
      </section>
      <p className="muted">
        Times are {data.timeZone.replace(/_/g, ' ')}. <a href="/status/history.atom">Atom feed</a> · <a href="/api/v2/summary.json">JSON</a> · <Link to="/status/subscribe">Get updates by mail</Link>
      </p>
    </>
  );
}

export function StatusFrame({ children }: { children: React.ReactNode }) {
  return (
    <PageFrame brand="Hearth status" bar={<ConnectionIndicator />} mainClass="status-page">
      {children}
    </PageFrame>
  );
}

export function PublicStatusPage() {
  const page = useStatusPage();
  return (
    <StatusFrame>
      <h1>Hearth status</h1>
      {page.data ? (
        // Once loaded, a failed refresh keeps the last status on screen and says how old it is.
        <div data-testid="status-page" data-ready="true">
          {page.isError ? (
            <p role="status" className="notice warn" data-testid="status-stale">
              Couldn't refresh — showing the status as of {new Date(page.dataUpdatedAt).toLocaleTimeString()}; retrying.
            </p>
          ) : null}
          <Page data={page.data} />
        </div>
      ) : (
        <QueryState query={page} what="the status" testId="status-page">
          {(data) => <Page data={data} />}
        </QueryState>
      )}
    </StatusFrame>
  );
}

/** /status/subscribe: the form, and the confirm / unsubscribe links from the mails (#confirm=…, #unsubscribe=…). */
export function StatusSubscribePage() {
  const [link] = useState(() => {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    const confirm = params.get('confirm');
    const unsubscribe = params.get('unsubscribe');
    if (confirm || unsubscribe) history.replaceState(history.state, '', window.location.pathname);
    return confirm ? ({ action: 'confirm', token: confirm } as const) : unsubscribe ? ({ action: 'unsubscribe', token: unsubscribe } as const) : null;
  });
  return <StatusFrame>{link ? <LinkAction {...link} /> : <SubscribeForm />}</StatusFrame>;
}

function LinkAction({ action, token }: { action: 'confirm' | 'unsubscribe'; token: string }) {
  const q = useSubscriberLink(action, token);
  const title = action === 'confirm' ? 'Confirm status updates' : 'Stop status updates';
  return (
    <>
      <h1>{title}</h1>
      {q.isPending ? <p role="status">Working…</p> : null}
      {q.isSuccess ? (
        <p role="status" data-testid="status-link-done">
          {action === 'confirm' ? 'Thank you: you will get a mail with each status update.' : 'Done: you will get no more status mails.'}
        </p>
      ) : null}
      {q.isError ? (
        <p role="alert" data-testid="status-link-error">
          This link is not valid any more (used already, or replaced by a newer one).
        </p>
      ) : null}
      <p>
        <Link to="/status">Back to the status page</Link>
      </p>
    </>
  );
}

function SubscribeForm() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const form = useFormErrors({ email: 'Email' });
  const { busy, submit } = useSubmit(form);
  return (
    <>
      <h1>Get status updates by mail</h1>
      {sent ? (
        <p role="status" data-testid="subscribe-sent">
          If this address can receive mail, a confirmation link is on its way. Nothing is sent until you confirm.
        </p>
      ) : (
        <Form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit(Subscribe.safeParse({ email }), async (body) => {
              await subscribeToStatus(body);
              setSent(true);
            });
          }}
        >
          <ErrorSummary form={form} />
          <Field name="email" label="Email" type="email" autoComplete="email" value={email} onChange={setEmail} form={form} isRequired />
          <Button type="submit" className="btn primary" isDisabled={busy}>
            {busy ? 'Sending…' : 'Subscribe'}
          </Button>
        </Form>
      )}
      <p>
        <Link to="/status">Back to the status page</Link>
      </p>
    </>
  );
}
