// Finding a time zone by what people type: a city ("Denver"), a city the IANA database files
// under another one ("Phoenix" is its own zone, "Seattle" is America/Los_Angeles), a region word
// ("Pacific", "Arizona") or part of the zone name ("Los_Angeles", "york"). Best matches first:
// the zone's own city starting with the words typed, then an alias, then any other match.

/** Places people type whose zone is named after another city (lower case, words single-spaced). */
export const ZONE_ALIASES: Readonly<Record<string, string>> = {
  // United States
  'san francisco': 'America/Los_Angeles',
  seattle: 'America/Los_Angeles',
  portland: 'America/Los_Angeles',
  'san diego': 'America/Los_Angeles',
  'san jose': 'America/Los_Angeles',
  sacramento: 'America/Los_Angeles',
  'las vegas': 'America/Los_Angeles',
  oakland: 'America/Los_Angeles',
  california: 'America/Los_Angeles',
  washington: 'America/New_York',
  'washington dc': 'America/New_York',
  boston: 'America/New_York',
  philadelphia: 'America/New_York',
  atlanta: 'America/New_York',
  miami: 'America/New_York',
  pittsburgh: 'America/New_York',
  baltimore: 'America/New_York',
  charlotte: 'America/New_York',
  orlando: 'America/New_York',
  tampa: 'America/New_York',
  cleveland: 'America/New_York',
  columbus: 'America/New_York',
  brooklyn: 'America/New_York',
  chicago: 'America/Chicago',
  dallas: 'America/Chicago',
  houston: 'America/Chicago',
  austin: 'America/Chicago',
  'san antonio': 'America/Chicago',
  minneapolis: 'America/Chicago',
  'st louis': 'America/Chicago',
  'saint louis': 'America/Chicago',
  'kansas city': 'America/Chicago',
  nashville: 'America/Chicago',
  milwaukee: 'America/Chicago',
  'new orleans': 'America/Chicago',
  'oklahoma city': 'America/Chicago',
  omaha: 'America/Chicago',
  memphis: 'America/Chicago',
  'salt lake city': 'America/Denver',
  albuquerque: 'America/Denver',
  'el paso': 'America/Denver',
  'colorado springs': 'America/Denver',
  tucson: 'America/Phoenix',
  arizona: 'America/Phoenix',
  scottsdale: 'America/Phoenix',
  mesa: 'America/Phoenix',
  hawaii: 'Pacific/Honolulu',
  alaska: 'America/Anchorage',
  'puerto rico': 'America/Puerto_Rico',
  'san juan': 'America/Puerto_Rico',
  guam: 'Pacific/Guam',
  eastern: 'America/New_York',
  central: 'America/Chicago',
  mountain: 'America/Denver',
  pacific: 'America/Los_Angeles',
  // Elsewhere
  montreal: 'America/Toronto',
  ottawa: 'America/Toronto',
  calgary: 'America/Edmonton',
  mumbai: 'Asia/Kolkata',
  delhi: 'Asia/Kolkata',
  'new delhi': 'Asia/Kolkata',
  bangalore: 'Asia/Kolkata',
  beijing: 'Asia/Shanghai',
  'ho chi minh': 'Asia/Ho_Chi_Minh',
  kyiv: 'Europe/Kyiv',
  kiev: 'Europe/Kyiv',
  munich: 'Europe/Berlin',
  frankfurt: 'Europe/Berlin',
  barcelona: 'Europe/Madrid',
  milan: 'Europe/Rome',
  geneva: 'Europe/Zurich',
  edinburgh: 'Europe/London',
  manchester: 'Europe/London',
  'tel aviv': 'Asia/Jerusalem',
  'cape town': 'Africa/Johannesburg',
  'rio de janeiro': 'America/Sao_Paulo',
  melbourne: 'Australia/Melbourne',
  auckland: 'Pacific/Auckland',
};

const norm = (s: string) => s.toLowerCase().replace(/[\s_/()-]+/g, ' ').trim();
const city = (zone: string) => norm(zone.split('/').pop() ?? zone);

/**
 * The zones matching a query, best first (at most `limit`). An empty query gives every zone in
 * its order. Aliases only name zones that are in `zones` (the runtime's own list).
 */
export function searchZones(query: string, zones: readonly string[], limit = Infinity): string[] {
  const q = norm(query);
  if (!q) return zones.slice(0, limit);
  const known = new Set(zones);
  const scored: { zone: string; score: number }[] = [];
  for (const z of zones) {
    const c = city(z);
    const full = norm(z);
    let score = -1;
    if (c === q) score = 0;
    else if (c.startsWith(q)) score = 1;
    else if (c.split(' ').some((w) => w.startsWith(q))) score = 3;
    else if (full.includes(q)) score = 4;
    if (score >= 0) scored.push({ zone: z, score });
  }
  for (const [alias, zone] of Object.entries(ZONE_ALIASES)) {
    if (!known.has(zone)) continue;
    const score = alias === q ? 0.5 : alias.startsWith(q) && q.length >= 3 ? 2 : -1;
    if (score < 0) continue;
    const have = scored.find((s) => s.zone === zone);
    if (have) have.score = Math.min(have.score, score);
    else scored.push({ zone, score });
  }
  scored.sort((a, b) => a.score - b.score || a.zone.localeCompare(b.zone));
  return scored.slice(0, limit).map((s) => s.zone);
}
