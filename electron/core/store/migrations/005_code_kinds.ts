import type { Database } from 'better-sqlite3';

/**
 * Batches of every code kind share one log (DESIGN: code kinds, one pipeline). A code's
 * keystandard/keystr name the space its extinfo is unique in: a product's key; for Mini Program
 * jump codes 'jump' (or 'jump-test' for test links) and the URL prefix; for card codes 'card' and
 * the card id; for a deposit of custom codes 'card-deposit' and the card id — so the existing
 * unique index keeps serials unique per prefix, and codes per card, across all batches. Tester
 * codes are marked as tests. `options_json` holds what the code source is called with (a card
 * QR's outer_str, is_unique_code, expire_seconds).
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'product' CHECK (kind IN ('product', 'jump', 'card', 'deposit'));
    ALTER TABLE batches ADD COLUMN is_test INTEGER NOT NULL DEFAULT 0 CHECK (is_test IN (0, 1));
    ALTER TABLE batches ADD COLUMN options_json TEXT NOT NULL DEFAULT '{}';
  `);
}
