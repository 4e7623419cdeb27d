import type { Database } from 'better-sqlite3';

/** The first schema: the log users rely on for audits. Later migrations only add. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- Metadata only: secrets live in the vault, never in this file.
    CREATE TABLE accounts (
      id                TEXT PRIMARY KEY,
      kind              TEXT NOT NULL CHECK (kind IN ('sandbox', 'wechat')),
      name              TEXT NOT NULL,
      app_id            TEXT NOT NULL,
      credential_kind   TEXT NOT NULL CHECK (credential_kind IN ('appSecret', 'tokenService')),
      token_mode        TEXT NOT NULL CHECK (token_mode IN ('stable', 'classic')),
      token_service_url TEXT NOT NULL DEFAULT '',
      api_base          TEXT NOT NULL,
      created_at        TEXT NOT NULL,
      updated_at        TEXT NOT NULL
    ) STRICT;

    CREATE TABLE products (
      account_id      TEXT NOT NULL REFERENCES accounts(id),
      keystandard     TEXT NOT NULL,
      keystr          TEXT NOT NULL,
      status          TEXT NOT NULL,
      title           TEXT NOT NULL DEFAULT '',
      brand_info_json TEXT,
      update_time     INTEGER,
      fetched_at      TEXT NOT NULL,
      PRIMARY KEY (account_id, keystandard, keystr)
    ) STRICT;

    CREATE TABLE batches (
      id           INTEGER PRIMARY KEY,
      account_id   TEXT NOT NULL REFERENCES accounts(id),
      name         TEXT NOT NULL,
      keystandard  TEXT NOT NULL,
      keystr       TEXT NOT NULL,
      qrcode_size  INTEGER NOT NULL,
      source_json  TEXT NOT NULL,
      state        TEXT NOT NULL CHECK (state IN ('planned', 'running', 'paused', 'stopped', 'cancelled', 'done')),
      code_count   INTEGER NOT NULL,
      stop_errcode INTEGER,
      stop_reason  TEXT,
      created_at   TEXT NOT NULL,
      updated_at   TEXT NOT NULL,
      finished_at  TEXT
    ) STRICT;
    CREATE INDEX batches_account ON batches(account_id, id);

    -- One row per extinfo per product per account, ever: a code cannot be issued twice.
    CREATE TABLE codes (
      id          INTEGER PRIMARY KEY,
      account_id  TEXT NOT NULL REFERENCES accounts(id),
      batch_id    INTEGER NOT NULL REFERENCES batches(id),
      seq         INTEGER NOT NULL,
      keystandard TEXT NOT NULL,
      keystr      TEXT NOT NULL,
      extinfo     TEXT NOT NULL,
      status      TEXT NOT NULL CHECK (status IN ('pending', 'issued', 'failed')),
      content     TEXT,
      pic_url     TEXT,
      errcode     INTEGER,
      attempts    INTEGER NOT NULL DEFAULT 0,
      issued_at   TEXT,
      UNIQUE (account_id, keystandard, keystr, extinfo),
      UNIQUE (batch_id, seq)
    ) STRICT;
    CREATE INDEX codes_status ON codes(batch_id, status);

    -- Append-only audit of every action taken on WeChat's side.
    CREATE TABLE actions (
      id           INTEGER PRIMARY KEY,
      account_id   TEXT NOT NULL REFERENCES accounts(id),
      at           TEXT NOT NULL,
      kind         TEXT NOT NULL,
      target       TEXT NOT NULL,
      request_json TEXT NOT NULL,
      ok           INTEGER NOT NULL CHECK (ok IN (0, 1)),
      errcode      INTEGER,
      result_json  TEXT
    ) STRICT;
    CREATE INDEX actions_account ON actions(account_id, id);
    CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions
      BEGIN SELECT RAISE(ABORT, 'actions are append-only'); END;
    CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions
      BEGIN SELECT RAISE(ABORT, 'actions are append-only'); END;

    CREATE TABLE exports (
      id            INTEGER PRIMARY KEY,
      account_id    TEXT NOT NULL REFERENCES accounts(id),
      batch_id      INTEGER NOT NULL REFERENCES batches(id),
      at            TEXT NOT NULL,
      file          TEXT NOT NULL,
      sha256        TEXT NOT NULL,
      format        TEXT NOT NULL,
      pages         INTEGER NOT NULL,
      range_from    INTEGER NOT NULL,
      range_to      INTEGER NOT NULL,
      is_reprint    INTEGER NOT NULL CHECK (is_reprint IN (0, 1)),
      template_json TEXT NOT NULL
    ) STRICT;
    CREATE INDEX exports_batch ON exports(batch_id);
  `);
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO accounts (id, kind, name, app_id, credential_kind, token_mode, api_base, created_at, updated_at)
     VALUES ('sandbox', 'sandbox', 'Sandbox', 'wx5a4db0c0de000001', 'appSecret', 'stable', 'in-process', ?, ?)`,
  ).run(now, now);
}
