import type pg from 'pg';
import { inTransaction } from './ledgerTransaction';

interface LedgerMigration {
  version: number;
  name: string;
  up: (client: pg.PoolClient) => Promise<unknown>;
}

/**
 * The ledger's own schema, numbered and applied in order like the log's (never edit one that has
 * shipped — add the next). A code is one row per product key and extinfo, held by the station
 * that first pushed it; verdicts are recorded once per push (user, time and code).
 */
const MIGRATIONS: readonly LedgerMigration[] = [
  {
    version: 1,
    name: 'codes and verdicts',
    up: (client) =>
      client.query(`
        CREATE TABLE ledger_stations (
          station    text PRIMARY KEY,
          name       text NOT NULL,
          last_push  timestamptz NOT NULL
        );
        CREATE TABLE ledger_codes (
          keystandard text NOT NULL,
          keystr      text NOT NULL,
          extinfo     text NOT NULL,
          content     text NOT NULL,
          test        boolean NOT NULL,
          active_at   timestamptz,
          station     text NOT NULL REFERENCES ledger_stations(station),
          pushed_at   timestamptz NOT NULL,
          PRIMARY KEY (keystandard, keystr, extinfo)
        );
        CREATE TABLE ledger_verdicts (
          id          bigserial PRIMARY KEY,
          at          timestamptz NOT NULL DEFAULT now(),
          from_user   text NOT NULL,
          create_time bigint NOT NULL,
          keystandard text NOT NULL,
          keystr      text NOT NULL,
          extinfo     text NOT NULL,
          result      text NOT NULL CHECK (result IN ('real', 'fake', 'not_active')),
          UNIQUE (from_user, create_time)
        );
        CREATE INDEX ledger_verdicts_by_code ON ledger_verdicts (keystandard, keystr, extinfo);
      `),
  },
  {
    // Codes pushed before this carry no AppID and answer nothing until their station, enrolled,
    // pushes them again signed: an unsigned row cannot be told from a forged one.
    version: 2,
    name: 'one AppID, enrolled stations, signed pushes in sequence',
    up: (client) =>
      client.query(`
        CREATE TABLE ledger_identity (
          only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
          appid      text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now()
        );
        ALTER TABLE ledger_stations ADD COLUMN public_key text, ADD COLUMN enrolled_at timestamptz, ALTER COLUMN last_push DROP NOT NULL;
        CREATE UNIQUE INDEX ledger_stations_enrolled_name ON ledger_stations (lower(name)) WHERE public_key IS NOT NULL;
        ALTER TABLE ledger_codes ADD COLUMN appid text;
        CREATE TABLE ledger_pushes (
          station      text NOT NULL REFERENCES ledger_stations(station),
          seq          bigint NOT NULL,
          kind         text NOT NULL CHECK (kind IN ('push', 'file')),
          appid        text NOT NULL,
          sha256       text,
          signature    text NOT NULL,
          started_at   timestamptz NOT NULL DEFAULT now(),
          completed_at timestamptz,
          codes        bigint,
          PRIMARY KEY (station, seq)
        );
      `),
  },
  {
    // As the code log's migration 13 and 14: a retry is the same push again (the code too), a scan
    // without a code is recorded as no_code, and card events are recorded once.
    version: 3,
    name: 'verdict identity, card events',
    up: (client) =>
      client.query(`
        ALTER TABLE ledger_verdicts DROP CONSTRAINT ledger_verdicts_from_user_create_time_key;
        ALTER TABLE ledger_verdicts ADD CONSTRAINT ledger_verdicts_push_key UNIQUE (from_user, create_time, keystandard, keystr, extinfo);
        ALTER TABLE ledger_verdicts DROP CONSTRAINT ledger_verdicts_result_check;
        ALTER TABLE ledger_verdicts ADD CONSTRAINT ledger_verdicts_result_check CHECK (result IN ('real', 'fake', 'not_active', 'no_code'));
        CREATE TABLE ledger_card_events (
          id             bigserial PRIMARY KEY,
          at             timestamptz NOT NULL DEFAULT now(),
          from_user      text NOT NULL,
          create_time    bigint NOT NULL,
          event          text NOT NULL CHECK (event IN ('claim', 'consume', 'delete')),
          card_id        text NOT NULL,
          user_card_code text NOT NULL,
          outer_str      text NOT NULL,
          given_by       text,
          old_code       text,
          UNIQUE (from_user, create_time, event, card_id, user_card_code)
        );
        CREATE INDEX ledger_card_events_by_code ON ledger_card_events (card_id, user_card_code);
      `),
  },
];

/** Any constant both sides agree on: serialises schema changes between processes starting at once. */
const MIGRATION_LOCK = 0x71727061636b;

/** Brings the schema up to date; refuses a database a newer QR Pack has set up. */
export async function migrateLedger(pool: pg.Pool): Promise<void> {
  await inTransaction(
    pool,
    async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS ledger_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM ledger_migrations');
      const current = rows[0]?.version ?? 0;
      const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
      if (current > latest) throw Object.assign(new Error('ledger schema too new'), { code: 'QRPACK_LEDGER_TOO_NEW' });
      for (const migration of MIGRATIONS.filter((m) => m.version > current)) {
        await migration.up(client);
        await client.query('INSERT INTO ledger_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      }
    },
    { discard: true },
  );
}
