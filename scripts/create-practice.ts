// `npm run create-practice -- --name "Practice" --owner-name "Name" --email owner@example.org`
// Creates a practice and its owner WITHOUT a BAA: the owner accepts the BAA in the app before the
// practice can store client records. Prints a one-time password-setup link (valid for the
// password-reset lifetime, one hour); nothing is mailed. Two-factor sign-in is required, as for
// every new practice, so the owner enrols a second factor at first sign-in.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { buildApp } from '../src/server/app.js';
import { createLogger } from '../src/server/lib/logger.js';
import type { Mail, Mailer } from '../src/server/modules/mail/index.js';
import { identity } from '../src/server/modules/auth/index.js';
import { email as emailSchema, text } from '../src/shared/strings.js';
import { consoleOut, isMain, masterKeyOf, parseFlags, openFromEnv, runMain, type Env, type Out } from './lib/cli.js';

const Input = z.strictObject({
  name: text({ min: 2, max: 200 }),
  ownerName: text({ min: 1, max: 200 }),
  email: emailSchema,
});
export type CreatePracticeInput = z.infer<typeof Input>;

const META = { ip: '127.0.0.1', userAgent: 'hearth-cli/create-practice' };

export interface CreatedPractice {
  practiceId: string;
  userId: string;
  setupLink: string;
}

/** Holds the reset mail instead of sending it, so the link is printed for the operator to pass on. */
class CapturingMailer implements Mailer {
  readonly sent: Mail[] = [];
  async send(mail: Mail) {
    this.sent.push(mail);
  }
  close() {}
}

export async function createPracticeWithoutBaa(env: Env, input: CreatePracticeInput): Promise<CreatedPractice> {
  const parsed = Input.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join('.')}: ${issue.message}`);
  }
  const { name, ownerName, email } = parsed.data;
  const { config, database } = await openFromEnv(env);
  const mailer = new CapturingMailer();
  const app = await buildApp(config, {
    database,
    masterKey: masterKeyOf(config, { generateIfMissing: true }),
    mailer,
    logger: createLogger({ level: 'warn' }),
  });
  try {
    const { ctx, auth } = app.services;
    const emailIdx = await auth.emailIndex(email);
    if (await identity.findUserByEmailIdx(ctx.db, emailIdx)) throw new Error('An account with this email already exists');
    const { practiceId, userId } = await ctx.db.transaction().execute(async (tx) => {
      const practiceId = await app.services.practices.createPracticeRecord(tx, { name, requireMfa: true });
      const userId = await app.services.practices.createUser(tx, {
        practiceId,
        name: ownerName.trim(),
        email: email.trim(),
        emailIdx,
        // Nobody knows this password: the owner sets theirs through the link.
        password: randomBytes(32).toString('base64url'),
        roles: ['owner', 'provider'],
      });
      const common = { actor: { type: 'system' as const, id: null }, practiceId, outcome: 'success' as const, ip: META.ip, userAgent: META.userAgent };
      await ctx.audit.record({ ...common, action: 'create', resource: { type: 'practice', id: practiceId }, details: { via: 'create_practice_cli', baa: false } }, tx);
      await ctx.audit.record({ ...common, action: 'create', resource: { type: 'user', id: userId }, details: { via: 'create_practice_cli', roles: ['owner', 'provider'] } }, tx);
      return { practiceId, userId };
    });
    await auth.requestReset(email, META);
    const text = mailer.sent.at(-1)?.text ?? '';
    const setupLink = /https?:\/\/\S+#token=\S+/.exec(text)?.[0];
    if (!setupLink) throw new Error('The password-setup link was not issued');
    return { practiceId, userId, setupLink };
  } finally {
    await app.close();
    await database.destroy();
  }
}

const USAGE = 'usage: npm run create-practice -- --name "Practice name" --owner-name "Owner name" --email owner@example.org';

export async function runCreatePractice(argv: string[], env: Env, out: Out = consoleOut): Promise<number> {
  const options = { name: { type: 'string' }, 'owner-name': { type: 'string' }, email: { type: 'string' } } as const;
  const parsed = parseFlags(argv, options, USAGE, out, { required: ['name', 'owner-name', 'email'] });
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const created = await createPracticeWithoutBaa(env, { name: values.name, ownerName: values['owner-name'], email: values.email });
  out.log(`practice ${created.practiceId} created; owner ${created.userId} (roles owner, provider)`);
  out.log('No BAA is accepted yet: the owner accepts it in the app before the practice can store client records.');
  out.log('Two-factor sign-in is required; the owner sets it up at first sign-in.');
  out.log('');
  out.log('One-time password-setup link (valid for 1 hour; give it to the owner over a trusted channel):');
  out.log(`  ${created.setupLink}`);
  return 0;
}

if (isMain(import.meta.url)) runMain(() => runCreatePractice(process.argv.slice(2), process.env));
