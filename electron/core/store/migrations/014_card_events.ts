import type { Database } from 'better-sqlite3';

/**
 * Card events WeChat pushes (seed 002 §5): a claim (`user_get_card`, carrying the outer_str the
 * print run's codes were issued with), a use (`user_consume_card`) and a deletion
 * (`user_del_card`). Recorded once however often WeChat retries (everything the push carries
 * that tells it apart), each attributed to the card batch — the print run — it came from.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE card_events (
      id             INTEGER PRIMARY KEY,
      at             TEXT NOT NULL,
      from_user      TEXT NOT NULL,
      create_time    INTEGER NOT NULL,
      event          TEXT NOT NULL CHECK (event IN ('claim', 'consume', 'delete')),
      card_id        TEXT NOT NULL,
      user_card_code TEXT NOT NULL,
      outer_str      TEXT NOT NULL,
      given_by       TEXT,
      old_code       TEXT,
      batch_id       INTEGER REFERENCES batches(id),
      UNIQUE (from_user, create_time, event, card_id, user_card_code)
    ) STRICT;
    CREATE INDEX card_events_by_batch ON card_events(batch_id, event);
    CREATE INDEX card_events_by_code ON card_events(card_id, user_card_code);
  `);
}
