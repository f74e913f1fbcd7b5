// The backups module's public face: encrypted backups (create, list, latest, prune, restore, verify,
// drill) and their schedule, run where background work runs.
import { loadBackupKey } from '../../crypto/keys.js';
import { backupWorkers } from './workers.js';
import { defineModule } from '../contract.js';
import { BackupScheduler } from './scheduler.js';
import { BackupService } from './service.js';

export {
  BackupError,
  backupFileInfo,
  BackupService,
  compareHashes,
  listBackups,
  parseTarget,

  readBackupHeader,
  restoreBackup,
  rowHashes,
  verifyBackup,
  withSqliteFile,
  type BackupHeader,
  type BackupInfo,
  type BackupServiceOptions,
  type CreatedBackup,
  type RestoreResult,
  type RestoreTarget,
  type TableComparison,
  type TableManifest,
} from './service.js';
export { BackupScheduler, type BackupRun } from './scheduler.js';
// The file format itself, for tools that inspect or forge a backup (scripts' tests).
export { ChunkDecryptor, ChunkEncryptor, decodePreamble, encodePreamble } from './format.js';
export { formatDuration, restoreDrill, type DrillOptions, type DrillResult } from './drill.js';

export interface Backups {
  service: BackupService;
  /** Started on ready when DISPATCHER=inline; with DISPATCHER=external `npm run dispatcher` starts it instead. */
  scheduler: BackupScheduler;
}

declare module '../contract.js' {
  interface ServiceRegistry { backups: Backups }
}

export const backupsModule = defineModule({
  name: 'backups',
  needs: ['auditCheckpoints'],
  build: (ctx, { auditCheckpoints }): Backups => {
    const { config, deps, log } = ctx;
    // The backup key is loaded from BACKUP_KEY / BACKUP_KEY_FILE on the first backup unless given.
    const service = new BackupService(config, deps.database, deps.backupKey ?? (() => loadBackupKey(config.backup.key, (msg) => log.warn(msg))), {
      clock: ctx.clock,
      audit: ctx.audit,
      auditCheckpoint: () => auditCheckpoints.write(),
    });
    return { service, scheduler: new BackupScheduler({ db: ctx.db, clock: ctx.clock, log }, service, config.backup.intervalMinutes) };
  },
  workers: (backups) => backupWorkers(backups.scheduler),
});
