// Pure helpers of `npm run screenshots` (scripts/screenshots.ts): the arguments, the summary table
// printed at the end and the index.html that shows every shot side by side.

export interface ShotsArgs {
  out: string;
  only: string[];
  strict: boolean;
}

/** `--out <dir>`, `--only <substring>` (repeatable; matches "<actor>-<screen>"), `--strict`. */
export function parseShotsArgs(argv: string[], defaultOut: string): ShotsArgs {
  const args: ShotsArgs = { out: defaultOut, only: [], strict: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const inline = a.includes('=') ? a.slice(a.indexOf('=') + 1) : undefined;
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${a} needs a value`);
      return next;
    };
    if (a === '--strict') args.strict = true;
    else if (a === '--out' || a.startsWith('--out=')) args.out = value();
    else if (a === '--only' || a.startsWith('--only=')) args.only.push(value());
    else if (a === '--help' || a === '-h') throw new Error('usage');
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

export interface ShotResult {
  /** "<actor>-<screen>", also the file name without .png. */
  name: string;
  viewport: string;
  /** Relative to the output folder; null when the screen was skipped. */
  file: string | null;
  axe: string[];
  /** Pixels the page is wider than the viewport (only measured at 390 px; 0 otherwise). */
  overflowPx: number;
  /** Why a screen was skipped or what went wrong while taking it. */
  note?: string;
}

export const findings = (r: ShotResult) => r.axe.length + (r.overflowPx > 0 ? 1 : 0) + (r.note && r.file ? 1 : 0);

function pad(s: string, n: number) {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The table printed at the end: one row per shot, findings first in each column. */
export function summaryTable(results: ShotResult[]): string {
  const rows = results.map((r) => [
    r.name,
    r.viewport,
    r.file ? String(r.axe.length) : '-',
    r.file ? (r.overflowPx > 0 ? `${r.overflowPx}px` : 'ok') : '-',
    r.note ?? '',
  ]);
  const head = ['screen', 'viewport', 'axe', 'overflow', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** index.html: one row per screen, its viewports side by side, with what axe and the width check found. */
export function indexHtml(results: ShotResult[], viewports: string[], takenAt: string): string {
  const names = [...new Set(results.map((r) => r.name))];
  const cell = (r: ShotResult | undefined) => {
    if (!r) return '<td></td>';
    const problems = [
      ...r.axe.map((v) => `<li>axe: ${esc(v)}</li>`),
      ...(r.overflowPx > 0 ? [`<li>${r.overflowPx}px wider than the screen</li>`] : []),
      ...(r.note ? [`<li>${esc(r.note)}</li>`] : []),
    ];
    const img = r.file ? `<a href="${esc(r.file)}"><img src="${esc(r.file)}" alt="${esc(`${r.name} at ${r.viewport}`)}" loading="lazy"></a>` : '';
    return `<td>${img}${problems.length ? `<ul>${problems.join('')}</ul>` : ''}</td>`;
  };
  const rows = names.map((n) => `<tr><th scope="row" id="${esc(n)}"><a href="#${esc(n)}">${esc(n)}</a></th>${viewports.map((v) => cell(results.find((r) => r.name === n && r.viewport === v))).join('')}</tr>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hearth screenshots</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1rem}
table{border-collapse:collapse}
th,td{border:1px solid #ccc;padding:.5rem;vertical-align:top;text-align:left}
th[scope=row]{white-space:nowrap}
img{display:block;max-width:640px;max-height:900px;border:1px solid #eee}
td:last-child img{max-width:300px}
ul{margin:.5rem 0 0;padding-left:1.2rem;color:#8a1c1c;max-width:640px}
</style></head><body>
<h1>Hearth screenshots</h1>
<p>Taken ${esc(takenAt)} by <code>npm run screenshots</code>. ${results.filter((r) => r.file).length} shots; ${results.filter((r) => findings(r) > 0).length} with findings.</p>
<table><thead><tr><th scope="col">screen</th>${viewports.map((v) => `<th scope="col">${esc(v)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
</body></html>
`;
}
