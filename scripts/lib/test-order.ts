// The order test files start in: longest first, so that with a few workers the long files
// (reminder load tests, the onboarding and reminders scenarios) do not start last and leave one
// worker running alone at the end. Vitest's own sequencer orders by the durations it recorded in
// node_modules/.vite, which `npm ci` (CI) wipes: on a clean checkout it falls back to file size,
// a poor guide (a small file that waits on a dispatcher outlasts a large file of quick checks).
// Here a file's duration is the one committed in scripts/lib/test-durations.json (from a full run,
// so every machine orders alike; refresh: `node scripts/lib/test-durations.mjs` after a full run
// wrote .tmp/vitest-*.json), else the one vitest recorded on this machine (a file newer than the
// list), else unknown: unknown files go after the known ones, largest first.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

type Durations = Record<string, number>;

let committed: Durations | undefined;
function committedDurations(): Durations {
  committed ??= JSON.parse(readFileSync(new URL('./test-durations.json', import.meta.url), 'utf8')) as Durations;
  return committed;
}

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const known = committedDurations();
    const duration = (spec: TestSpecification): number | undefined => {
      const file = relative(root, spec.moduleId);
      return known[file] ?? this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`)?.duration;
    };
    const size = (spec: TestSpecification) => this.ctx.cache.getFileStats(`${spec.project.name}:${relative(root, spec.moduleId)}`)?.size ?? 0;
    return Promise.resolve(
      [...files].sort((a, b) => {
        const da = duration(a);
        const db = duration(b);
        if (da !== undefined && db !== undefined) return db - da;
        if (da !== undefined) return -1;
        if (db !== undefined) return 1;
        return size(b) - size(a);
      }),
    );
  }
}
