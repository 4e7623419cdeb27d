import type { Database } from 'better-sqlite3';

/**
 * Each batch's count of active codes (Batches shows it) read from an index of the active codes
 * alone: counting them row by row took 120 ms for a batch of a million codes, on every list.
 */
export function up(db: Database): void {
  db.exec(`CREATE INDEX codes_active ON codes(batch_id) WHERE active_at IS NOT NULL;`);
}
