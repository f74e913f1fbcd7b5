// Runs a bench helper file in its own Node process (with tsx), hands it a job as JSON in an
// environment variable (never argv, so a session cookie does not show in `ps`), and resolves with
// the JSON it prints on stdout.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function runJsonChild<T>(fileUrl: URL, variable: string, job: unknown): Promise<T> {
  const file = fileURLToPath(fileUrl);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, [variable]: JSON.stringify(job) }, stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const out = Buffer.concat(chunks).toString();
      if (code !== 0) return reject(new Error(`${path(file)} exited with ${code}`));
      try {
        resolve(JSON.parse(out) as T);
      } catch {
        reject(new Error(`${path(file)} printed no result: ${out.slice(0, 200)}`));
      }
    });
  });
}

const path = (file: string) => file.split('/').slice(-2).join('/');
