import type { Database } from 'better-sqlite3';

/** The log screen pages through an account's codes in id order: without this, every page sorts them all. */
export function up(db: Database): void {
  db.exec('CREATE INDEX codes_account ON codes(account_id, id)');
}
