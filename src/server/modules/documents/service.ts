// Client documents: upload (type sniffed from the content, size-limited), list, download and
// delete. Each file is encrypted whole under its own key, wrapped with the practice's data key;
// names are encrypted like any PHI field. Every upload, list, download and delete is audited,
// never with the file's name.
import { createHash, randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { IntegrityError, type FieldRef } from '../../crypto/envelope.js';
import { AppError, invalid, notFound } from '../../errors.js';
import { clientInvalid } from '../../i18n/errors.js';
import { iso } from '../../lib/clock.js';
import type { DocumentContentType, DocumentInfo, DocumentList, DocumentUploader } from '../../../shared/documents.js';
import type { MessageAttachment } from '../../../shared/messages.js';
import { roleCan, STAFF_ROLES, type StaffRole } from '../../../shared/roles.js';
import type { AuditEvent } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { ClientService } from '../clients/index.js';
import type { PracticeService } from '../practices/index.js';
import type { BlobStore } from './blob-store.js';
import { newBlobKey } from './blob-store.js';
import { newFileKey, openFile, sealFile } from './file-crypto.js';
import * as repo from './repo.js';
import { checkFile, checkFilename, filenameFromHeader } from './upload-input.js';

/** Documents may be clinical (assessments, letters): billing reads what invoices need, not these. */
const DOCUMENT_READERS: ReadonlySet<StaffRole> = new Set(STAFF_ROLES.filter((r) => roleCan(r, 'documents.read')));

const TABLE = 'documents';
const ref = (rowId: string, column: string): FieldRef => ({ table: TABLE, column, rowId });

/** Who acts in an id-based call (the portal, messaging): a client, or staff. */
export interface DocumentActor extends DocumentUploader {
  meta?: RequestMeta;
}

export interface DownloadedDocument {
  info: DocumentInfo;
  bytes: Buffer;
}

type Who = Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'>;

export class DocumentService {
  constructor(
    private readonly ctx: AppContext,
    private readonly clients: ClientService,
    private readonly practices: PracticeService,
    private readonly blobs: BlobStore,
  ) {}

  private staff(s: ResolvedSession, meta: RequestMeta): Who {
    return { actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, ip: meta.ip, userAgent: meta.userAgent };
  }

  private byActor(practiceId: string, a: DocumentActor): Who {
    return {
      actor: { type: a.type === 'staff' ? 'user' : 'client', id: a.id },
      practiceId,
      ip: a.meta?.ip ?? null,
      userAgent: a.meta?.userAgent ?? null,
    };
  }

  /** Refuses (403, audited) a role that may not read documents, even though it may read clients. */
  private async assertReader(s: ResolvedSession, meta: RequestMeta, clientId: string): Promise<void> {
    if (DOCUMENT_READERS.has(s.session.active_role as StaffRole)) return;
    await this.ctx.audit.record({
      ...this.staff(s, meta),
      action: 'access_denied',
      resource: { type: 'client_documents', id: clientId },
      outcome: 'denied',
      details: { role: s.session.active_role },
    });
    throw new AppError('forbidden', 403, 'Your active role does not allow reading client documents');
  }

  private async assertClientOf(practiceId: string, clientId: string): Promise<void> {
    if (!(await this.clients.inPractice(practiceId, clientId))) throw notFound('Client');
  }

  private async info(row: repo.DocumentRow): Promise<DocumentInfo> {
    return {
      id: row.id,
      name: await this.ctx.crypto.decrypt(ref(row.id, 'name_enc'), row.name_enc),
      size: Number(row.size_bytes),
      contentType: row.content_type as DocumentContentType,
      sha256: row.sha256,
      createdAt: iso(row.created_at),
      uploadedBy: { type: row.uploaded_by_type, id: row.uploaded_by_id },
      sharedWithClient: row.shared_with_client === 1 || row.uploaded_by_type === 'client',
    };
  }

  /** What the client may open in the portal: their own uploads, what staff shared, and what a message sent them. */
  private async visibleToClient(row: repo.DocumentRow): Promise<boolean> {
    return Number(row.shared_with_client) === 1 || row.uploaded_by_type === 'client' || (await repo.attachedToMessage(this.ctx.db, row.id));
  }

  // ---- upload ----

  /**
   * A staff upload: the raw X-Filename header and body, checked only once the client is visible.
   * It is listed in the client's portal only when the uploader chose `share`.
   */
  async upload(s: ResolvedSession, clientId: string, input: { filenameHeader: string | string[] | undefined; body: unknown; share?: boolean }, meta: RequestMeta): Promise<DocumentInfo> {
    const pid = s.user.practiceId;
    await this.practices.assertBaaAccepted(pid);
    await this.clients.assertVisible(s, clientId);
    if (!Buffer.isBuffer(input.body)) {
      throw new AppError('unsupported_media_type', 415, 'content-type: send the file itself as application/octet-stream', 'content-type');
    }
    const name = filenameFromHeader(input.filenameHeader);
    return this.store(pid, clientId, { type: 'staff', id: s.user.id }, name, input.body, this.staff(s, meta), 'staff', input.share === true);
  }

  /**
   * An upload on a client's behalf (the portal, or a message attachment), or a file shared in a
   * call with the client; the caller has authenticated the client. The client sees it.
   */
  async uploadForClient(input: {
    practiceId: string;
    clientId: string;
    uploadedBy: DocumentUploader;
    filename: string;
    bytes: Buffer;
    via?: 'portal' | 'message';
    meta?: RequestMeta;
  }): Promise<DocumentInfo> {
    await this.practices.assertBaaAccepted(input.practiceId);
    await this.assertClientOf(input.practiceId, input.clientId);
    const name = checkFilename(input.filename);
    const who = this.byActor(input.practiceId, { ...input.uploadedBy, ...(input.meta ? { meta: input.meta } : {}) });
    return this.store(input.practiceId, input.clientId, input.uploadedBy, name, input.bytes, who, input.via ?? 'portal', true);
  }

  private async store(pid: string, clientId: string, uploadedBy: DocumentUploader, name: string, bytes: Buffer, who: Who, via: string, shared: boolean): Promise<DocumentInfo> {
    const contentType = checkFile(name, bytes);
    const id = randomUUID();
    const blobKey = newBlobKey();
    const fileKey = newFileKey();
    const now = this.ctx.clock.now();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const row: repo.DocumentRow = {
      id,
      practice_id: pid,
      client_id: clientId,
      name_enc: await this.ctx.crypto.encrypt(pid, ref(id, 'name_enc'), name),
      content_type: contentType,
      size_bytes: bytes.length,
      sha256,
      blob_key: blobKey,
      // The crypto module wraps the file key: rotation and row binding work as for any field.
      file_key_enc: await this.ctx.crypto.encrypt(pid, ref(id, 'file_key_enc'), fileKey.toString('base64')),
      uploaded_by_type: uploadedBy.type,
      uploaded_by_id: uploadedBy.id,
      created_at: now,
      shared_with_client: shared ? 1 : 0,
    };
    const sealed = sealFile(fileKey, id, bytes);
    fileKey.fill(0);
    // The blob first: a row never points at nothing. If the row fails, the blob goes again.
    await this.blobs.put(blobKey, sealed);
    try {
      await this.ctx.db.transaction().execute(async (tx) => {
        await repo.insertDocument(tx, row);
        await this.ctx.audit.record(
          { ...who, action: 'create', resource: { type: 'document', id }, outcome: 'success', details: { clientId, via, contentType, size: bytes.length, shared } },
          tx,
        );
      });
    } catch (err) {
      await this.blobs.delete(blobKey).catch(() => undefined);
      throw err;
    }
    return { id, name, size: bytes.length, contentType, sha256, createdAt: iso(now), uploadedBy, sharedWithClient: shared || uploadedBy.type === 'client' };
  }

  // ---- sharing ----

  /** Shares a staff upload with the client in the portal, or takes it back (audited). */
  async setShared(s: ResolvedSession, clientId: string, docId: string, shared: boolean, meta: RequestMeta): Promise<DocumentInfo> {
    const pid = s.user.practiceId;
    await this.practices.assertBaaAccepted(pid);
    await this.assertReader(s, meta, clientId);
    await this.clients.assertVisible(s, clientId);
    const row = await repo.findDocument(this.ctx.db, pid, clientId, docId);
    if (!row) throw notFound('Document');
    if (row.uploaded_by_type === 'client') {
      throw invalid('sharedWithClient', 'the client uploaded this document; it stays in their portal');
    }
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.setShared(tx, row.id, shared);
      await this.ctx.audit.record({ ...this.staff(s, meta), action: 'update', resource: { type: 'document', id: row.id }, outcome: 'success', details: { clientId, sharedWithClient: shared } }, tx);
    });
    return this.info({ ...row, shared_with_client: shared ? 1 : 0 });
  }

  // ---- list ----

  async list(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<DocumentList> {
    await this.assertReader(s, meta, clientId);
    await this.clients.assertVisible(s, clientId);
    return this.listOf(s.user.practiceId, clientId, this.staff(s, meta));
  }

  /** A client's documents for an id-based caller (the portal). */
  async listForClient(input: { practiceId: string; clientId: string; actor: DocumentActor }): Promise<DocumentList> {
    await this.assertClientOf(input.practiceId, input.clientId);
    return this.listOf(input.practiceId, input.clientId, this.byActor(input.practiceId, input.actor));
  }

  private async listOf(pid: string, clientId: string, who: Who): Promise<DocumentList> {
    const rows = await repo.listDocuments(this.ctx.db, pid, clientId, { portal: who.actor.type === 'client' });
    const items = await Promise.all(rows.map((r) => this.info(r)));
    await this.ctx.audit.record({ ...who, action: 'read', resource: { type: 'client_documents', id: clientId }, outcome: 'success', details: { returned: items.length } });
    return { items };
  }

  // ---- download ----

  async download(s: ResolvedSession, clientId: string, docId: string, meta: RequestMeta): Promise<DownloadedDocument> {
    await this.assertReader(s, meta, clientId);
    await this.clients.assertVisible(s, clientId);
    return this.read(s.user.practiceId, clientId, docId, this.staff(s, meta));
  }

  /** A document's bytes for an id-based caller (the portal, messaging). */
  async readForClient(input: { practiceId: string; clientId: string; docId: string; actor: DocumentActor }): Promise<DownloadedDocument> {
    await this.assertClientOf(input.practiceId, input.clientId);
    return this.read(input.practiceId, input.clientId, input.docId, this.byActor(input.practiceId, input.actor));
  }

  private async read(pid: string, clientId: string, docId: string, who: Who): Promise<DownloadedDocument> {
    const row = await repo.findDocument(this.ctx.db, pid, clientId, docId);
    // A document not shared with the client answers the portal exactly like a missing one.
    if (!row || (who.actor.type === 'client' && !(await this.visibleToClient(row)))) throw notFound('Document');
    const info = await this.info(row);
    const fileKey = Buffer.from(await this.ctx.crypto.decrypt(ref(row.id, 'file_key_enc'), row.file_key_enc), 'base64');
    const blob = await this.blobs.get(row.blob_key);
    const bytes = blob && fileKey.length === 32 ? openFile(fileKey, row.id, blob) : null;
    fileKey.fill(0);
    if (!bytes || bytes.length !== Number(row.size_bytes) || createHash('sha256').update(bytes).digest('hex') !== row.sha256) {
      // Never garbled or partial bytes: a missing, tampered or swapped blob is a security event.
      await this.ctx.audit.record({
        ...who,
        action: 'integrity_failure',
        resource: { type: 'document', id: row.id },
        outcome: 'failure',
        details: { column: 'blob', clientId, reason: blob ? 'authentication_failed' : 'missing' },
      });
      throw new IntegrityError(ref(row.id, 'blob'));
    }
    await this.ctx.audit.record({ ...who, action: 'read', resource: { type: 'document', id: row.id }, outcome: 'success', details: { format: 'download', clientId } });
    return { info, bytes };
  }

  // ---- attached to messages ----

  /**
   * Checks, in the caller's transaction, that a message may carry these documents: each one a
   * document of this practice's client and, when a client writes, one their own portal account
   * uploaded (a client shares their own files; what staff uploaded is not theirs to pass on).
   * Any other id (another client's, another practice's, a deleted one, a staff upload for a
   * client) gets the same 400 naming `documentIds.N`, so the answer says nothing about it.
   */
  async assertAttachable(db: DbOrTx, input: { practiceId: string; clientId: string; documentIds: readonly string[]; by: DocumentUploader }): Promise<void> {
    const rows = await repo.findDocuments(db, input.practiceId, input.clientId, input.documentIds);
    const ok = new Set(rows.filter((r) => input.by.type === 'staff' || (r.uploaded_by_type === 'client' && r.uploaded_by_id === input.by.id)).map((r) => r.id));
    const bad = input.documentIds.findIndex((id) => !ok.has(id));
    if (bad >= 0) {
      const field = `documentIds.${bad}`;
      throw input.by.type === 'client' ? clientInvalid(field, 'errors.documents.notYours', { field }) : invalid(field, "is not one of this client's documents");
    }
  }

  /**
   * What messages show of the documents they carry (names decrypted for the reader). Documents no
   * longer there are absent. The caller has checked the reader may see the client's thread.
   */
  async attachmentInfo(practiceId: string, clientId: string, documentIds: readonly string[]): Promise<Map<string, MessageAttachment>> {
    const rows = await repo.findDocuments(this.ctx.db, practiceId, clientId, [...new Set(documentIds)]);
    const out = new Map<string, MessageAttachment>();
    for (const r of rows) {
      out.set(r.id, { id: r.id, name: await this.ctx.crypto.decrypt(ref(r.id, 'name_enc'), r.name_enc), contentType: r.content_type, size: Number(r.size_bytes) });
    }
    return out;
  }

  // ---- delete ----

  async remove(s: ResolvedSession, clientId: string, docId: string, meta: RequestMeta): Promise<void> {
    const pid = s.user.practiceId;
    await this.clients.assertVisible(s, clientId);
    const row = await repo.findDocument(this.ctx.db, pid, clientId, docId);
    if (!row) throw notFound('Document');
    await this.ctx.db.transaction().execute(async (tx) => {
      const gone = await repo.deleteDocument(tx, row.id);
      if (Number(gone.numDeletedRows) !== 1) throw notFound('Document');
      await this.ctx.audit.record({ ...this.staff(s, meta), action: 'delete', resource: { type: 'document', id: row.id }, outcome: 'success', details: { clientId } }, tx);
    });
    // With the row went the file's key, so a blob left behind by a failure here is unreadable.
    await this.blobs.delete(row.blob_key).catch((err: Error) => this.ctx.log.error({ err: { type: err.name } }, 'could not remove a deleted document blob'));
  }
}
