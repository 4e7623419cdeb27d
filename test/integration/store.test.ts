import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { openStore, schemaVersion, StoreTooNewError } from '../../electron/core/store/openStore';
import { tempDir } from '../support/tempDir';

/** Migrations are numbered by who wrote them, so the numbers may skip: the store is at the last one. */
const LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version;
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('a new store gets every table, WAL, foreign keys, and a record of its migrations', () => {
  const file = path.join(tempDir(), 'sub', 'qrpack.sqlite');
  const db = openStore({ file });
  const tables = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all();
  assert.deepEqual(
    tables.map((t) => t.name),
    ['accounts', 'actions', 'batch_owners', 'batches', 'card_events', 'cards', 'codes', 'exports', 'products', 'schema_migrations', 'settings', 'verdicts'],
  );
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(schemaVersion(db), LATEST);
  assert.deepEqual(
    db.prepare('SELECT version, name FROM schema_migrations').all(),
    MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
  );
  assert.equal(db.prepare(`SELECT kind FROM accounts WHERE id = 'sandbox'`).pluck().get(), 'sandbox');
  db.close();

  // Reopening applies nothing twice.
  const again = openStore({ file });
  assert.equal(again.prepare('SELECT count(*) FROM schema_migrations').pluck().get(), MIGRATIONS.length);
  assert.equal(again.prepare('SELECT count(*) FROM accounts').pluck().get(), 1);
  again.close();
});

test('a store written by a newer version is refused and left untouched', () => {
  const file = path.join(tempDir(), 'qrpack.sqlite');
  openStore({ file }).close();
  const raw = new Database(file);
  raw.pragma('user_version = 99');
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  const before = sha(file);
  assert.throws(
    () => openStore({ file }),
    (error: unknown) =>
      error instanceof StoreTooNewError &&
      error.found === 99 &&
      /newer QR Pack/.test(error.text.en) &&
      /更新版本/.test(error.text['zh-CN']),
  );
  assert.equal(sha(file), before);
});

test('a failing migration leaves the store at the last good version', () => {
  const file = path.join(tempDir(), 'qrpack.sqlite');
  const broken = [
    ...MIGRATIONS,
    {
      version: LATEST + 1,
      name: 'broken',
      up: (db: Database.Database) => {
        db.exec('CREATE TABLE half_done (x INTEGER)');
        db.exec('THIS IS NOT SQL');
      },
    },
  ];
  assert.throws(() => openStore({ file, migrations: broken }));
  const db = openStore({ file });
  assert.equal(schemaVersion(db), LATEST);
  assert.equal(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'half_done'`).pluck().get(), 0);
  db.close();
});

test('accounts are namespaces: the same extinfo may exist once per account, never twice in one', () => {
  const db = openStore({ file: path.join(tempDir(), 'qrpack.sqlite') });
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO accounts (id, kind, name, app_id, credential_kind, token_mode, api_base, created_at, updated_at)
     VALUES ('acct_real', 'wechat', 'Brand', 'wx1234567890abcdef', 'appSecret', 'stable', 'https://api.weixin.qq.com', ?, ?)`,
  ).run(now, now);
  const batch = db.prepare(
    `INSERT INTO batches (account_id, name, keystandard, keystr, qrcode_size, source_json, state, code_count, created_at, updated_at)
     VALUES (?, 'b', 'ean13', '6900873042720', 100, '{}', 'planned', 1, ?, ?)`,
  );
  const sandboxBatch = Number(batch.run('sandbox', now, now).lastInsertRowid);
  const realBatch = Number(batch.run('acct_real', now, now).lastInsertRowid);
  const code = db.prepare(
    `INSERT INTO codes (account_id, batch_id, seq, keystandard, keystr, extinfo, status)
     VALUES (?, ?, ?, 'ean13', '6900873042720', 'LOT7-000001', 'pending')`,
  );
  code.run('sandbox', sandboxBatch, 1);
  code.run('acct_real', realBatch, 1);
  assert.throws(() => code.run('acct_real', realBatch, 2), /UNIQUE constraint failed/);
  assert.throws(() => code.run('nobody', realBatch, 3), /FOREIGN KEY constraint failed/);
  db.close();
});

test('the actions audit is append-only', () => {
  const db = openStore({ file: path.join(tempDir(), 'qrpack.sqlite') });
  db.prepare(
    `INSERT INTO actions (account_id, at, kind, target, request_json, ok) VALUES ('sandbox', 'now', 'clearScanRecord', 'x', '{}', 1)`,
  ).run();
  assert.throws(() => db.prepare(`UPDATE actions SET ok = 0`).run(), /append-only/);
  assert.throws(() => db.prepare(`DELETE FROM actions`).run(), /append-only/);
  assert.equal(db.prepare('SELECT count(*) FROM actions').pluck().get(), 1);
  db.close();
});
