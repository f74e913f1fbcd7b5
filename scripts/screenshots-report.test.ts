// The pure parts of `npm run screenshots`: its arguments, the summary table and index.html.
import { describe, expect, it } from 'vitest';
import { findings, indexHtml, parseShotsArgs, summaryTable, type ShotResult } from './lib/screenshots-report.js';

describe('screenshots: arguments', () => {
  it('takes --out, repeated --only (both spellings) and --strict', () => {
    expect(parseShotsArgs(['--only', 'portal', '--only=owner-clients', '--out', '/tmp/x', '--strict'], '/d')).toEqual({ out: '/tmp/x', only: ['portal', 'owner-clients'], strict: true });
    expect(parseShotsArgs([], '/d')).toEqual({ out: '/d', only: [], strict: false });
  });
  it('refuses an unknown argument and a missing value', () => {
    expect(() => parseShotsArgs(['--shots'], '/d')).toThrow('unknown argument --shots');
    expect(() => parseShotsArgs(['--only'], '/d')).toThrow('--only needs a value');
    expect(() => parseShotsArgs(['--out', '--strict'], '/d')).toThrow('--out needs a value');
  });
});

const shots: ShotResult[] = [
  { name: 'owner-clients', viewport: '1280x800', file: '1280x800/owner-clients.png', axe: [], overflowPx: 0 },
  { name: 'owner-clients', viewport: '390x844', file: '390x844/owner-clients.png', axe: ['color-contrast (serious): Elements must meet minimum color contrast — .x'], overflowPx: 14 },
  { name: 'owner-today', viewport: '390x844', file: null, axe: [], overflowPx: 0, note: 'skipped: "Page not found" on this branch' },
];

describe('screenshots: summary', () => {
  it('counts axe violations and overflow as findings, a skipped screen as none', () => {
    expect(shots.map(findings)).toEqual([0, 2, 0]);
  });
  it('prints one aligned row per shot, "-" where nothing was taken', () => {
    const lines = summaryTable(shots).split('\n');
    expect(lines[0]).toMatch(/^screen\s+viewport\s+axe\s+overflow\s+note$/);
    expect(lines[2]).toMatch(/^owner-clients\s+1280x800\s+0\s+ok$/);
    expect(lines[3]).toMatch(/^owner-clients\s+390x844\s+1\s+14px$/);
    expect(lines[4]).toMatch(/^owner-today\s+390x844\s+-\s+-\s+skipped: "Page not found" on this branch$/);
    // Columns line up: every row's viewport starts where the header's does.
    const col = lines[0]!.indexOf('viewport');
    for (const l of lines.slice(2)) expect(l.slice(col, col + 3)).toMatch(/^(128|390)$/);
  });
  it('index.html shows each screen once with its viewports side by side, findings escaped', () => {
    const html = indexHtml(shots, ['1280x800', '390x844'], '2026-12-06T03:00:00Z');
    expect(html.match(/<tr><th scope="row"/g)).toHaveLength(2);
    expect(html).toContain('<img src="390x844/owner-clients.png"');
    expect(html).toContain('14px wider than the screen');
    expect(html).toContain('skipped: &quot;Page not found&quot; on this branch');
    expect(html).toContain('2 shots; 1 with findings');
  });
});
