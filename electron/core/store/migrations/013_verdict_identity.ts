import type { Database } from 'better-sqlite3';

/**
 * A retry of a push is the same push again: told apart by everything it carries (user, time and
 * the code), not by user and time alone — two scans of different codes in the same second are two
 * scans. A scan that carries no code (the pack's barcode opens the product page too) is recorded
 * as `no_code`. SQLite cannot change a table's UNIQUE constraint: the table is rebuilt.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE verdicts_new (
      id          INTEGER PRIMARY KEY,
      at          TEXT NOT NULL,
      from_user   TEXT NOT NULL,
      create_time INTEGER NOT NULL,
      keystandard TEXT NOT NULL,
      keystr      TEXT NOT NULL,
      extinfo     TEXT NOT NULL,
      result      TEXT NOT NULL CHECK (result IN ('real', 'fake', 'not_active', 'no_code')),
      UNIQUE (from_user, create_time, keystandard, keystr, extinfo)
    ) STRICT;
    INSERT INTO verdicts_new SELECT id, at, from_user, create_time, keystandard, keystr, extinfo, result FROM verdicts;
    DROP TABLE verdicts;
    ALTER TABLE verdicts_new RENAME TO verdicts;
    CREATE INDEX verdicts_by_code ON verdicts(keystandard, keystr, extinfo);
  `);
}
