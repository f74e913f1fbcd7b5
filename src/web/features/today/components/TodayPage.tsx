// Today: the signed-in colleague's day. What needs them first (a client waiting in the lobby,
// unread messages, requests, reminders that did not go), then the day's appointments in time
// order with their state and a Start / join button. Each role sees what the server gives it (a
// provider their own day; billing no clinical or messaging detail). Polled in the background so
// a client entering the lobby shows within seconds.
import { DateTime } from 'luxon';
import { Button } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router';
import type { Today, TodayAppointment } from '../../../../shared/today.js';
import { ROLE_LABELS } from '../../../../shared/roles.js';
import { QueryState } from '../../../components/QueryState.js';
import { SelectField } from '../../../components/SelectField.js';
import { useMe } from '../../../session/useMe.js';
import { AppointmentCallButton } from '../../calls/index.js';
import { STATUS_LABELS } from '../../scheduling/index.js';
import { AppointmentFormsStatus } from '../../forms/index.js';
import { addDays, browserZone, formatTime, isIsoDate, today as todayIn, zoneAbbrev } from '../../../lib/time.js';
import { useToday } from '../api/today.js';
import { MeasureFlagsCard } from '../../measures/index.js';
import { PlansDueCard } from '../../plans/index.js';
import './today.css';

const TYPE_LABELS: Record<TodayAppointment['type'], string> = { video: 'Video', audio: 'Audio', in_person: 'In person' };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const clientsOf = (a: TodayAppointment) => a.clients.map((c) => c.name ?? 'Client not shown to you').join(', ') || 'No client';

export function TodayPage() {
  const me = useMe();
  const zone = browserZone();
  const [params, setParams] = useSearchParams();
  const date = isIsoDate(params.get('date')) ? params.get('date')! : todayIn(zone);
  const providerId = params.get('provider') ?? '';
  const query = useToday(date, zone, providerId);
  const isToday = date === todayIn(zone);
  const set = (next: { date?: string; provider?: string }) => {
    const p = new URLSearchParams(params);
    if (next.date !== undefined) {
      if (next.date === todayIn(zone)) p.delete('date');
      else p.set('date', next.date);
    }
    if (next.provider !== undefined) {
      if (next.provider) p.set('provider', next.provider);
      else p.delete('provider');
    }
    setParams(p, { replace: true });
  };
  const heading = isToday ? 'Today' : DateTime.fromISO(date).toLocaleString({ weekday: 'long', month: 'long', day: 'numeric' }, { locale: 'en-US' });
  const role = me.data?.activeRole;

  return (
    <div className="today" data-testid="today-page" data-date={date}>
      <div className="today-head">
        <div>
          <h1>{heading}</h1>
          <p className="muted today-sub">
            {DateTime.fromISO(date).toLocaleString({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }, { locale: 'en-US' })}
            {role ? ` · ${ROLE_LABELS[role]}` : ''}
          </p>
        </div>
        <nav aria-label="Day" className="today-daynav">
          <Button className="btn small" onPress={() => set({ date: addDays(date, -1) })} data-testid="today-prev">
            <span aria-hidden="true">‹ </span>Previous day
          </Button>
          {isToday ? null : (
            <Button className="btn small" onPress={() => set({ date: todayIn(zone) })} data-testid="today-now">
              Today
            </Button>
          )}
          <Button className="btn small" onPress={() => set({ date: addDays(date, 1) })} data-testid="today-next">
            Next day<span aria-hidden="true"> ›</span>
          </Button>
        </nav>
      </div>
      <MeasureFlagsCard />
      <QueryState query={query} what="your day" testId="today-state">
        {(t) => <Day t={t} zone={zone} providerId={providerId} onProvider={(id) => set({ provider: id })} />}
      </QueryState>
      <PlansDueCard />
    </div>
  );
}

function Day({ t, zone, providerId, onProvider }: { t: Today; zone: string; providerId: string; onProvider: (id: string) => void }) {
  const waiting = t.appointments.filter((a) => (a.call?.waiting.length ?? 0) > 0);
  const live = t.appointments.filter((a) => a.status !== 'cancelled');
  return (
    <>
      <Summary t={t} waiting={waiting.length} />
      {waiting.length ? (
        <section aria-labelledby="lobby-h" className="today-lobby" data-testid="today-lobby">
          <h2 id="lobby-h">Waiting in the lobby</h2>
          <ul>
            {waiting.map((a) => (
              <li key={a.id}>
                <span>
                  <strong>{a.call!.waiting.map((w) => w.name).join(', ')}</strong> {a.call!.waiting.length === 1 ? 'is' : 'are'} waiting for the {formatTime(a.start, zone)} session
                  {t.scope === 'practice' ? ` with ${a.providerName}` : ''}.
                </span>
                {a.joinable ? <AppointmentCallButton appointmentId={a.id} label={clientsOf(a)} className="btn primary" /> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="appts-h" className="today-appts">
        <div className="today-appts-head">
          <h2 id="appts-h">
            Appointments <span className="muted">({live.length})</span>
          </h2>
          {t.scope === 'practice' && t.providers.length > 1 ? (
            <SelectField
              name="provider"
              label="Provider"
              value={providerId}
              onChange={onProvider}
              options={[{ id: '', label: 'All providers' }, ...t.providers.map((p) => ({ id: p.id, label: p.name }))]}
              testId="today-provider"
              className="today-provider"
            />
          ) : null}
        </div>
        {t.appointments.length === 0 ? (
          <p className="today-empty" data-testid="today-empty">
            No appointments {t.scope === 'own' ? 'for you ' : ''}on this day.
          </p>
        ) : (
          <ol className="today-list" data-testid="today-list" data-count={t.appointments.length}>
            {t.appointments.map((a) => (
              <AppointmentRow key={a.id} a={a} zone={zone} practice={t.scope === 'practice'} />
            ))}
          </ol>
        )}
        <p className="muted today-foot">
          Times in {zoneAbbrev(t.from, zone)}.
        </p>
      </section>
    </>
  );
}

function Summary({ t, waiting }: { t: Today; waiting: number }) {
  const attention = (t.attention.reminders ?? 0) + (t.attention.notifications ?? 0);
  const tiles: { key: string; n: number; label: string; to: string; hint: string; urgent: boolean }[] = [];
  if (waiting > 0 || t.appointments.some((a) => a.call !== null)) tiles.push({ key: 'lobby', n: waiting, label: waiting === 1 ? 'client waiting' : 'clients waiting', to: '#lobby-h', hint: 'in the lobby', urgent: waiting > 0 });
  if (t.unreadMessages !== null) tiles.push({ key: 'messages', n: t.unreadMessages, label: t.unreadMessages === 1 ? 'unread message' : 'unread messages', to: '/inbox', hint: 'Open the inbox', urgent: t.unreadMessages > 0 });
  if (t.requestsWaiting !== null) tiles.push({ key: 'requests', n: t.requestsWaiting, label: t.requestsWaiting === 1 ? 'request waiting' : 'requests waiting', to: '/appointment-requests', hint: 'Appointment requests', urgent: t.requestsWaiting > 0 });
  if (t.attention.reminders !== null || t.attention.notifications !== null) {
    tiles.push({
      key: 'attention',
      n: attention,
      label: 'need attention',
      to: (t.attention.reminders ?? 0) > 0 || t.attention.notifications === null ? '/appointments' : '/practice',
      hint: t.attention.notifications !== null ? 'Reminders and notifications that did not go' : 'Reminders that did not go',
      urgent: attention > 0,
    });
  }
  if (!tiles.length) return null;
  return (
    <ul className="today-summary" aria-label="At a glance" data-testid="today-summary">
      {tiles.map((x) => (
        <li key={x.key} className={x.urgent ? 'urgent' : undefined} data-testid={`today-tile-${x.key}`} data-count={x.n}>
          {x.to.startsWith('#') ? (
            <a href={x.to}>
              <span className="n">{x.n}</span> <span className="l">{x.label}</span>
              <span className="h">{x.hint}</span>
            </a>
          ) : (
            <Link to={x.to}>
              <span className="n">{x.n}</span> <span className="l">{x.label}</span>
              <span className="h">{x.hint}</span>
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}

function reminderText(r: NonNullable<TodayAppointment['reminders']>): { text: string; tone: 'ok' | 'warn' | 'muted' } {
  if (r.failed > 0) return { text: `${plural(r.failed, 'reminder', 'reminders')} failed${r.sent ? `, ${r.sent} sent` : ''}`, tone: 'warn' };
  if (r.sent > 0) return { text: `Reminder sent${r.sent > 1 ? ` (${r.sent})` : ''}${r.pending ? `, ${r.pending} to go` : ''}`, tone: 'ok' };
  if (r.pending > 0) return { text: `${plural(r.pending, 'reminder', 'reminders')} to go`, tone: 'muted' };
  return { text: 'No reminders', tone: 'muted' };
}

function AppointmentRow({ a, zone, practice }: { a: TodayAppointment; zone: string; practice: boolean }) {
  const who = clientsOf(a);
  const waiting = a.call?.waiting ?? [];
  const off = a.status === 'cancelled' || a.status === 'no_show';
  const rem = a.reminders ? reminderText(a.reminders) : null;
  return (
    <li className={`today-row${off ? ' off' : ''}${waiting.length ? ' waiting' : ''}`} data-testid="today-appt" data-appointment-id={a.id} data-status={a.status} data-waiting={waiting.length > 0 ? 'true' : 'false'}>
      <div className="today-time">
        <span className="start">{formatTime(a.start, zone)}</span>
        <span className="dur">{a.durationMinutes} min</span>
      </div>
      <div className="today-what">
        <p className="who">
          {a.clients.length === 1 && a.clients[0]!.name ? <Link to={`/clients/${encodeURIComponent(a.clients[0]!.id)}`}>{who}</Link> : who}
        </p>
        <p className="meta">
          <span className={`tbadge tbadge-${a.type}`}>{TYPE_LABELS[a.type]}</span>
          {a.serviceName ? <span>{a.serviceName}</span> : null}
          {practice ? <span>with {a.providerName}</span> : null}
          <span className={`sbadge sbadge-${a.status}`}>{STATUS_LABELS[a.status]}</span>
        </p>
        <p className="state">
          {waiting.length ? (
            <span className="lobby" data-testid="today-waiting">
              <span aria-hidden="true">● </span>
              {waiting.map((w) => w.name).join(', ')} {waiting.length === 1 ? 'is' : 'are'} waiting in the lobby
            </span>
          ) : a.call?.status === 'active' ? (
            <span className="lobby live">In session now</span>
          ) : null}
          {off ? null : <AppointmentFormsStatus forms={a.forms} />}
          {rem && !off ? (
            <span className={`rem rem-${rem.tone}`} data-testid="today-reminders">
              {rem.text}
            </span>
          ) : null}
        </p>
        {a.note ? <p className="note">{a.note}</p> : null}
      </div>
      <div className="today-act">{a.joinable ? <AppointmentCallButton appointmentId={a.id} label={`${who} at ${formatTime(a.start, zone)}`} className={waiting.length ? 'btn primary' : 'btn'} /> : null}</div>
    </li>
  );
}
