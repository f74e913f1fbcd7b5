// The public status page (/status, no sign-in): the overall line, each component's state with its
// 90-day uptime bars, open incidents and maintenance, then the history, each update dated in the
// page's zone the way the old page's readers know ("Saturday 5/16 8am PST: …"). It refreshes
// itself every 30 s and says when it could not. Subscribing by mail: /status/subscribe.
import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { FormattedMessage, FormattedTime, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { Subscribe, type PageComponent, type PageIncident, type StatusPage as StatusPageT } from '../../../../shared/status.js';
import { ConnectionIndicator } from '../../../components/ConnectionIndicator.js';
import { ErrorSummary, Field, useFormErrors, useSubmit } from '../../../components/forms.js';
import { QueryState } from '../../../components/QueryState.js';
import { useStatusPage } from '../api/statusPage.js';
import { subscribeToStatus } from '../api/subscribe.js';
import { useSubscriberLink } from '../api/subscriberLink.js';
import './status.css';
import { PageFrame } from '../../../components/PageFrame.js';
import { LanguageMenu } from '../../../i18n/index.js';
import { COMPONENT_NAME, COMPONENT_STATUS, INDICATOR } from './statusWords.js';
import { takeHashParams } from '../../../lib/hash-token.js';

function Bars({ c }: { c: PageComponent }) {
  const intl = useIntl();
  return (
    <div className="uptime" data-testid={`uptime-${c.id}`}>
      <ol className="bars" aria-label={intl.formatMessage({ id: 'status.page.bars', defaultMessage: '{component}: daily uptime, last 90 days' }, { component: intl.formatMessage(COMPONENT_NAME[c.id]) })}>
        {c.days.map((d) => {
          const label =
            d.uptime == null
              ? intl.formatMessage({ id: 'status.page.day.none', defaultMessage: '{day}: no data' }, { day: d.label })
              : d.worst === 'operational'
                ? intl.formatMessage({ id: 'status.page.day.uptime', defaultMessage: '{day}: {uptime}% uptime' }, { day: d.label, uptime: d.uptime })
                : intl.formatMessage({ id: 'status.page.day.worst', defaultMessage: '{day}: {uptime}% uptime, {worst}' }, { day: d.label, uptime: d.uptime, worst: intl.formatMessage(COMPONENT_STATUS[d.worst]).toLocaleLowerCase(intl.locale) });
          return (
            <li key={d.date} className={`bar ${d.uptime == null ? 'none' : d.worst}`} title={label}>
              <span className="visually-hidden">{label}</span>
            </li>
          );
        })}
      </ol>
      <p className="uptime-legend">
        <span>
          <FormattedMessage id="status.page.days-ago" defaultMessage="90 days ago" />
        </span>
        <span data-testid={`uptime90-${c.id}`}>
          <FormattedMessage id="status.page.uptime" defaultMessage="{uptime}% uptime" values={{ uptime: c.uptime90 }} />
        </span>
        <span>
          <FormattedMessage id="status.page.today" defaultMessage="Today" />
        </span>
      </p>
    </div>
  );
}

function Incident({ i }: { i: PageIncident }) {
  const intl = useIntl();
  return (
    <article className={`incident impact-${i.impact}`} id={`incident-${i.id}`} data-testid="incident">
      <h3>
        {i.name}
        {i.automatic ? (
          <span className="tag">
            <FormattedMessage id="status.page.automatic" defaultMessage="Detected automatically" />
          </span>
        ) : null}
      </h3>
      {i.window ? (
        <p className="window">
          <FormattedMessage id="status.page.scheduled" defaultMessage="Scheduled: {window}" values={{ window: i.window }} />
        </p>
      ) : null}
      {i.components.length ? (
        <p className="affects">
          <FormattedMessage id="status.page.affects" defaultMessage="Affects: {components}" values={{ components: intl.formatList(i.components.map((c) => intl.formatMessage(COMPONENT_NAME[c.id])), { type: 'unit' }) }} />
        </p>
      ) : null}
      <ol className="updates">
        {i.updates.map((u) => (
          <li key={u.id} data-testid="incident-update">
            <FormattedMessage
              id="status.page.update"
              defaultMessage="<time></time>: <b>{status}.</b> {body}"
              values={{ time: () => <time dateTime={u.at}>{u.when}</time>, b: (chunks) => <strong>{chunks}</strong>, status: u.statusLabel, body: u.body }}
            />
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
  const intl = useIntl();
  return (
    <>
      <p className={`overall indicator-${data.status.indicator}`} data-testid="overall" role="status">
        {/* The server's own line in English; in another language, the same state in its words. */}
        {intl.locale.startsWith('en') ? data.status.description : <FormattedMessage {...INDICATOR[data.status.indicator]} />}
      </p>
      <Incidents id="active-h" title={intl.formatMessage({ id: 'status.page.active', defaultMessage: 'Happening now' })} items={data.active} />
      <section aria-labelledby="components-h">
        <h2 id="components-h">
          <FormattedMessage id="status.page.components" defaultMessage="Components" />
        </h2>
        <ul className="components">
          {data.components.map((c) => (
            <li key={c.id} className="component" data-testid={`component-${c.id}`} data-status={c.status}>
              <div className="component-head">
                <span className="component-name">
                  <FormattedMessage {...COMPONENT_NAME[c.id]} />
                </span>
                <span className={`component-status ${c.status}`}>
                  <FormattedMessage {...COMPONENT_STATUS[c.status]} />
                </span>
              </div>
              <Bars c={c} />
            </li>
          ))}
        </ul>
      </section>
      <Incidents id="upcoming-h" title={intl.formatMessage({ id: 'status.page.upcoming', defaultMessage: 'Scheduled maintenance' })} items={data.upcoming} />
      <section aria-labelledby="history-h">
        <h2 id="history-h">
          <FormattedMessage id="status.page.history" defaultMessage="Past incidents" />
        </h2>
        {data.history.length ? (
          data.history.map((i) => <Incident key={i.id} i={i} />)
        ) : (
          <p>
            <FormattedMessage id="status.page.no-incidents" defaultMessage="No incidents in the last 90 days." />
          </p>
        )}
      </section>
      <p className="muted">
        <FormattedMessage
          id="status.page.footer"
          defaultMessage="Times are {zone}. <atom>Atom feed</atom> · <json>JSON</json> · <subscribe>Get updates by mail</subscribe>"
          values={{
            zone: data.timeZone.replace(/_/g, ' '),
            atom: (chunks) => <a href="/status/history.atom">{chunks}</a>,
            json: (chunks) => <a href="/api/v2/summary.json">{chunks}</a>,
            subscribe: (chunks) => <Link to="/status/subscribe">{chunks}</Link>,
          }}
        />
      </p>
    </>
  );
}

export function StatusFrame({ children }: { children: React.ReactNode }) {
  return (
    <PageFrame
      brand={useIntl().formatMessage({ id: 'status.page.brand', defaultMessage: 'Hearth status' })}
      bar={
        <>
          <ConnectionIndicator />
          <LanguageMenu />
        </>
      }
      mainClass="status-page"
    >
      {children}
    </PageFrame>
  );
}

export function PublicStatusPage() {
  const page = useStatusPage();
  const intl = useIntl();
  return (
    <StatusFrame>
      <h1>
        <FormattedMessage id="status.page.brand" defaultMessage="Hearth status" />
      </h1>
      {page.data ? (
        // Once loaded, a failed refresh keeps the last status on screen and says how old it is.
        <div data-testid="status-page" data-ready="true">
          {page.isError ? (
            <p role="status" className="notice warn" data-testid="status-stale">
              <FormattedMessage
                id="status.page.stale"
                defaultMessage="Couldn't refresh — showing the status as of {time}; retrying."
                values={{ time: <FormattedTime value={page.dataUpdatedAt} timeStyle="medium" /> }}
              />
            </p>
          ) : null}
          <Page data={page.data} />
        </div>
      ) : (
        <QueryState query={page} what={intl.formatMessage({ id: 'status.page.what', defaultMessage: 'the status' })} testId="status-page">
          {(data) => <Page data={data} />}
        </QueryState>
      )}
    </StatusFrame>
  );
}

/** /status/subscribe: the form, and the confirm / unsubscribe links from the mails (#confirm=…, #unsubscribe=…). */
export function StatusSubscribePage() {
  const [link] = useState(() => {
    const { confirm, unsubscribe } = takeHashParams(['confirm', 'unsubscribe']);
    return confirm ? ({ action: 'confirm', token: confirm } as const) : unsubscribe ? ({ action: 'unsubscribe', token: unsubscribe } as const) : null;
  });
  return <StatusFrame>{link ? <LinkAction {...link} /> : <SubscribeForm />}</StatusFrame>;
}

function LinkAction({ action, token }: { action: 'confirm' | 'unsubscribe'; token: string }) {
  const q = useSubscriberLink(action, token);
  return (
    <>
      <h1>
        {action === 'confirm' ? (
          <FormattedMessage id="status.subscribe.confirm-title" defaultMessage="Confirm status updates" />
        ) : (
          <FormattedMessage id="status.subscribe.stop-title" defaultMessage="Stop status updates" />
        )}
      </h1>
      {q.isPending ? (
        <p role="status">
          <FormattedMessage id="status.subscribe.working" defaultMessage="Working…" />
        </p>
      ) : null}
      {q.isSuccess ? (
        <p role="status" data-testid="status-link-done">
          {action === 'confirm' ? (
            <FormattedMessage id="status.subscribe.confirmed" defaultMessage="Thank you: you will get a mail with each status update." />
          ) : (
            <FormattedMessage id="status.subscribe.stopped" defaultMessage="Done: you will get no more status mails." />
          )}
        </p>
      ) : null}
      {q.isError ? (
        <p role="alert" data-testid="status-link-error">
          <FormattedMessage id="status.subscribe.link-invalid" defaultMessage="This link is not valid any more (used already, or replaced by a newer one)." />
        </p>
      ) : null}
      <BackToStatus />
    </>
  );
}

function SubscribeForm() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const intl = useIntl();
  const emailLabel = intl.formatMessage({ id: 'status.subscribe.email', defaultMessage: 'Email' });
  const form = useFormErrors({ email: emailLabel });
  const { busy, submit } = useSubmit(form);
  return (
    <>
      <h1>
        <FormattedMessage id="status.subscribe.title" defaultMessage="Get status updates by mail" />
      </h1>
      {sent ? (
        <p role="status" data-testid="subscribe-sent">
          <FormattedMessage id="status.subscribe.sent" defaultMessage="If this address can receive mail, a confirmation link is on its way. Nothing is sent until you confirm." />
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
          <Field name="email" label={emailLabel} type="email" autoComplete="email" value={email} onChange={setEmail} form={form} isRequired />
          <Button type="submit" className="btn primary" isDisabled={busy}>
            {busy ? <FormattedMessage id="status.subscribe.busy" defaultMessage="Sending…" /> : <FormattedMessage id="status.subscribe.submit" defaultMessage="Subscribe" />}
          </Button>
        </Form>
      )}
      <BackToStatus />
    </>
  );
}

function BackToStatus() {
  return (
    <p>
      <Link to="/status">
        <FormattedMessage id="status.subscribe.back" defaultMessage="Back to the status page" />
      </Link>
    </p>
  );
}
