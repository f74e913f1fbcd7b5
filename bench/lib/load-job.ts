// The job of a load generator run in its own process (load.ts, shed-load.ts): read from an
// environment variable as JSON rather than from argv, so a session cookie never shows in `ps`, and
// aimed at 127.0.0.1 only. Exits 2, saying why, when it is missing or aimed elsewhere.
export function loadJob<Job extends { url: string }>(variable: string, runBy: string): Job {
  const job = JSON.parse(process.env[variable] ?? 'null') as Job | null;
  if (!job) {
    console.error(`${variable} is not set; this file is run by ${runBy}`);
    process.exit(2);
  }
  if (new URL(job.url).hostname !== '127.0.0.1') {
    console.error('The bench only loads 127.0.0.1');
    process.exit(2);
  }
  return job;
}
