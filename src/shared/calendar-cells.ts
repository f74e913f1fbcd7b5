// The calendar's cells on the wire (view=calendar) and back. A month of 2,000 cells written as
// objects repeats every key, a 24-character end, a provider id, a zone name and the clients' names
// in each cell (≈290 bytes a cell); as rows of eight with each repeated value written once per page
// it is about a third of that. The server encodes (its rendered answer is what is kept and tagged,
// calendar-answers.ts); the SPA decodes once, in its api layer, into the AppointmentCell objects
// the calendar draws. decodeCells(encodeCells(page)) equals the page, field for field.
import type { AppointmentCell, AppointmentCellList, AppointmentCellPage, AppointmentCellRow } from './scheduling.js';

/** Numbers each distinct value in order of first use. */
class Dictionary<K> {
  readonly values: K[] = [];
  private readonly seen = new Map<string, number>();
  constructor(private readonly keyOf: (value: K) => string) {}

  indexOf(value: K): number {
    const key = this.keyOf(value);
    let i = this.seen.get(key);
    if (i === undefined) {
      i = this.values.push(value) - 1;
      this.seen.set(key, i);
    }
    return i;
  }
}

const MINUTE_MS = 60_000;

/** The page as view=calendar sends it. */
export function encodeCells(page: AppointmentCellList): AppointmentCellPage {
  const providers = new Dictionary<string>((s) => s);
  const zones = new Dictionary<string>((s) => s);
  const clients = new Dictionary<[string | null, number | null]>((c) => JSON.stringify(c));
  const items = page.items.map((c): AppointmentCellRow => {
    const start = Date.parse(c.start);
    const provider = providers.indexOf(c.providerId);
    const zone = zones.indexOf(c.timeZone);
    const who = c.clientNames.map((name, i) => {
      const own = c.clientZones[i] ?? null;
      return clients.indexOf([name, own === null ? null : zones.indexOf(own)]);
    });
    return [c.id, start, (Date.parse(c.end) - start) / MINUTE_MS, c.status, c.type, provider, zone, who];
  });
  return { items, total: page.total, nextCursor: page.nextCursor, providers: providers.values, zones: zones.values, clients: clients.values };
}

function at<T>(list: readonly T[], i: number, what: string): T {
  if (i < 0 || i >= list.length) throw new Error(`A calendar cell names ${what} ${i} of ${list.length}`);
  return list[i]!;
}

/** The cells of a page as the full projection had them; throws on an index the page does not hold. */
export function decodeCells(page: AppointmentCellPage): AppointmentCellList {
  const { providers, zones } = page;
  const clients = page.clients.map(([name, zone]) => ({ name, zone: zone === null ? null : at(zones, zone, 'zone') }));
  const items = page.items.map(([id, start, minutes, status, type, provider, zone, who]): AppointmentCell => {
    const mine = who.map((i) => at(clients, i, 'client'));
    return {
      id,
      start: new Date(start).toISOString(),
      end: new Date(start + Math.round(minutes * MINUTE_MS)).toISOString(),
      status,
      type,
      providerId: at(providers, provider, 'provider'),
      timeZone: at(zones, zone, 'zone'),
      clientNames: mine.map((c) => c.name),
      clientZones: mine.map((c) => c.zone),
    };
  });
  return { items, total: page.total, nextCursor: page.nextCursor };
}
