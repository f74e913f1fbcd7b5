// All SQL for client documents. Plain functions taking the db or a transaction first.
import type { Insertable } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { DocumentsTable } from './table.js';

export type DocumentRow = DocumentsTable;

export const insertDocument = (db: DbOrTx, row: Insertable<DocumentsTable>) => db.insertInto('documents').values(row).execute();

/** A client's documents, newest first; `portal`: only those the client may see there. */
export const listDocuments = (db: DbOrTx, practiceId: string, clientId: string, opts: { portal?: boolean } = {}) =>
  db
    .selectFrom('documents')
    .selectAll()
    .where('practice_id', '=', practiceId)
    .where('client_id', '=', clientId)
    .$if(opts.portal === true, (q) => q.where((eb) => eb.or([eb('shared_with_client', '=', 1), eb('uploaded_by_type', '=', 'client')])))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();

/** One document of this practice's client, or nothing (another practice's answers as missing). */
export const findDocument = (db: DbOrTx, practiceId: string, clientId: string, id: string) =>
  db
    .selectFrom('documents')
    .selectAll()
    .where('practice_id', '=', practiceId)
    .where('client_id', '=', clientId)
    .where('id', '=', id)
    .executeTakeFirst();

/** Those of these documents that belong to this practice's client (ids not found are simply absent). */
export const findDocuments = (db: DbOrTx, practiceId: string, clientId: string, ids: readonly string[]) =>
  ids.length
    ? db.selectFrom('documents').selectAll().where('practice_id', '=', practiceId).where('client_id', '=', clientId).where('id', 'in', [...ids]).execute()
    : Promise.resolve([] as DocumentsTable[]);

export const setShared = (db: DbOrTx, id: string, shared: boolean) => db.updateTable('documents').set({ shared_with_client: shared ? 1 : 0 }).where('id', '=', id).executeTakeFirst();

/** Whether a message of the client's thread carries this document (sending it is sharing it). */
export async function attachedToMessage(db: DbOrTx, documentId: string): Promise<boolean> {
  const row = await db.selectFrom('message_attachments').select('document_id').where('document_id', '=', documentId).executeTakeFirst();
  return row !== undefined;
}

export const deleteDocument = (db: DbOrTx, id: string) => db.deleteFrom('documents').where('id', '=', id).executeTakeFirst();
