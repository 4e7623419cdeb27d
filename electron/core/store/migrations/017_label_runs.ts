import type { Database } from 'better-sqlite3';

/**
 * How each export's labels lie on the stock (#27): the first label used on the first sheet, the
 * labels per code and the copies of the whole run — so a verification reads the file back at the
 * positions it was written to. Exports before this used every position, once each.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE exports ADD COLUMN start_at INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE exports ADD COLUMN copies_per_code INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE exports ADD COLUMN repeat_count INTEGER NOT NULL DEFAULT 1;
  `);
}
