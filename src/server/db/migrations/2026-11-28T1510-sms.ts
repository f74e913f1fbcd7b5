// SMS consent and reply routing. A phone is stored only as a keyed blind index under the
// platform's index key (one phone hashes the same for every practice), never in clear.
// sms_opt_outs: a phone that replied STOP to a practice (and not START since); per practice, so a
// STOP to one practice never silences another. sms_threads: when each practice last texted each
// phone, so a reply goes to the practice that most recently texted it. Frozen once landed.
import type { Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('sms_opt_outs')
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('phone_hash', 'text', (c) => c.notNull())
      .addColumn('opted_out_at', ts, (c) => c.notNull())
      .addPrimaryKeyConstraint('sms_opt_outs_pk', ['practice_id', 'phone_hash'])
      .execute();
    await db.schema
      .createTable('sms_threads')
      .addColumn('phone_hash', 'text', (c) => c.notNull())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('last_sent_at', ts, (c) => c.notNull())
      .addPrimaryKeyConstraint('sms_threads_pk', ['phone_hash', 'practice_id'])
      .execute();
  };
}
