// Reads config, opens the database, migrates, seeds the demo practice in local mode, listens,
// and shuts down cleanly on SIGTERM/SIGINT.
import { boot, closeOnSignal } from './boot.js';

async function main() {
  const booted = await boot();
  const { app, config, database, logger } = booted;
  // The demo seed (local mode only) is loaded only when it runs.
  if (config.seedDemo) await (await import('./seed.js')).seedDemo(app, config);
  closeOnSignal(booted, (signal) => logger.info({ signal }, 'shutting down'));

  await app.listen({ host: config.host, port: config.port });
  console.log(`Hearth is listening on ${config.publicUrl} (${database.dialect})`);
}

main().catch((err: Error) => {
  console.error('Hearth failed to start:', err.message);
  process.exit(1);
});
