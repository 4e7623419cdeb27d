import type { Database } from 'better-sqlite3';

/**
 * The account's cards (卡券) as last read from WeChat (card/batchget + card/get), so every card
 * form can offer them by title, type, custom-code mode and stock, as products are offered.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE cards (
      account_id      TEXT NOT NULL REFERENCES accounts(id),
      card_id         TEXT NOT NULL,
      card_type       TEXT NOT NULL,
      title           TEXT NOT NULL DEFAULT '',
      status          TEXT NOT NULL DEFAULT '',
      use_custom_code INTEGER NOT NULL CHECK (use_custom_code IN (0, 1)),
      code_mode       TEXT,
      stock           INTEGER NOT NULL,
      fetched_at      TEXT NOT NULL,
      PRIMARY KEY (account_id, card_id)
    ) STRICT;
  `);
}
