import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditLogTable } from './table.js';

export const GENESIS_HASH = '0'.repeat(64);

function content(row: Omit<AuditLogTable, 'hash'>): string {
  return JSON.stringify([
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
}

/**
 * The content hash covers every column but `hash` itself, in a fixed order. Plain SHA-256 is the
 * scheme of rows written before the audit key existed (seq < audit_head.keyed_from); anyone can
 * recompute it, so only the keyed rows after them protect them.
 */
export function rowHash(row: Omit<AuditLogTable, 'hash'>): string {
  return createHash('sha256').update(content(row)).digest('hex');
}

const KEYED_DOMAIN = 'hearth:audit-row:v2\u0000';

/** The keyed hash of rows from `keyed_from` on: HMAC-SHA256 under the audit key (never in the database). */
export function keyedRowHash(key: Buffer, row: Omit<AuditLogTable, 'hash'>): string {
  return createHmac('sha256', key).update(KEYED_DOMAIN).update(content(row)).digest('hex');
}

/** The MAC binding the cut-over row number to the key, stored beside it in audit_head. */
export function cutoverMac(key: Buffer, keyedFrom: number): string {
  return createHmac('sha256', key).update(`hearth:audit-cutover:v1\u0000${keyedFrom}`).digest('hex');
}

/** Constant-time comparison of two hex MACs. */
export function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
