// The demo practice, seeded once on the first local run. Its users' passwords are generated and
// printed once to the console; nothing here runs in production (config refuses SEED_DEMO there).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { countPractices } from './modules/practices/repo.js';
import * as authRepo from './modules/auth/repo.js';
import { hashPassword } from './modules/auth/passwords.js';
import { CURRENT_BAA_VERSION } from './modules/practices/baa.js';
import { randomUUID } from 'node:crypto';

const passphrase = () => randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').slice(0, 20);

export async function seedDemo(app: FastifyInstance, config: Readonly<Config>): Promise<void> {
  if (config.env === 'production') throw new Error('Demo seeding is refused in production');
  const { ctx, practices } = app.services;
  if ((await countPractices(ctx.db)) > 0) return;
  const meta = { ip: '127.0.0.1', userAgent: 'hearth-seed' };
  const ownerPassword = passphrase();
  const owner = await practices.signup(
    {
      practiceName: 'Demo Counseling Practice',
      ownerName: 'Olivia Owner',
      email: 'owner@demo.hearth.local',
      password: ownerPassword,
      baa: { accepted: true, version: CURRENT_BAA_VERSION, signerName: 'Olivia Owner', signerTitle: 'Clinical Director' },
    },
    meta,
    { demo: true, requireMfa: false },
  );
  const staff: { name: string; email: string; roles: string[]; password: string }[] = [
    { name: 'Paul Provider', email: 'provider@demo.hearth.local', roles: ['provider'], password: passphrase() },
    { name: 'Fran Frontdesk', email: 'frontdesk@demo.hearth.local', roles: ['front_desk'], password: passphrase() },
    { name: 'Bill Billing', email: 'billing@demo.hearth.local', roles: ['billing'], password: passphrase() },
    { name: 'Cora Compliance', email: 'compliance@demo.hearth.local', roles: ['compliance'], password: passphrase() },
  ];
  for (const s of staff) {
    const id = randomUUID();
    const now = ctx.clock.now();
    await ctx.db.transaction().execute(async (tx) => {
      await authRepo.insertUser(tx, {
        id,
        practice_id: owner.practiceId,
        name_enc: await ctx.crypto.encrypt(owner.practiceId, { table: 'users', column: 'name_enc', rowId: id }, s.name, tx),
        email_enc: await ctx.crypto.encrypt(owner.practiceId, { table: 'users', column: 'email_enc', rowId: id }, s.email, tx),
        email_idx: await app.services.auth.emailIndex(s.email),
        password_hash: await hashPassword(s.password),
        password_single_factor_ok: 1,
        totp_secret_enc: null,
        totp_pending_secret_enc: null,
        totp_last_step: null,
        status: 'active',
        created_at: now,
        updated_at: now,
        password_changed_at: now,
      });
      await authRepo.setRoles(tx, id, s.roles);
      await ctx.audit.record({ actor: { type: 'system', id: null }, practiceId: owner.practiceId, action: 'create', resource: { type: 'user', id }, outcome: 'success', details: { via: 'demo_seed' } }, tx);
    });
  }
  const lines = [
    'Demo practice "Demo Counseling Practice" created (two-factor sign-in is OFF for this demo practice;',
    'new practices require it). These passwords are shown once — note them now:',
    `  owner@demo.hearth.local       ${ownerPassword}   (owner + provider)`,
    ...staff.map((s) => `  ${s.email.padEnd(29)} ${s.password}   (${s.roles.join(', ')})`),
  ];
  console.log(`\n${lines.join('\n')}\n`);
}
