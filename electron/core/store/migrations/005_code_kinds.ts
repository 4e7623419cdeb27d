import type { Database } from 'better-sqlite3';

/**
 * Batches of every code kind share one log (DESIGN: code kinds, one pipeline). A code's
 * keystandard/keystr name the space its extinfo is unique in: a product's key, or for Mini Program
 * jump codes 'jump' (or 'jump-test' for test links) and the URL prefix — so the existing unique
 * index keeps serials unique per prefix across all batches. Tester codes are marked as tests.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'product' CHECK (kind IN ('product', 'jump', 'card'));
    ALTER TABLE batches ADD COLUMN is_test INTEGER NOT NULL DEFAULT 0 CHECK (is_test IN (0, 1));
  `);
}
