// Client documents through the HTTP API, on every test database: upload, list and download of real
// files, content sniffing, size limit, encryption at rest (neither bytes nor names on disk),
// tamper detection, practice isolation, roles, and the audit trail.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPractice, joinStaffRoles, type Actor, type Colleague, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { MAX_DOCUMENT_BYTES } from '../../../shared/documents.js';
import { sniff, zipEntryNames } from './sniff.js';

// ---- real small files ----

const CANARY = 'HEARTH-DOC-CANARY-7f3a';

/** A one-page PDF whose text is the canary (a valid file: xref offsets computed). */
function tinyPdf(): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${CANARY}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// A 1x1 red PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const byte of b) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A ZIP with every entry stored (no compression): enough for a minimal Word document. */
function storedZip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameB = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameB.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameB.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameB, data);
    centrals.push(central, nameB);
    offset += local.length + nameB.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

function tinyDocx(): Buffer {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  return storedZip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    ['word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>${CANARY}</w:t></w:r></w:p></w:body></w:document>`],
  ]);
}

describe('content sniffing', () => {
  it('recognises each supported type from its bytes and nothing else', () => {
    expect(sniff(tinyPdf())).toBe('application/pdf');
    expect(sniff(PNG)).toBe('image/png');
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(sniff(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBe('image/gif');
    expect(sniff(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    const heic = Buffer.alloc(24);
    heic.writeUInt32BE(24, 0);
    heic.write('ftypheic\0\0\0\0mif1heic', 4, 'latin1');
    expect(sniff(heic)).toBe('image/heic');
    expect(sniff(tinyDocx())).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from('WordDocument', 'utf16le')]);
    expect(sniff(ole)).toBe('application/msword');
    // An OLE container without a Word stream (a spreadsheet), a ZIP that is not Word, an executable.
    expect(sniff(ole.subarray(0, 512))).toBeNull();
    expect(sniff(storedZip([['[Content_Types].xml', '<Types/>'], ['xl/workbook.xml', '<x/>']]))).toBeNull();
    expect(sniff(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).toBeNull();
    expect(sniff(Buffer.from('hello'))).toBeNull();
  });

  it('reads ZIP entry names from the central directory and refuses a truncated one', () => {
    const zip = tinyDocx();
    expect([...zipEntryNames(zip)!]).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    expect(zipEntryNames(zip.subarray(0, zip.length - 5))).toBeNull();
    expect(zipEntryNames(Buffer.from('PK\x03\x04', 'latin1'))).toBeNull();
  });
});


describe.each(testDialects())('documents on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture;
  let other: PracticeFixture;
  let clientId: string;
  const staff: Record<string, Colleague> = {};

  const upload = (actor: Actor, client: string, name: string, bytes: Buffer) =>
    actor.request('POST', `/api/clients/${client}/documents`, bytes, { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(name) });

  const docRow = (id: string) => h.database.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const blobFile = (blobKey: string) => path.join(h.dir, 'documents', blobKey.slice(0, 2), blobKey);
  const auditOf = (id: string) =>
    h.database.db.selectFrom('audit_log').selectAll().where('resource_id', '=', id).orderBy('seq').execute();

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true });
    p = await createPractice(h);
    other = await createPractice(h);
    Object.assign(staff, await joinStaffRoles(h, p.owner));
    const res = await p.owner.post('/api/clients', { firstName: 'Dana', lastName: 'Doc', dateOfBirth: '1985-03-03', providerIds: [staff.provider!.id] });
    expect(res.statusCode, res.body).toBe(201);
    clientId = res.json().id;
  });
  afterAll(async () => h?.close());

  it.each([
    ['a PDF', 'Intake – Dana’s assessment.pdf', tinyPdf, 'application/pdf'],
    ['a PNG', 'insurance card.png', () => PNG, 'image/png'],
    ['a Word document', 'Referral letter.DOCX', tinyDocx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ])('uploads, lists and downloads %s byte for byte, stored encrypted and audited without its name', async (_what, name, make, type) => {
    const bytes = make();
    const res = await upload(p.owner, clientId, name, bytes);
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    expect(doc).toMatchObject({ name, size: bytes.length, contentType: type, uploadedBy: { type: 'staff', id: p.userId } });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);

    const list = await p.owner.get(`/api/clients/${clientId}/documents`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toContainEqual(doc);

    const dl = await p.owner.get(`/api/clients/${clientId}/documents/${doc.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(bytes)).toBe(true);
    expect(dl.headers['content-type']).toBe(type);
    expect(dl.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.headers['cache-control']).toBe('no-store');

    // At rest: the row holds neither the name nor the key in clear; the blob holds neither bytes nor name.
    const row = await docRow(doc.id);
    expect(JSON.stringify(row)).not.toContain(name);
    expect(row.content_type).toBe(type);
    const blob = readFileSync(blobFile(row.blob_key));
    expect(blob.includes(bytes)).toBe(false);
    expect(blob.includes(Buffer.from(CANARY))).toBe(false);
    expect(blob.includes(Buffer.from(name, 'utf8'))).toBe(false);
    expect(blob.includes(Buffer.from(name, 'utf16le'))).toBe(false);
    expect(blob.includes(bytes.subarray(0, 16))).toBe(false);
    expect(readdirSync(path.join(h.dir, 'documents'), { recursive: true }).map(String).some((f) => f.includes(name) || f.includes(doc.id))).toBe(false);
    expect(statSync(path.join(h.dir, 'documents')).mode & 0o777).toBe(0o700);

    const audit = await auditOf(doc.id);
    expect(audit.map((a) => [a.action, a.outcome, a.actor_id])).toEqual([
      ['create', 'success', p.userId],
      ['read', 'success', p.userId],
    ]);
    expect(JSON.parse(audit[1]!.details!)).toMatchObject({ format: 'download', clientId });
    expect(JSON.stringify(audit)).not.toContain(name);
    expect(JSON.stringify(audit)).not.toContain(CANARY);
  });

  it('stores a staff upload as not shared with the client unless chosen; rows from before the choice existed stay shared', async () => {
    const quiet = (await upload(p.owner, clientId, 'quiet.pdf', tinyPdf())).json();
    expect(quiet.sharedWithClient).toBe(false);
    expect((await docRow(quiet.id)).shared_with_client).toBe(0);
    const audit = await auditOf(quiet.id);
    expect(JSON.parse(audit[0]!.details!)).toMatchObject({ via: 'staff', shared: false });
    // A row written without the column (as every row was before the migration) takes its default: shared.
    const { shared_with_client: _omitted, ...old } = await docRow(quiet.id);
    const oldId = `${quiet.id}-old`;
    await h.database.db.insertInto('documents').values({ ...old, id: oldId, blob_key: `${old.blob_key}-old` } as never).execute();
    expect(Number((await docRow(oldId)).shared_with_client)).toBe(1);
    await h.database.db.deleteFrom('documents').where('id', '=', oldId).execute();
  });

  it('audits the list as a read of the client’s documents', async () => {
    await p.owner.get(`/api/clients/${clientId}/documents`);
    const rows = await h.database.db.selectFrom('audit_log').selectAll().where('resource_type', '=', 'client_documents').where('resource_id', '=', clientId).execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.action === 'read' && r.outcome === 'success')).toBe(true);
  });

  it.each([
    ['a PNG named .pdf', 'scan.pdf', () => PNG, /PNG/],
    ['a PDF named .docx', 'letter.docx', tinyPdf, /PDF/],
    ['an executable named .pdf', 'invoice.pdf', () => Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(200, 0x41)]), /only PDFs/],
    ['a ZIP that is not a Word document named .docx', 'notes.docx', () => storedZip([['a.txt', 'hi']]), /only PDFs/],
    ['a PDF with no extension', 'scan', tinyPdf, /must end in \.pdf/],
  ])('refuses %s with 415 naming the file, storing nothing', async (_what, name, make, message) => {
    const before = (await h.database.db.selectFrom('documents').select('id').execute()).length;
    const res = await upload(p.owner, clientId, name, make());
    expect(res.statusCode, res.body).toBe(415);
    expect(res.json().error).toMatchObject({ code: 'unsupported_media_type', field: 'file' });
    expect(res.json().error.message).toMatch(message);
    expect((await h.database.db.selectFrom('documents').select('id').execute()).length).toBe(before);
  });

  it('words a refused file in the language the page asks for (clients upload on the portal and in calls)', async () => {
    const es = { 'content-type': 'application/octet-stream', 'x-filename': 'scan.pdf', 'accept-language': 'es' };
    const spanish = await p.owner.request('POST', `/api/clients/${clientId}/documents`, PNG, es);
    expect([spanish.statusCode, spanish.json().error]).toEqual([415, { code: 'unsupported_media_type', field: 'file', message: 'El archivo es una imagen PNG, así que su nombre debe terminar en .png.' }]);
    expect((await upload(p.owner, clientId, 'scan.pdf', PNG)).json().error.message).toBe('file: the file is a PNG image, so its name must end in .png');
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect((await upload(p.owner, clientId, 'photo.png', jpeg)).json().error.message).toBe('file: the file is a JPEG image, so its name must end in .jpg or .jpeg');
    expect((await p.owner.request('POST', `/api/clients/${clientId}/documents`, jpeg, { ...es, 'x-filename': 'photo.png' })).json().error.message).toBe('El archivo es una imagen JPEG, así que su nombre debe terminar en .jpg o .jpeg.');
    expect((await p.owner.request('POST', `/api/clients/${clientId}/documents`, Buffer.alloc(0), es)).json().error.message).toBe('El archivo está vacío.');
  });

  it('refuses a file over 20 MiB with 413 naming the file, and an empty one with 400', async () => {
    const big = Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20);
    big.write('%PDF-1.4\n', 0, 'latin1');
    const res = await upload(p.owner, clientId, 'huge.pdf', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'payload_too_large', field: 'file' });
    const empty = await upload(p.owner, clientId, 'empty.pdf', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.field).toBe('file');
  });

  it.each([
    ['a missing name', undefined],
    ['a path', encodeURIComponent('../../etc/passwd.pdf')],
    ['a Windows path', encodeURIComponent('C:\\scans\\a.pdf')],
    ['a name over 200 characters', encodeURIComponent(`${'a'.repeat(200)}.pdf`)],
    ['a control character', encodeURIComponent('a\u0007.pdf')],
    ['broken percent-encoding', '%E0%A4%A.pdf'],
  ])('refuses %s with 400 naming the filename', async (_what, header) => {
    const res = await p.owner.request('POST', `/api/clients/${clientId}/documents`, tinyPdf(), {
      'content-type': 'application/octet-stream',
      ...(header === undefined ? {} : { 'x-filename': header }),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.field).toBe('filename');
  });

  it('refuses a JSON body with 415', async () => {
    const res = await p.owner.post(`/api/clients/${clientId}/documents`, { file: 'x' }, { 'x-filename': 'a.pdf' });
    expect(res.statusCode).toBe(415);
  });

  it('answers a tampered blob with 500 integrity_error and an integrity_failure audit record, never bytes', async () => {
    const doc = (await upload(p.owner, clientId, 'tamper.pdf', tinyPdf())).json();
    const file = blobFile((await docRow(doc.id)).blob_key);
    const blob = readFileSync(file);
    const at = blob.length - 40;
    blob[at] = blob[at]! ^ 0x01;
    writeFileSync(file, blob);
    const res = await p.owner.get(`/api/clients/${clientId}/documents/${doc.id}`);
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('integrity_error');
    expect(res.body).not.toContain(CANARY);
    const audit = await auditOf(doc.id);
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([
      ['create', 'success'],
      ['integrity_failure', 'failure'],
    ]);
    expect(JSON.stringify(audit)).not.toContain('tamper.pdf');
  });

  it('answers a blob moved onto another document as an integrity error too', async () => {
    const a = (await upload(p.owner, clientId, 'a.pdf', tinyPdf())).json();
    const b = (await upload(p.owner, clientId, 'b.png', PNG)).json();
    writeFileSync(blobFile((await docRow(b.id)).blob_key), readFileSync(blobFile((await docRow(a.id)).blob_key)));
    expect((await p.owner.get(`/api/clients/${clientId}/documents/${b.id}`)).json().error.code).toBe('integrity_error');
  });

  it('deletes a document and its blob, audited; it is gone afterwards', async () => {
    const name = 'to delete.png';
    const doc = (await upload(p.owner, clientId, name, PNG)).json();
    const file = blobFile((await docRow(doc.id)).blob_key);
    expect(statSync(file).isFile()).toBe(true);
    const res = await p.owner.del(`/api/clients/${clientId}/documents/${doc.id}`);
    expect(res.statusCode).toBe(204);
    expect(() => statSync(file)).toThrow();
    expect((await p.owner.get(`/api/clients/${clientId}/documents/${doc.id}`)).statusCode).toBe(404);
    expect((await p.owner.del(`/api/clients/${clientId}/documents/${doc.id}`)).statusCode).toBe(404);
    expect(((await p.owner.get(`/api/clients/${clientId}/documents`)).json().items as { id: string }[]).map((i) => i.id)).not.toContain(doc.id);
    const audit = await auditOf(doc.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
    expect(JSON.stringify(audit)).not.toContain(name);
  });

  it("answers another practice's owner 404 on every document route, changing nothing", async () => {
    const doc = (await upload(p.owner, clientId, 'private.pdf', tinyPdf())).json();
    const o = other.owner;
    const results = [
      await o.get(`/api/clients/${clientId}/documents`),
      await o.get(`/api/clients/${clientId}/documents/${doc.id}`),
      await o.del(`/api/clients/${clientId}/documents/${doc.id}`),
      await upload(o, clientId, 'planted.pdf', tinyPdf()),
    ];
    expect(results.map((r) => r.statusCode)).toEqual([404, 404, 404, 404]);
    // Nor through a client of their own with our document id.
    const theirs = (await o.post('/api/clients', { firstName: 'T', lastName: 'Heirs', dateOfBirth: '1990-01-01' })).json().id;
    expect((await o.get(`/api/clients/${theirs}/documents/${doc.id}`)).statusCode).toBe(404);
    expect((await o.del(`/api/clients/${theirs}/documents/${doc.id}`)).statusCode).toBe(404);
    expect((await p.owner.get(`/api/clients/${clientId}/documents/${doc.id}`)).statusCode).toBe(200);
  });

  it('denies billing (403) on every document route: documents may be clinical', async () => {
    const doc = (await upload(p.owner, clientId, 'clinical.pdf', tinyPdf())).json();
    const b = staff.billing!.actor;
    expect((await b.get(`/api/clients/${clientId}/documents`)).statusCode).toBe(403);
    expect((await b.get(`/api/clients/${clientId}/documents/${doc.id}`)).statusCode).toBe(403);
    expect((await upload(b, clientId, 'x.pdf', tinyPdf())).statusCode).toBe(403);
    expect((await b.del(`/api/clients/${clientId}/documents/${doc.id}`)).statusCode).toBe(403);
    const denied = await h.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('actor_id', '=', staff.billing!.id)
      .where('action', '=', 'access_denied')
      .execute();
    expect(denied.length).toBe(4);
  });

  it('lets front desk upload and read, compliance read only, and a provider only their assigned clients', async () => {
    const fd = staff.front_desk!.actor;
    const doc = (await upload(fd, clientId, 'consent form.pdf', tinyPdf())).json();
    expect(doc.uploadedBy).toEqual({ type: 'staff', id: staff.front_desk!.id });
    const c = staff.compliance!.actor;
    expect((await c.get(`/api/clients/${clientId}/documents/${doc.id}`)).statusCode).toBe(200);
    expect((await upload(c, clientId, 'x.pdf', tinyPdf())).statusCode).toBe(403);
    expect((await c.del(`/api/clients/${clientId}/documents/${doc.id}`)).statusCode).toBe(403);
    expect((await staff.provider!.actor.get(`/api/clients/${clientId}/documents/${doc.id}`)).statusCode).toBe(200);
    const unassigned = (await p.owner.post('/api/clients', { firstName: 'Un', lastName: 'Assigned', dateOfBirth: '1990-01-01' })).json().id;
    const hidden = (await upload(p.owner, unassigned, 'hidden.pdf', tinyPdf())).json();
    expect((await staff.provider!.actor.get(`/api/clients/${unassigned}/documents`)).statusCode).toBe(404);
    expect((await staff.provider!.actor.get(`/api/clients/${unassigned}/documents/${hidden.id}`)).statusCode).toBe(404);
    expect((await upload(staff.provider!.actor, unassigned, 'x.pdf', tinyPdf())).statusCode).toBe(404);
  });

  it('refuses uploads until the practice has accepted its BAA', async () => {
    const q = await createPractice(h);
    const id = (await q.owner.post('/api/clients', { firstName: 'B', lastName: 'Aa', dateOfBirth: '1990-01-01' })).json().id;
    await h.database.db.deleteFrom('baa_acceptances').where('practice_id', '=', q.practiceId).execute();
    const res = await upload(q.owner, id, 'a.pdf', tinyPdf());
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('baa_required');
  });

  it('takes uploads on a client’s behalf by ids (portal, messaging), and lists and reads them the same way', async () => {
    const svc = h.app.services.documents;
    const by = { type: 'client' as const, id: 'portal-account-1' };
    const doc = await svc.uploadForClient({ practiceId: p.practiceId, clientId, uploadedBy: by, filename: ' photo of form.jpg ', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), via: 'message' });
    expect(doc).toMatchObject({ name: 'photo of form.jpg', contentType: 'image/jpeg', uploadedBy: by });
    const list = await svc.listForClient({ practiceId: p.practiceId, clientId, actor: by });
    expect(list.items.map((i) => i.id)).toContain(doc.id);
    const read = await svc.readForClient({ practiceId: p.practiceId, clientId, docId: doc.id, actor: by });
    expect([...read.bytes]).toEqual([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    // Staff see it with its uploader.
    const staffView = ((await p.owner.get(`/api/clients/${clientId}/documents`)).json().items as { id: string; uploadedBy: unknown }[]).find((i) => i.id === doc.id);
    expect(staffView?.uploadedBy).toEqual(by);
    const audit = await auditOf(doc.id);
    expect(audit.map((a) => [a.action, a.actor_type, a.actor_id])).toEqual([
      ['create', 'client', by.id],
      ['read', 'client', by.id],
    ]);
    // Ids from another practice answer as missing.
    await expect(svc.readForClient({ practiceId: other.practiceId, clientId, docId: doc.id, actor: by })).rejects.toMatchObject({ code: 'not_found' });
    await expect(svc.listForClient({ practiceId: other.practiceId, clientId, actor: by })).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      svc.uploadForClient({ practiceId: other.practiceId, clientId, uploadedBy: by, filename: 'a.png', bytes: PNG }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(svc.uploadForClient({ practiceId: p.practiceId, clientId, uploadedBy: by, filename: 'a.pdf', bytes: PNG })).rejects.toMatchObject({
      code: 'unsupported_media_type',
      field: 'file',
    });
  });
});
