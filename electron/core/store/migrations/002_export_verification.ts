import type { Database } from 'better-sqlite3';

/** Exports also record how many labels they hold and what their verification found. */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE exports ADD COLUMN labels INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE exports ADD COLUMN verify_mode TEXT NOT NULL DEFAULT 'off';
    ALTER TABLE exports ADD COLUMN verified_labels INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE exports ADD COLUMN verify_failures INTEGER NOT NULL DEFAULT 0;
  `);
}
