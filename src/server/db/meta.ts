// The platform's key/value table (`meta`): no module owns it, so modules reach it through these two
// functions rather than by name (db/table-ownership.test.ts).
import type { DbOrTx } from './index.js';

/** The value stored under `key`, if any. */
export async function metaValue(db: DbOrTx, key: string): Promise<string | undefined> {
  return (await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

/** Stores `value` under `key` unless a value is already there (the first writer wins); returns the stored value. */
export async function metaValueOnce(db: DbOrTx, key: string, value: string): Promise<string> {
  const before = await metaValue(db, key);
  if (before !== undefined) return before;
  await db
    .insertInto('meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await metaValue(db, key))!;
}
