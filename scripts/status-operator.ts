// `npm run status-operator -- add "Name"` | `list` | `revoke <id>`
// Platform operators write the public status page (incidents, updates, maintenance) through the
// /api/status operator routes with a bearer token. The token is printed once, only its hash is
// kept, and it opens those routes and nothing else: an operator never reaches a practice's data.
// Adding and revoking are audited.
import { buildApp } from '../src/server/app.js';
import { createLogger } from '../src/server/lib/logger.js';
import { text } from '../src/shared/strings.js';
import { consoleOut, isMain, masterKeyOf, openFromEnv, runMain, type Env, type Out } from './lib/cli.js';

const USAGE = 'usage: npm run status-operator -- add "Operator name" | list | revoke <operator id>';
const Name = text({ min: 1, max: 100 });

export async function runStatusOperator(argv: string[], env: Env, out: Out = consoleOut): Promise<number> {
  const [command, arg, ...rest] = argv;
  if (!command || rest.length || (command === 'add' && !arg) || (command === 'revoke' && !arg) || (command === 'list' && arg) || !['add', 'list', 'revoke'].includes(command)) {
    out.error(USAGE);
    return 2;
  }
  if (command === 'add') {
    const name = Name.safeParse(arg);
    if (!name.success) {
      out.error(`name: ${name.error.issues[0]?.message ?? 'invalid'}`);
      return 2;
    }
  }
  const { config, database } = await openFromEnv(env);
  const app = await buildApp(config, { database, masterKey: masterKeyOf(config, { generateIfMissing: false }), logger: createLogger({ level: 'warn' }) });
  try {
    const status = app.services.status.service;
    if (command === 'add') {
      const { id, token } = await status.addOperator(arg!.trim());
      out.log(`operator ${id} added`);
      out.log('Token (shown once; send it as "Authorization: Bearer <token>" to /api/status/*):');
      out.log(`  ${token}`);
    } else if (command === 'revoke') {
      if (!(await status.revokeOperator(arg!))) {
        out.error(`id: no active operator ${arg}`);
        return 1;
      }
      out.log(`operator ${arg} revoked`);
    } else {
      for (const o of await status.listOperators()) {
        out.log(`${o.id}  ${o.name}  added ${new Date(Number(o.created_at)).toISOString()}  ${o.revoked_at != null ? 'revoked' : o.last_used_at != null ? `last used ${new Date(Number(o.last_used_at)).toISOString()}` : 'never used'}`);
      }
    }
    return 0;
  } finally {
    await app.close();
    await database.destroy();
  }
}

if (isMain(import.meta.url)) runMain(() => runStatusOperator(process.argv.slice(2), process.env));
