import type { Database } from 'better-sqlite3';

/**
 * What the Anti-fake scans' charts count, read from indexes alone: the scans of a span of days by
 * answer, and each code's different users (the clone suspects; also each row's scan counts).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE INDEX verdicts_by_day ON verdicts(at, result);
    DROP INDEX verdicts_by_code;
    CREATE INDEX verdicts_by_code ON verdicts(keystandard, keystr, extinfo, from_user);
  `);
}
