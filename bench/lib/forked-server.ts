// A Hearth server forked by a bench part (the soak, the signaling sockets): its output kept for
// errors, a stop that ends it and removes its data, and a wait until GET /readyz answers 200.
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

export async function superviseForkedServer(child: ChildProcess, opts: { base: string; dataDir: string; name: string }) {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  let exited: number | null = null;
  const gone = new Promise<void>((r) =>
    child.once('exit', (code) => {
      exited = code ?? -1;
      r();
    }),
  );
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(t);
    }
    rmSync(opts.dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`${opts.name}: server exited with ${exited} before ready:\n${out.slice(-3000)}`);
    }
    try {
      if ((await fetch(`${opts.base}/readyz`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${opts.name}: server not ready after 60 s:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { output: () => out, stop };
}
