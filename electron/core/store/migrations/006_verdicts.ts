import type { Database } from 'better-sqlite3';

/**
 * After the press: a code is active (real) once its goods have shipped, and every anti-fake
 * verdict the message server gives is recorded — once per push, however often WeChat retries it
 * (FromUserName + CreateTime). Verdicts look codes up by their product key and extinfo alone.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE codes ADD COLUMN active_at TEXT;
    CREATE INDEX codes_by_key ON codes(keystandard, keystr, extinfo);
    CREATE TABLE verdicts (
      id          INTEGER PRIMARY KEY,
      at          TEXT NOT NULL,
      from_user   TEXT NOT NULL,
      create_time INTEGER NOT NULL,
      keystandard TEXT NOT NULL,
      keystr      TEXT NOT NULL,
      extinfo     TEXT NOT NULL,
      result      TEXT NOT NULL CHECK (result IN ('real', 'fake', 'not_active')),
      UNIQUE (from_user, create_time)
    ) STRICT;
    CREATE INDEX verdicts_by_code ON verdicts(keystandard, keystr, extinfo);
  `);
}
