// Refreshes scripts/lib/test-durations.json (the order scripts/lib/test-order.ts starts test files
// in) from the JSON reports a full `npm test` or `.ci/run` wrote to .tmp/vitest-*.json: each file's
// wall time in milliseconds, the longest of its runs (a unit file runs once per database),
// rounded to 100 ms so a refresh changes only the files whose time really moved.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'scripts/lib/test-durations.json');
const durations = JSON.parse(readFileSync(out, 'utf8'));
const reports = readdirSync(path.join(root, '.tmp')).filter((f) => /^vitest-.*\.json$/.test(f));
const seen = {};
for (const report of reports) {
  const { testResults } = JSON.parse(readFileSync(path.join(root, '.tmp', report), 'utf8'));
  for (const r of testResults) {
    const file = path.relative(root, r.name);
    const ms = Math.round((r.endTime - r.startTime) / 100) * 100;
    seen[file] = Math.max(seen[file] ?? 0, ms);
  }
}
Object.assign(durations, seen);
// Files since removed are dropped.
const sorted = Object.fromEntries(Object.entries(durations).filter(([f]) => existsSync(path.join(root, f))).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(out, JSON.stringify(sorted, null, 2) + '\n');
console.log(`test-durations: ${Object.keys(seen).length} files from ${reports.join(', ')}`);
