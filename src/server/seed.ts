// The demo practice, seeded once on the first local run. Its users' passwords are generated and
// printed once to the console; nothing here runs in production (config refuses SEED_DEMO there).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { countPractices } from './modules/practices/repo.js';
import { CURRENT_BAA_VERSION } from './modules/practices/baa.js';

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
    await ctx.db.transaction().execute(async (tx) => {
      const id = await practices.createUser(tx, {
        practiceId: owner.practiceId,
        name: s.name,
        email: s.email,
        emailIdx: await app.services.auth.emailIndex(s.email),
        password: s.password,
        roles: s.roles,
      });
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
