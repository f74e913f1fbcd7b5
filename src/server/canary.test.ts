// Canary: unique strings entered through the API must not appear in plaintext anywhere at rest:
// the SQLite file, its WAL, or the logs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_SERIALIZERS, REDACT_PATHS } from './lib/logger.js';
import { Actor, enrolTotp, finishSignup } from './testing/actors.js';
import { createHarness, type Harness } from './testing/harness.js';
import { linkToken } from './testing/smtp.js';

describe('canary strings at rest (SQLite file, WAL, logs)', () => {
  let h: Harness;
  afterAll(async () => h?.close());

  it('finds no canary in any byte of the database files or logs', async () => {
    const tag = `K${Date.now().toString(36)}Q`;
    const canaries = {
      ownerName: `Canaryowner${tag}`,
      email: `canarymail${tag}@example.test`,
      signerTitle: `Canarytitle${tag}`,
      inviteeName: `Canaryinvitee${tag}`,
      inviteeEmail: `canaryinvitee${tag}@example.test`,
      keyName: `Canarykey${tag}`,
      clientFirst: `Canaryclientfirst${tag}`,
      clientLast: `Canaryclientlast${tag}`,
      clientEmail: `canaryclient${tag}@example.test`,
      clientStreet: `Canarystreet${tag}`,
      clientNotes: `Canarynotes${tag}`,
      clientContact: `Canarycontact${tag}`,
      clientPronouns: `canarypronoun${tag}`,
      documentName: `Canarydocname${tag}`,
      documentBody: `Canarydocbody${tag}`,
      messageBody: `Canarymessage${tag}`,
      attachmentName: `Canaryattachment${tag}`,
      contactName: `Canarycontactname${tag}`,
      contactMessage: `Canarycontactmsg${tag}`,
      clientApptFirst: `Canaryapptfirst${tag}`,
      clientApptLast: `Canaryapptlast${tag}`,
      clientApptNote: `Canaryapptnote${tag}`,
      clientCancelReason: `Canarycancel${tag}`,
      progressNote: `Canaryprogress${tag}`,
      psychotherapyNote: `Canarypsycho${tag}`,
      noteAddendum: `Canaryaddendum${tag}`,
      groupNote: `Canarygroup${tag}`,
    };
    const logDir = (await import('node:fs')).mkdtempSync(path.join((await import('node:os')).tmpdir(), 'hearth-log-'));
    const logFile = path.join(logDir, 'server.log');
    const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: LOG_SERIALIZERS }, pino.destination({ dest: logFile, sync: true }));
    h = await createHarness('sqlite', { smtp: true, logger });

    const owner = new Actor(h);
    const signup = await owner.post('/api/practices', {
      practiceName: 'Canary Practice',
      ownerName: canaries.ownerName,
      email: canaries.email,
      password: 'hollow reed whistle 77',
      baa: { accepted: true, version: '2026-11-01', signerName: canaries.ownerName, signerTitle: canaries.signerTitle },
    });
    expect(signup.statusCode).toBe(202);
    await finishSignup(h, owner, canaries.email);
    await enrolTotp(owner);
    const inv = await owner.post('/api/practice/invitations', { email: canaries.inviteeEmail, name: canaries.inviteeName, roles: ['provider'] });
    expect(inv.statusCode).toBe(201);
    const token = linkToken(await h.smtp!.waitFor((m) => m.to.includes(canaries.inviteeEmail.toLowerCase())), '/accept-invite');
    const invitee = new Actor(h);
    expect((await invitee.post('/api/invitations/accept', { token, name: canaries.inviteeName, password: 'copper kettle valley 8' })).statusCode).toBe(201);
    const client = await owner.post('/api/clients', {
      firstName: canaries.clientFirst,
      lastName: canaries.clientLast,
      pronouns: canaries.clientPronouns,
      dateOfBirth: '1977-07-07',
      email: canaries.clientEmail,
      phone: '(541) 555-0177',
      address: { line1: `1 ${canaries.clientStreet} Rd`, city: 'Bend', state: 'OR', postalCode: '97701' },
      emergencyContact: { name: canaries.clientContact, phone: '541-555-0178' },
      staffNotes: canaries.clientNotes,
    });
    expect(client.statusCode).toBe(201);
    const clientId = client.json().id as string;
    expect((await owner.patch(`/api/clients/${clientId}`, { preferredName: canaries.clientFirst.slice(0, 20) })).statusCode).toBe(200);
    expect((await owner.get(`/api/clients?q=${canaries.clientLast.slice(0, 12)}`)).json().total).toBe(1);
    const csv = `firstName,lastName,dateOfBirth,email\n${canaries.clientFirst}b,${canaries.clientLast}b,1979-09-09,b${canaries.clientEmail}\n`;
    expect((await owner.request('POST', '/api/clients/import', csv, { 'content-type': 'text/csv' })).statusCode).toBe(201);
    // A document (its bytes and its name), a message from the client, and a Contact Us request.
    const doc = await owner.request('POST', `/api/clients/${clientId}/documents`, Buffer.from(`%PDF-1.4\n% ${canaries.documentBody}\n%%EOF\n`), {
      'content-type': 'application/octet-stream',
      'x-filename': encodeURIComponent(`${canaries.documentName}.pdf`),
    });
    expect(doc.statusCode, doc.body).toBe(201);
    expect((await owner.get(`/api/clients/${clientId}/documents/${doc.json().id}`)).rawPayload.toString()).toContain(canaries.documentBody);
    await h.app.services.messages.postFromClient({ practiceId: (await owner.get('/api/me')).json().practice.id, clientId, clientAccountId: 'canary-account', body: canaries.messageBody });
    // A reply carrying a document: the thread shows its name, which is stored nowhere in the clear.
    const attached = await owner.request('POST', `/api/clients/${clientId}/documents`, Buffer.from('%PDF-1.4\n%%EOF\n'), {
      'content-type': 'application/octet-stream',
      'x-filename': encodeURIComponent(`${canaries.attachmentName}.pdf`),
    });
    expect((await owner.post(`/api/clients/${clientId}/messages`, { body: '', documentIds: [attached.json().id] })).statusCode).toBe(201);
    expect((await owner.get(`/api/clients/${clientId}/messages`)).body).toContain(canaries.attachmentName);
    const ownerId = (await owner.get('/api/me')).json().user.id as string;
    const service = await owner.post('/api/practice/message-services', { name: 'Front office', memberIds: [ownerId] });
    const profile = await owner.request('PUT', '/api/practice/profile', { slug: `canary-${tag.toLowerCase()}`, displayName: 'Canary Practice', senderName: 'Hearth', contactEnabled: true, contactServiceId: service.json().id });
    expect(profile.statusCode, profile.body).toBe(200);
    const contact = await new Actor(h).post(`/api/public/practices/canary-${tag.toLowerCase()}/contact`, { name: canaries.contactName, email: `contact${tag}@example.test`, message: canaries.contactMessage });
    expect(contact.statusCode).toBe(202);
    // An appointment (with a note, then cancelled with a reason) for a client who gets invitations
    // by mail, and the owner's (a provider's) calendar feed.
    const apptClient = await owner.post('/api/clients', {
      firstName: canaries.clientApptFirst,
      lastName: canaries.clientApptLast,
      dateOfBirth: '1980-08-08',
      email: `appt${tag.toLowerCase()}@example.test`,
      consents: { email: true, sms: false, details: false },
      timeZone: 'America/Chicago',
    });
    expect(apptClient.statusCode, apptClient.body).toBe(201);
    const booked = await owner.post('/api/appointments', {
      clientIds: [apptClient.json().id],
      providerId: ownerId,
      start: new Date(Date.now() + 3 * 24 * 3600_000).toISOString(),
      durationMinutes: 50,
      timeZone: 'America/New_York',
      type: 'video',
      note: canaries.clientApptNote,
      recurrence: 'FREQ=WEEKLY;COUNT=3',
    });
    expect(booked.statusCode, booked.body).toBe(201);
    // The invitation goes first (a cancellation before it went would send neither).
    await h.app.services.pump.drain();
    await h.app.services.notifications.dispatcher.drain();
    expect((await owner.post(`/api/appointments/${booked.json().id}/cancel`, { reason: canaries.clientCancelReason })).statusCode).toBe(200);
    await h.app.services.pump.drain();
    // The invitation and the cancellation are notifications: the dispatcher sends them.
    await h.app.services.notifications.dispatcher.drain();
    expect(h.smtp!.messages.filter((m) => m.to.includes(`appt${tag.toLowerCase()}@example.test`)).map((m) => m.subject)).toEqual(['Your upcoming appointments', 'Your appointment was cancelled']);
    // Clinical notes on that appointment: a signed progress note with an addendum, a psychotherapy note, the shared part.
    const apptId = booked.json().id as string;
    expect((await owner.request('PUT', `/api/appointments/${apptId}/group-note`, { version: 0, fields: { summary: canaries.groupNote } })).statusCode).toBe(200);
    const progress = await owner.post('/api/notes', { appointmentId: apptId, clientId: apptClient.json().id, kind: 'progress', templateId: 'dap', fields: { data: canaries.progressNote, assessment: 'A', plan: 'P' } });
    expect(progress.statusCode, progress.body).toBe(201);
    expect((await owner.post(`/api/notes/${progress.json().id}/sign`, { version: 1 })).statusCode).toBe(200);
    expect((await owner.post(`/api/notes/${progress.json().id}/addenda`, { text: canaries.noteAddendum })).statusCode).toBe(201);
    const psycho = await owner.post('/api/notes', { appointmentId: apptId, clientId: apptClient.json().id, kind: 'psychotherapy', templateId: 'soap', fields: { subjective: canaries.psychotherapyNote } });
    expect(psycho.statusCode, psycho.body).toBe(201);
    expect((await owner.get(`/api/notes/${psycho.json().id}`)).json().fields.subjective).toBe(canaries.psychotherapyNote);
    const feedUrl = new URL((await owner.post('/api/calendar-feeds', {})).json().url as string);
    const feed = await new Actor(h).get(feedUrl.pathname);
    expect(feed.statusCode).toBe(200);
    expect(feed.body.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    for (const [label, value] of Object.entries(canaries)) expect(feed.body.toLowerCase().includes(value.toLowerCase()), `${label} in the calendar feed`).toBe(false);

    // Reads decrypt through the same paths a user would use.
    const users = (await owner.get('/api/practice/users')).json().users as { name: string }[];
    expect(users.map((u) => u.name)).toContain(canaries.inviteeName);
    expect((await owner.post('/api/auth/login', { email: canaries.email, password: 'wrong' })).statusCode).toBe(401);
    await owner.post('/api/auth/password-reset/request', { email: canaries.email });

    const dbFile = h.config.database.dialect === 'sqlite' ? h.config.database.file : '';
    const files = [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, logFile].filter((f) => existsSync(f));
    expect(files).toContain(`${dbFile}-wal`);
    // Everything else in the data directory too, documents included (the master key lives apart in production).
    for (const f of readdirSync(h.dir, { recursive: true }) as string[]) files.push(path.join(h.dir, f));
    expect(files.some((f) => f.includes(`${path.sep}documents${path.sep}`))).toBe(true);
    const hits: string[] = [];
    for (const file of new Set(files)) {
      if (!existsSync(file) || !(await import('node:fs')).statSync(file).isFile()) continue;
      const bytes = readFileSync(file);
      for (const [label, value] of Object.entries(canaries)) {
        for (const form of [value, value.toLowerCase(), Buffer.from(value, 'utf16le').toString('latin1')]) {
          if (bytes.includes(Buffer.from(form, form === value || form === value.toLowerCase() ? 'utf8' : 'latin1'))) hits.push(`${label} in ${path.basename(file)}`);
        }
      }
    }
    expect(readFileSync(logFile, 'utf8').length).toBeGreaterThan(100);
    // Positive control: the practice name is not PHI and is stored as typed, so the scan must see it.
    const control = [dbFile, `${dbFile}-wal`].some((f) => existsSync(f) && readFileSync(f).includes(Buffer.from('Canary Practice')));
    expect(control).toBe(true);
    expect(hits).toEqual([]);

    // Outgoing mail carries no client data at all: not from records, documents, messages or Contact Us.
    expect(h.smtp!.messages.length).toBeGreaterThanOrEqual(4);
    for (const mail of h.smtp!.messages) {
      for (const [label, value] of Object.entries(canaries).filter(([k]) => /^(client|document|attachment|message|contact)/.test(k))) {
        expect(mail.raw.toLowerCase().includes(value.toLowerCase()), `${label} in mail "${mail.subject}"`).toBe(false);
      }
    }

    // Secrets never reach the log: passwords, the session cookie, the CSRF token, link tokens.
    const log = readFileSync(logFile, 'utf8');
    const secrets = { password: 'hollow reed whistle 77', cookie: owner.cookie!.split('=')[1]!, csrf: owner.csrf!, inviteToken: token, feedToken: feedUrl.pathname.split('/').pop()!.replace(/\.ics$/, '') };
    for (const [label, value] of Object.entries(secrets)) expect(log.includes(value), `${label} in log`).toBe(false);
  });
});
