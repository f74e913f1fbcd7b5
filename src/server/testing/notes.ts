// Scenario helpers the notes suites share: an attended visit of a client assigned to providers,
// a SOAP answer set that completes the template, a note started through the API.
import { expect } from 'vitest';
import type { Actor } from './actors.js';
import { attended, newClient } from './billing.js';

export const SOAP = { subjective: 'Reports better sleep this week.', objective: 'Calm, engaged.', assessment: 'Improving.', plan: 'Continue weekly sessions.', risk: 'low' } as const;

/** A client assigned to these providers and a completed visit of theirs with `providerId`. */
export async function attendedVisit(owner: Actor, providerId: string, assigned: string[] = [providerId]): Promise<{ clientId: string; appointmentId: string }> {
  const clientId = await newClient(owner, assigned, 'Nora');
  const appointmentId = await attended(owner, { clientId, providerId });
  return { clientId, appointmentId };
}

/** Starts a note as `actor`; its id. */
export async function startNote(actor: Actor, v: { clientId: string; appointmentId: string }, kind: 'progress' | 'psychotherapy' = 'progress', fields: Record<string, unknown> = {}, templateId = 'soap'): Promise<string> {
  const res = await actor.post('/api/notes', { appointmentId: v.appointmentId, clientId: v.clientId, kind, templateId, fields });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

/** Fills a note with `fields` and signs it as `actor`; the signed note. */
export async function fillAndSign(actor: Actor, id: string, fields: Record<string, unknown> = SOAP): Promise<{ status: string; version: number }> {
  const saved = await actor.patch(`/api/notes/${id}`, { version: 1, fields });
  expect(saved.statusCode, saved.body).toBe(200);
  const signed = await actor.post(`/api/notes/${id}/sign`, { version: 2 });
  expect(signed.statusCode, signed.body).toBe(200);
  return signed.json() as { status: string; version: number };
}
