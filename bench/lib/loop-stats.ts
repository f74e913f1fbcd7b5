// What the server's event loop went through during a load run (the list-tail bench): event-loop
// delay (perf_hooks.monitorEventLoopDelay, 1 ms resolution), GC pauses by kind
// (PerformanceObserver 'gc'), and, when BENCH_CPU_PROF names a directory, a CPU profile of the run
// (node:inspector, this process only: the load generator runs in its own); with BENCH_HEAP_PROF=1
// as well, a sampling heap profile beside it (where the garbage behind the scavenges comes from).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface LoopStats {
  /** Event-loop delay percentiles and max, ms. */
  delayP50: number;
  delayP99: number;
  delayMax: number;
  /** GC pauses: count, total and longest, ms; and the major (mark-sweep-compact) ones alone. */
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  majorCount: number;
  majorTotalMs: number;
}

/** Starts watching; the returned function stops and answers the figures (writing the profile, if asked, as `<label>.cpuprofile`). */
export async function watchLoop(label: string): Promise<() => Promise<LoopStats>> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const gc = { count: 0, total: 0, max: 0, majorCount: 0, majorTotal: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.total += e.duration;
      gc.max = Math.max(gc.max, e.duration);
      if (((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gc.majorCount++;
        gc.majorTotal += e.duration;
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const profDir = process.env.BENCH_CPU_PROF;
  const session = profDir ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    if (process.env.BENCH_HEAP_PROF) await session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  delay.enable();
  return async () => {
    delay.disable();
    observer.disconnect();
    if (session) {
      if (process.env.BENCH_HEAP_PROF) {
        const heap = await session.post('HeapProfiler.stopSampling');
        writeFileSync(path.join(profDir!, `${label.replace(/[^a-z0-9]+/gi, '-')}.heapprofile`), JSON.stringify(heap.profile));
      }
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path.join(profDir!, `${label.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    }
    const ms = (ns: number) => ns / 1e6;
    return {
      delayP50: ms(delay.percentile(50)),
      delayP99: ms(delay.percentile(99)),
      delayMax: ms(delay.max),
      gcCount: gc.count,
      gcTotalMs: gc.total,
      gcMaxMs: gc.max,
      majorCount: gc.majorCount,
      majorTotalMs: gc.majorTotal,
    };
  };
}
