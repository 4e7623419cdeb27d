import type { Database } from 'better-sqlite3';

/**
 * Variable data: a CSV plan's other columns (lot, best-before date, line…) are kept with each code
 * as one JSON object, so labels print them ({col:NAME}) and manifests carry them. Null for codes
 * planned without such columns.
 */
export function up(db: Database): void {
  db.exec(`ALTER TABLE codes ADD COLUMN data_json TEXT;`);
}
