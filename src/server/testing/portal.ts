// Portal scenario helper: a client record with an e-mail address and consent, invited by staff
// through the API, who joins through the invitation link read from the harness's SMTP receiver.
// The returned actor holds the client's portal session.
import { expect } from 'vitest';
import { Actor, joinColleague, uniq, type Colleague } from './actors.js';
import type { Harness } from './harness.js';
import { linkToken } from './smtp.js';

export interface PortalClientFixture {
  id: string;
  email: string;
  portal: Actor;
}

export async function portalClient(h: Harness, staff: Actor, fields: Record<string, unknown> = {}): Promise<PortalClientFixture> {
  if (!h.smtp) throw new Error('portalClient needs a harness with smtp: true');
  const email = `${uniq('client')}@example.test`;
  const res = await staff.post('/api/clients', {
    firstName: 'Rowan',
    lastName: 'Hale',
    dateOfBirth: '1992-03-04',
    email,
    ...fields,
    consents: { email: true, sms: false, details: false, ...((fields.consents as object | undefined) ?? {}) },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const invite = await staff.post(`/api/clients/${id}/portal-invitation`);
  expect(invite.statusCode, invite.body).toBe(201);
  const token = linkToken(await h.smtp.waitFor((m) => m.to.includes(email) && /portal/i.test(m.subject)), '/portal/accept');
  const portal = new Actor(h, 'portal');
  const accept = await portal.post('/api/portal/invitations/accept', { token, password: 'meadowlark quiet river 3' });
  expect(accept.statusCode, accept.body).toBe(201);
  return { id, email, portal };
}

/** The two ends of a call: a provider who joined the practice (Priya Provider) and a portal client of theirs (Marigold Quince). */
export async function callParties(h: Harness, owner: Actor): Promise<{ provider: Colleague; client: PortalClientFixture }> {
  const provider = await joinColleague(h, owner, 'provider', 'Priya Provider');
  const client = await portalClient(h, owner, { firstName: 'Marigold', lastName: 'Quince', providerIds: [provider.id] });
  return { provider, client };
}
