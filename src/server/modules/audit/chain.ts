import { createHash } from 'node:crypto';
import type { AuditLogTable } from '../../db/schema.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The content hash covers every column but `hash` itself, in a fixed order. */
export function rowHash(row: Omit<AuditLogTable, 'hash'>): string {
  const content = JSON.stringify([
    row.seq,
    row.id,
    row.at,
    row.actor_type,
    row.actor_id,
    row.practice_id,
    row.action,
    row.resource_type,
    row.resource_id,
    row.outcome,
    row.ip,
    row.user_agent,
    row.details,
    row.prev_hash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}
