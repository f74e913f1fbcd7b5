import { Migrator, type MigrationResultSet } from 'kysely';
import type { Db, Dialect } from './index.js';
import { migrations } from './migrations/index.js';

function migrator(db: Db, dialect: Dialect) {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
  });
}

export async function migrateToLatest(db: Db, dialect: Dialect): Promise<MigrationResultSet> {
  const result = await migrator(db, dialect).migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return result;
}

/** True when every known migration has been applied (readiness). */
export async function migrationsCurrent(db: Db, dialect: Dialect): Promise<boolean> {
  const list = await migrator(db, dialect).getMigrations();
  return list.every((m) => m.executedAt !== undefined);
}
