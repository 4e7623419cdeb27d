import type { Database } from 'better-sqlite3';

/**
 * One owner per batch, taken in a write transaction (atomic across processes, unlike the lock file
 * it replaces), and the place where another process asks the owner to pause or cancel.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE batch_owners (
      batch_id INTEGER PRIMARY KEY REFERENCES batches(id),
      pid      INTEGER NOT NULL,
      host     TEXT NOT NULL,
      run_id   TEXT NOT NULL,
      since    TEXT NOT NULL,
      request  TEXT CHECK (request IN ('pause', 'cancel'))
    ) STRICT;
  `);
}
