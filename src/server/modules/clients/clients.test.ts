// Client records through the HTTP API, on every test database: fields, encryption at rest, role
// filtering, the never-partial list (search, sort, pages), CSV import and export.
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPractice, joinColleague, joinStaffRoles, type Colleague, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';

/** Fails any query that reads from `table` while armed: a database failure in the middle of a request. */
class FailingTable implements KyselyPlugin {
  armed: string | null = null;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.armed && JSON.stringify(args.node as OperationNode).includes(`"name":"${this.armed}"`)) {
      throw new Error('injected database failure');
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}


describe.each(testDialects())('clients on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture & { totpSecret?: string };
  const failing = new FailingTable();
  const staff: Record<string, Colleague> = {};

  const colleague = (role: string, name: string) => joinColleague(h, p.owner, role, name);

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true, dbPlugins: [failing] });
    p = await createPractice(h);
    Object.assign(staff, await joinStaffRoles(h, p.owner));
    staff.provider2 = await colleague('provider', 'Quinn Provider');
  });
  afterAll(async () => h?.close());

  const full = {
    firstName: 'Zoë',
    lastName: "O'Brien",
    preferredName: 'Zo',
    pronouns: 'she/her',
    dateOfBirth: '1988-04-17',
    email: 'Zoe.OBrien@Example.test',
    phone: '(415) 555-0134',
    address: { line1: '12 Pine St', city: 'Bend', state: 'OR', postalCode: '97701' },
    emergencyContact: { name: 'Sam OBrien', phone: '+1 415 555 0199', relationship: 'brother' },
    consents: { email: true, sms: false, details: false },
    staffNotes: 'Prefers afternoon sessions.',
  };

  it('adds a client with every field, stored encrypted, read back whole, each step audited', async () => {
    const res = await p.owner.post('/api/clients', { ...full, providerIds: [staff.provider!.id] });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    const got = (await p.owner.get(`/api/clients/${id}`)).json();
    expect(got).toMatchObject({ ...full, phone: '+14155550134', emergencyContact: { ...full.emergencyContact, phone: '+14155550199' }, providerIds: [staff.provider!.id], status: 'active' });
    expect(got.consents).toMatchObject({ email: true, sms: false, details: false, version: '2026-12-06' });
    const row = await h.database.db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    for (const plain of ['Zoë', 'OBrien', "O'Brien", '1988-04-17', 'Pine St', '4155550134', '555-0134', 'afternoon', 'Bend']) expect(stored).not.toContain(plain);
    expect(row.address_state).toBe('OR');
    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'details']).where('resource_id', '=', id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'read']);
  });

  it('refuses to store client records until the practice has accepted its BAA', async () => {
    const q = await createPractice(h);
    await h.database.db.deleteFrom('baa_acceptances').where('practice_id', '=', q.practiceId).execute();
    const res = await q.owner.post('/api/clients', { firstName: 'No', lastName: 'Baa', dateOfBirth: '1990-01-01' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('baa_required');
    expect((await q.owner.get('/api/clients')).json().total).toBe(0);
  });

  it.each([
    ['future date of birth', { dateOfBirth: '2999-01-01' }, 'dateOfBirth'],
    ['impossible date', { dateOfBirth: '2023-02-30' }, 'dateOfBirth'],
    ['badly written date', { dateOfBirth: '17/04/1988' }, 'dateOfBirth'],
    ['malformed email', { email: 'zoe@' }, 'email'],
    ['letters in phone', { phone: 'call me' }, 'phone'],
    ['impossible phone', { phone: '123' }, 'phone'],
    ['unknown state', { address: { line1: '1 A St', city: 'X', state: 'ZZ', postalCode: '12345' } }, 'address.state'],
    ['bad ZIP', { address: { line1: '1 A St', city: 'X', state: 'CA', postalCode: '1234' } }, 'address.postalCode'],
    ['someone else as provider', { providerIds: ['not-a-provider'] }, 'providerIds'],
    ['practice id smuggled in', { practiceId: 'other' }, 'practiceId'],
  ])('rejects %s naming the field, storing nothing', async (_name, patch, field) => {
    const before = (await p.owner.get('/api/clients')).json().total;
    const res = await p.owner.post('/api/clients', { firstName: 'Bad', lastName: 'Input', dateOfBirth: '1990-05-05', ...patch });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe(field);
    expect((await p.owner.get('/api/clients')).json().total).toBe(before);
  });

  describe('roles', () => {
    let assigned: string;
    let other: string;
    beforeAll(async () => {
      assigned = (await p.owner.post('/api/clients', { ...full, firstName: 'Assigned', providerIds: [staff.provider!.id] })).json().id;
      other = (await p.owner.post('/api/clients', { ...full, firstName: 'Other', providerIds: [staff.provider2!.id] })).json().id;
    });

    it("a provider sees their assigned clients only; another's client answers 404", async () => {
      const prov = staff.provider!.actor;
      expect((await prov.get(`/api/clients/${assigned}`)).statusCode).toBe(200);
      expect((await prov.get(`/api/clients/${other}`)).statusCode).toBe(404);
      expect((await prov.patch(`/api/clients/${other}`, { status: 'inactive' })).statusCode).toBe(404);
      const ids = ((await prov.get('/api/clients?limit=100')).json().items as { id: string }[]).map((i) => i.id);
      expect(ids).toContain(assigned);
      expect(ids).not.toContain(other);
    });

    it('a provider sees every client when the practice allows it', async () => {
      expect((await p.owner.patch('/api/practice', { providersSeeAllClients: true })).statusCode).toBe(200);
      expect((await staff.provider!.actor.get(`/api/clients/${other}`)).statusCode).toBe(200);
      await p.owner.patch('/api/practice', { providersSeeAllClients: false });
      expect((await staff.provider!.actor.get(`/api/clients/${other}`)).statusCode).toBe(404);
    });

    it('front desk sees demographics and contact, not notes, and cannot write notes', async () => {
      const fd = staff.front_desk!.actor;
      const got = (await fd.get(`/api/clients/${assigned}`)).json();
      expect(got.phone).toBe('+14155550134');
      expect(got).not.toHaveProperty('staffNotes');
      expect((await fd.patch(`/api/clients/${assigned}`, { staffNotes: 'overwrite' })).statusCode).toBe(403);
      expect((await fd.patch(`/api/clients/${assigned}`, { phone: '415-555-0100' })).statusCode).toBe(200);
      expect((await p.owner.get(`/api/clients/${assigned}`)).json().staffNotes).toBe(full.staffNotes);
    });

    it('billing reads billing fields only and cannot change records', async () => {
      const b = staff.billing!.actor;
      const got = (await b.get(`/api/clients/${assigned}`)).json();
      expect(got.address).toMatchObject({ state: 'OR' });
      expect(got.emergencyContact).toBeNull();
      expect(got).not.toHaveProperty('staffNotes');
      // Withheld, not absent: the answer says which fields this role was not shown.
      expect(got.hiddenFields).toEqual(['emergencyContact', 'staffNotes']);
      expect((await p.owner.get(`/api/clients/${assigned}`)).json().hiddenFields).toEqual([]);
      expect((await staff.front_desk!.actor.get(`/api/clients/${assigned}`)).json().hiddenFields).toEqual(['staffNotes']);
      expect((await b.patch(`/api/clients/${assigned}`, { status: 'inactive' })).statusCode).toBe(403);
      expect((await b.post('/api/clients', { firstName: 'B', lastName: 'B', dateOfBirth: '1990-01-01' })).statusCode).toBe(403);
    });

    it('the compliance officer reads everything and changes nothing', async () => {
      const c = staff.compliance!.actor;
      expect((await c.get(`/api/clients/${other}`)).json().staffNotes).toBe(full.staffNotes);
      expect((await c.patch(`/api/clients/${other}`, { status: 'inactive' })).statusCode).toBe(403);
      expect((await c.get(`/api/clients/${other}`)).json().status).toBe('active');
    });
  });

  describe('the list', () => {
    let q: PracticeFixture;
    const names = [
      ['Ana', 'garcía'],
      ['Bo', 'Garcia'],
      ['Cy', 'Gardner'],
      ['Dee', 'Adams'],
      ['Eli', 'zimmer'],
      ['Fay', 'Young'],
      ['Gus', 'Ng'],
    ];
    beforeAll(async () => {
      q = await createPractice(h);
      for (const [i, [first, last]] of names.entries()) {
        const res = await q.owner.post('/api/clients', {
          firstName: first,
          lastName: last,
          dateOfBirth: '1980-01-01',
          email: `${first!.toLowerCase()}@example.test`,
          phone: `415-555-01${String(i).padStart(2, '0')}`,
          status: i === 6 ? 'discharged' : 'active',
        });
        expect(res.statusCode).toBe(201);
      }
    });

    it('sorts by last name with accents and case folded, and by first name, both ways', async () => {
      const last = ((await q.owner.get('/api/clients?sort=lastName')).json().items as { lastName: string }[]).map((i) => i.lastName);
      expect(last).toEqual(['Adams', 'garcía', 'Garcia', 'Gardner', 'Ng', 'Young', 'zimmer']);
      const desc = ((await q.owner.get('/api/clients?sort=-lastName')).json().items as { lastName: string }[]).map((i) => i.lastName);
      expect(desc).toEqual([...last].reverse());
      // Two clients sharing a name are told apart by the date of birth the list carries.
      expect(((await q.owner.get('/api/clients?sort=lastName&limit=1')).json().items as { dateOfBirth: string }[])[0]!.dateOfBirth).toBe('1980-01-01');
      const first = ((await q.owner.get('/api/clients?sort=firstName')).json().items as { firstName: string }[]).map((i) => i.firstName);
      expect(first).toEqual(['Ana', 'Bo', 'Cy', 'Dee', 'Eli', 'Fay', 'Gus']);
    });

    it('pages with a cursor: every client exactly once, with the exact total on each page', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await q.owner.get(`/api/clients?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        const body = res.json() as { items: { id: string }[]; total: number; nextCursor: string | null };
        expect(body.total).toBe(7);
        seen.push(...body.items.map((i) => i.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
      expect((await q.owner.get('/api/clients?cursor=garbage')).json().error.field).toBe('cursor');
      expect((await q.owner.get('/api/clients?limit=500')).json().error.field).toBe('limit');
    });

    it('filters by status', async () => {
      expect((await q.owner.get('/api/clients?status=discharged')).json()).toMatchObject({ total: 1, items: [{ firstName: 'Gus' }] });
      expect((await q.owner.get('/api/clients?status=active')).json().total).toBe(6);
    });

    it('searches through blind indexes: name prefixes, email, phone in any format', async () => {
      const find = async (term: string) =>
        ((await q.owner.get(`/api/clients?q=${encodeURIComponent(term)}`)).json().items as { firstName: string }[]).map((i) => i.firstName).sort();
      expect(await find('gar')).toEqual(['Ana', 'Bo', 'Cy']);
      expect(await find('GARCI')).toEqual(['Ana', 'Bo']);
      expect(await find('garcía')).toEqual(['Ana', 'Bo']);
      expect(await find('ana gar')).toEqual(['Ana']);
      expect(await find('arcia')).toEqual([]);
      expect(await find('BO@example.test')).toEqual(['Bo']);
      expect(await find('(415) 555-0102')).toEqual(['Cy']);
      expect(await find('+14155550102')).toEqual(['Cy']);
      const audit = await h.database.db.selectFrom('audit_log').select('details').where('practice_id', '=', q.practiceId).where('action', '=', 'search').execute();
      expect(audit.length).toBeGreaterThanOrEqual(8);
      expect(JSON.stringify(audit)).not.toMatch(/gar|example\.test|555/i);
    });

    it('reflects a change made by another instance (a write it did not see)', async () => {
      const before = (await q.owner.get('/api/clients')).json().total;
      // Another instance would bump the version in its own transaction; do exactly that here.
      const row = await h.database.db.selectFrom('clients').select('id').where('practice_id', '=', q.practiceId).executeTakeFirstOrThrow();
      await h.database.db.deleteFrom('clients').where('id', '=', row.id).execute();
      await h.app.services.practices.bumpClientsVersion(h.database.db, q.practiceId);
      expect((await q.owner.get('/api/clients')).json().total).toBe(before - 1);
    });

    it('is never partial: a database failure mid-request is an error, never a short list', async () => {
      // Make the next list request rebuild its index, and fail the second query of that rebuild.
      await q.owner.post('/api/clients', { firstName: 'Hal', lastName: 'Later', dateOfBirth: '1980-01-01' });
      await h.app.services.practices.bumpClientsVersion(h.database.db, q.practiceId);
      failing.armed = 'client_providers';
      const res = await q.owner.get('/api/clients');
      failing.armed = null;
      expect(res.statusCode).toBe(500);
      expect(res.json()).not.toHaveProperty('items');
      expect(res.json().error.code).toBe('internal_error');
      const ok = (await q.owner.get('/api/clients')).json();
      expect(ok.items.length).toBe(ok.total);
    });
  });

  describe('CSV import', () => {
    let q: PracticeFixture;
    beforeAll(async () => {
      q = await createPractice(h);
    });
    const csv = (rows: string[]) => ['firstName,lastName,dateOfBirth,email,phone,state,city,addressLine1,postalCode', ...rows].join('\n');
    const post = (body: string | Buffer, type = 'text/csv') => q.owner.request('POST', '/api/clients/import', body, { 'content-type': type });

    it('imports nothing from a file with any bad row, and reports every bad row', async () => {
      const res = await post(
        csv(['Ann,Lee,1990-01-01,ann@example.test,,,,,', 'Bob,,1990-01-01,,,,,,', 'Cal,Ray,2999-01-01,not-an-email,,ZZ,Town,1 Road,12345']),
      );
      expect(res.statusCode).toBe(422);
      const report = res.json().report;
      expect(report.imported).toBe(0);
      expect(report.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ row: 3, field: 'lastName' }),
          expect.objectContaining({ row: 4, field: 'dateOfBirth' }),
          expect.objectContaining({ row: 4, field: 'email' }),
          expect.objectContaining({ row: 4, field: 'state' }),
        ]),
      );
      expect((await q.owner.get('/api/clients')).json().total).toBe(0);
    });

    it('imports a good file whole, each client audited', async () => {
      const res = await post(csv(['Ann,Lee,1990-01-01,ann@example.test,415-555-0111,CA,Fresno,1 Main St,93650', 'Bob,Ray,1991-02-03,,,,,,', '"Cruz, Jr.",Vega,1985-12-31,,,,,,']));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({ imported: 3, errors: [] });
      const list = (await q.owner.get('/api/clients?sort=firstName')).json();
      expect(list.total).toBe(3);
      expect(list.items.map((i: { firstName: string }) => i.firstName)).toEqual(['Ann', 'Bob', 'Cruz, Jr.']);
      const creates = await h.database.db.selectFrom('audit_log').select('id').where('practice_id', '=', q.practiceId).where('action', '=', 'create').where('resource_type', '=', 'client').execute();
      expect(creates).toHaveLength(3);
    });

    it.each([
      ['a Latin-1 file', Buffer.from('firstName,lastName,dateOfBirth\nJos\xe9,P\xe9rez,1990-01-01\n', 'latin1'), 'text/csv', 400, 'file'],
      ['an unknown column', 'firstName,lastName,dateOfBirth,ssn\nA,B,1990-01-01,123', 'text/csv', 400, 'column:ssn'],
      ['a missing required column', 'firstName,dateOfBirth\nA,1990-01-01', 'text/csv', 400, 'column:lastName'],
      ['ragged rows', 'firstName,lastName,dateOfBirth\nA,B', 'text/csv', 400, 'file'],
      ['an empty file', '', 'text/csv', 400, 'body'],
      ['a mislabelled file', '{"firstName":"A"}', 'application/json', 400, 'body'],
    ])('refuses %s, naming it, importing nothing', async (_n, body, type, status, field) => {
      const before = (await q.owner.get('/api/clients')).json().total;
      const res = await post(body, type);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.field).toBe(field);
      expect((await q.owner.get('/api/clients')).json().total).toBe(before);
    });

    it('reports every problem of every row in one report: a bad phone with its row, beside the other problems', async () => {
      const before = (await q.owner.get('/api/clients')).json().total;
      const res = await post(
        csv([
          'Ann,Lee,1990-01-01,ann@example.test,12,,,,',
          'Bob,,1990-01-01,,555-0100-999-12345,,,,',
          'Cal,Ray,2999-01-01,not-an-email,415-555-0111,ZZ,Town,1 Road,12345',
          'Dee,Fox,31/12/1990,,,,,,',
        ]),
      );
      expect(res.statusCode).toBe(422);
      const errors = res.json().report.errors as { row: number; field: string; column: string; message: string }[];
      const at = (row: number) => errors.filter((e) => e.row === row).map((e) => e.field).sort();
      expect(at(2)).toEqual(['phone']);
      expect(at(3)).toEqual(['lastName', 'phone']);
      expect(at(4)).toEqual(['dateOfBirth', 'email', 'state']);
      expect(at(5)).toEqual(['dateOfBirth']);
      expect(errors.find((e) => e.row === 2)).toMatchObject({ column: 'phone', message: expect.stringMatching(/not a valid phone number/) });
      expect(errors.find((e) => e.row === 3 && e.field === 'lastName')!.message).toBe('is required');
      expect(errors.find((e) => e.row === 5)!.message).toMatch(/MM\/DD\/YYYY/);
      expect((await q.owner.get('/api/clients')).json().total).toBe(before);
    });

    it('accepts common header spellings and US dates (MM/DD/YYYY, M/D/YYYY), stored as YYYY-MM-DD', async () => {
      const fresh = await createPractice(h);
      const body = [
        'First Name,last_name,DOB,E-mail,Phone Number,Zip Code,Street Address,City,State',
        'Ann,Lee,03/04/1990,ann@example.test,(415) 555-0111,93650,1 Main St,Fresno,ca',
        'Bob,Ray,7/9/1985,,,,,,',
        'Cy,Moe,1979-11-30,,,,,,',
      ].join('\r\n');
      const res = await fresh.owner.request('POST', '/api/clients/import', body, { 'content-type': 'text/csv' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().imported).toBe(3);
      const list = (await fresh.owner.get('/api/clients?sort=firstName')).json();
      expect(list.items.map((i: { dateOfBirth: string }) => i.dateOfBirth)).toEqual(['1990-03-04', '1985-07-09', '1979-11-30']);
      const ann = (await fresh.owner.get(`/api/clients/${list.items[0].id}`)).json();
      expect(ann).toMatchObject({ email: 'ann@example.test', phone: '+14155550111', address: { line1: '1 Main St', city: 'Fresno', state: 'CA', postalCode: '93650' } });
      const dup = await fresh.owner.request('POST', '/api/clients/import', 'First Name,firstName,lastName,dob\nA,A,B,1990-01-01', { 'content-type': 'text/csv' });
      expect(dup.statusCode).toBe(400);
      expect(dup.json().error.field).toBe('column:firstName');
    });

    it('takes a file of 4.5 MB (the page says up to 5 MB) and refuses 5.5 MB with a 413 naming the file', async () => {
      const { CLIENT_IMPORT_MAX_BYTES } = await import('../../../shared/clients.js');
      expect(CLIENT_IMPORT_MAX_BYTES).toBe(5 * 1024 * 1024);
      const fresh = await createPractice(h);
      const head = 'firstName,lastName,dateOfBirth,preferredName,email,addressLine1,addressLine2,city,state,postalCode\n';
      const pad = (s: string, n: number) => s + 'x'.repeat(n - s.length);
      const row = (i: number) =>
        `${pad(`F${i}`, 100)},${pad(`L${i}`, 100)},1990-01-01,${pad('P', 100)},${pad(`c${i}.`, 150)}@example.test,${pad(`${i} Main St`, 200)},${pad('Unit', 200)},${pad('Town', 100)},CA,93650\n`;
      const rows = Array.from({ length: 5000 }, (_, i) => row(i));
      const big = head + rows.join('');
      expect(big.length).toBeGreaterThan(4.5 * 1024 * 1024);
      const ok = await fresh.owner.request('POST', '/api/clients/import', big, { 'content-type': 'text/csv' });
      expect(ok.statusCode, ok.body.slice(0, 300)).toBe(201);
      expect(ok.json().imported).toBe(5000);
      // Written in chunks: a client past the first chunks is found by its name's prefix, and each was audited.
      const found = (await fresh.owner.get(`/api/clients?q=${encodeURIComponent('L4321')}`)).json();
      expect(found.items.map((i: { lastName: string }) => i.lastName)).toEqual([pad('L4321', 100)]);
      const creates = await h.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('practice_id', '=', fresh.practiceId).where('action', '=', 'create').where('details', 'like', '%csv_import%').executeTakeFirstOrThrow();
      expect(Number(creates.n)).toBe(5000);

      const tooBig = head + rows.join('') + rows.slice(0, 1000).join('');
      expect(tooBig.length).toBeGreaterThan(5.5 * 1024 * 1024);
      const refused = await fresh.owner.request('POST', '/api/clients/import', tooBig, { 'content-type': 'text/csv' });
      expect(refused.statusCode).toBe(413);
      expect(refused.json().error).toMatchObject({ code: 'payload_too_large', field: 'file' });
      expect(refused.json().error.message).toMatch(/5 MB/);
    }, 120_000);
  });

  it('exports a record as JSON and PDF, audited', async () => {
    const { id } = (await p.owner.post('/api/clients', full)).json();
    const json = await p.owner.get(`/api/clients/${id}/export.json`);
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toBe(`attachment; filename="client-${id}.json"`);
    expect(JSON.parse(json.body)).toMatchObject({ id, firstName: 'Zoë' });
    const pdf = await p.owner.get(`/api/clients/${id}/export.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const exports = await h.database.db.selectFrom('audit_log').select(['details', 'resource_type']).where('resource_id', '=', id).where('action', '=', 'export').execute();
    expect(exports.filter((e) => e.resource_type === 'client').map((e) => JSON.parse(e.details!).format).sort()).toEqual(['json', 'pdf']);
    // Each record section's export is audited by its module (the notes' section here).
    expect(exports.filter((e) => e.resource_type === 'client_notes')).toHaveLength(2);
    expect(JSON.parse(json.body).sections).toEqual([
      { name: 'notes', title: 'Progress notes', items: [] },
      { name: 'forms', title: 'Intake and consent forms', items: [] },
      { name: 'measures', title: 'Measures', items: [] },
      { name: 'treatment_plans', title: 'Treatment plans', items: [] },
    ]);
  });
});
