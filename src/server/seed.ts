// The demo practice, seeded once on the first local run. Its users' passwords are generated and
// printed once to the console; nothing here runs in production (config refuses SEED_DEMO there).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import type { Config } from './config.js';
import { CURRENT_BAA_VERSION } from './modules/practices/index.js';
import { seedBilling } from './seed-billing.js';

const passphrase = () => randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').slice(0, 20);

export async function seedDemo(app: FastifyInstance, config: Readonly<Config>): Promise<void> {
  if (config.env === 'production') throw new Error('Demo seeding is refused in production');
  const { ctx, practices } = app.services;
  if ((await practices.count()) > 0) return;
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
  const ids: Record<string, string> = {};
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
      ids[s.email] = id;
      await ctx.audit.record({ actor: { type: 'system', id: null }, practiceId: owner.practiceId, action: 'create', resource: { type: 'user', id }, outcome: 'success', details: { via: 'demo_seed' } }, tx);
    });
  }
  await seedSchedule(app, owner.token, owner.userId, ids['provider@demo.hearth.local']!, meta);
  const lines = [
    'Demo practice "Demo Counseling Practice" created (two-factor sign-in is OFF for this demo practice;',
    'new practices require it). These passwords are shown once — note them now:',
    `  owner@demo.hearth.local       ${ownerPassword}   (owner + provider)`,
    ...staff.map((s) => `  ${s.email.padEnd(29)} ${s.password}   (${s.roles.join(', ')})`),
  ];
  console.log(`\n${lines.join('\n')}\n`);
}

const DEMO_ZONE = 'America/New_York';

/**
 * Appointment services, a few made-up clients and a week of appointments from today, so the
 * calendar and the Appointments tab of a fresh local install are not empty. Booked through the
 * scheduling service as the owner (the sign-up session), so every rule and audit record applies.
 */
async function seedSchedule(app: FastifyInstance, ownerToken: string, ownerId: string, providerId: string, meta: { ip: string; userAgent: string }): Promise<void> {
  const { auth, clients, scheduling } = app.services;
  const resolved = await auth.sessions.resolve(ownerToken);
  if (!resolved.ok) throw new Error(`demo seed: the owner's session did not resolve (${resolved.reason})`);
  const s = resolved.value;
  const individual = await scheduling.createService(s, { name: 'Individual psychotherapy, 53+ min', cptCode: '90837', defaultMinutes: 55, rateCents: 160_00, requiresApproval: true }, meta);
  const short = await scheduling.createService(s, { name: 'Individual psychotherapy, 38–52 min', cptCode: '90834', defaultMinutes: 45, rateCents: 125_00, requiresApproval: false }, meta);
  const intake = await scheduling.createService(s, { name: 'Intake assessment', cptCode: '90791', defaultMinutes: 60, rateCents: 190_00, requiresApproval: true }, meta);
  const group = await scheduling.createService(s, { name: 'Group psychotherapy', cptCode: '90853', defaultMinutes: 90, rateCents: 60_00, allowOverlap: true }, meta);

  const people = [
    { firstName: 'Avery', lastName: 'Demo-Lark', dateOfBirth: '1988-04-12', timeZone: DEMO_ZONE, providerIds: [providerId] },
    { firstName: 'Jordan', lastName: 'Demo-Finch', dateOfBirth: '1975-09-30', timeZone: 'America/Chicago', providerIds: [providerId] },
    { firstName: 'Riley', lastName: 'Demo-Wren', dateOfBirth: '1996-01-07', timeZone: 'America/Los_Angeles', providerIds: [ownerId] },
    { firstName: 'Casey', lastName: 'Demo-Heron', dateOfBirth: '1982-11-21', timeZone: 'Europe/London', providerIds: [ownerId] },
    { firstName: 'Morgan', lastName: 'Demo-Teal', dateOfBirth: '2001-06-02', providerIds: [providerId, ownerId] },
  ];
  const c: string[] = [];
  for (const p of people) c.push((await clients.create(s, p, meta)).id);

  const day = (n: number, time: string) => DateTime.now().setZone(DEMO_ZONE).startOf('day').plus({ days: n }).set({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3)) });
  const at = (n: number, time: string) => day(n, time).toISO()!;
  const weekday = (n: number) => day(n, '00:00').weekday <= 5;
  const book = (body: Omit<Parameters<typeof scheduling.create>[1], 'timeZone' | 'type'> & { type?: 'video' | 'audio' | 'in_person' }) =>
    scheduling.create(s, { timeZone: DEMO_ZONE, type: 'video', ...body }, meta);

  // Weekly sessions from the first weekday on: two providers, clients in other zones.
  const first = [1, 2, 3, 4, 5].find(weekday) ?? 1;
  await book({ clientIds: [c[0]!], providerId, start: at(first, '09:00'), durationMinutes: 55, serviceId: individual.id, recurrence: 'FREQ=WEEKLY;COUNT=8' });
  await book({ clientIds: [c[1]!], providerId, start: at(first, '11:00'), durationMinutes: 45, serviceId: short.id, type: 'audio', recurrence: 'FREQ=WEEKLY;INTERVAL=2;COUNT=6' });
  await book({ clientIds: [c[2]!], providerId: ownerId, start: at(first, '16:00'), durationMinutes: 55, serviceId: individual.id, recurrence: 'FREQ=WEEKLY;COUNT=8' });
  for (let n = 1; n <= 7; n++) {
    if (!weekday(n)) continue;
    await book({ clientIds: [c[3]!], providerId: ownerId, start: at(n, '10:00'), durationMinutes: 45, serviceId: short.id });
    await book({ clientIds: [c[4]!], providerId, start: at(n, '14:00'), durationMinutes: 60, serviceId: n === first ? intake.id : individual.id, type: n % 2 ? 'in_person' : 'video' });
  }
  const groupDay = [3, 4, 5, 2, 1].find(weekday) ?? 3;
  await book({ clientIds: [c[0]!, c[4]!], providerId, start: at(groupDay, '18:00'), durationMinutes: 90, serviceId: group.id, format: 'group', type: 'in_person' });
  // One confirmed, one cancelled by the client.
  const confirmed = await book({ clientIds: [c[3]!], providerId: ownerId, start: at(first + 1, '13:00'), durationMinutes: 45, serviceId: short.id });
  await scheduling.update(s, confirmed.id, { status: 'confirmed' }, meta);
  const cancelled = await book({ clientIds: [c[1]!], providerId, start: at(first + 2, '15:30'), durationMinutes: 45, serviceId: short.id });
  await scheduling.cancel(s, cancelled.id, { by: 'client', reason: 'Schedule conflict' }, meta);
  await seedBilling(app, s, c, meta);
  // The sign-up session was only the seed's way in: end it.
  await auth.sessions.revoke(app.services.ctx.db, { id: s.session.id }, 'logout');
}
