// Scenario helpers the billing suites share: a client with a provider, an appointment service with
// a CPT code and rate, and appointments brought to the state an invoice bills (attended, a late
// cancellation by the client, a no-show) through the API.
import { expect } from 'vitest';
import type { Actor } from './actors.js';

let n = 0;
let slot = 0;

export async function newClient(owner: Actor, providerIds: string[] = [], name = 'Cleo'): Promise<string> {
  const res = await owner.post('/api/clients', { firstName: name, lastName: `Billing${n++}`, dateOfBirth: '1988-04-05', ...(providerIds.length ? { providerIds } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

export async function newService(owner: Actor, rateCents = 15000, cptCode: string | null = '90837'): Promise<string> {
  const res = await owner.post('/api/practice/appointment-services', { name: `Therapy ${n++}`, defaultMinutes: 50, rateCents, ...(cptCode ? { cptCode } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

export interface Booking {
  clientId: string;
  providerId: string;
  serviceId?: string;
  type?: 'video' | 'audio' | 'in_person';
  /** Days from now (negative: in the past). */
  days?: number;
  hours?: number;
}

export async function book(actor: Actor, b: Booking): Promise<string> {
  const start = new Date(Date.now() + (b.days ?? -3) * 86_400_000 + (b.hours ?? 0) * 3_600_000);
  // Five-minute visits six minutes apart: one provider's bookings in a suite never overlap.
  start.setUTCHours(start.getUTCHours(), 0, 0, 0);
  start.setTime(start.getTime() + (slot++ % 150) * 6 * 60_000);
  const res = await actor.post('/api/appointments', {
    clientIds: [b.clientId],
    providerId: b.providerId,
    start: start.toISOString(),
    durationMinutes: 5,
    timeZone: 'UTC',
    type: b.type ?? 'in_person',
    ...(b.serviceId ? { serviceId: b.serviceId } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

export async function setStatus(actor: Actor, id: string, status: 'completed' | 'no_show' | 'checked_in'): Promise<void> {
  const res = await actor.patch(`/api/appointments/${id}`, { status });
  expect(res.statusCode, res.body).toBe(200);
}

/** An attended (completed) appointment. */
export async function attended(actor: Actor, b: Booking): Promise<string> {
  const id = await book(actor, b);
  await setStatus(actor, id, 'completed');
  return id;
}

/** An appointment the client cancelled inside the window (late). */
export async function lateCancelled(actor: Actor, b: Booking): Promise<string> {
  const id = await book(actor, { ...b, days: 0, hours: 2 });
  const res = await actor.post(`/api/appointments/${id}/cancel`, { by: 'client' });
  expect(res.statusCode, res.body).toBe(200);
  expect((res.json() as { cancellation: { late: boolean } }).cancellation.late).toBe(true);
  return id;
}

export interface InvoiceJson {
  id: string;
  number: string | null;
  status: string;
  totalCents: number;
  paidCents: number;
  balanceCents: number;
  creditedCents: number;
  version: number;
  lines: { id: string; kind: string; cptCode: string | null; modifiers: string[]; posCode: string | null; amountCents: number; taxCents: number; totalCents: number; description: string }[];
}
