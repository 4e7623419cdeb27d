import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import { messageSignature } from '../../electron/core/verdicts/messageCrypto';
import { buildMessage } from '../../electron/core/verdicts/messageXml';
import { finished, spawnFastCli, waitForLine } from '../support/childProcess';
import { postgresBinaries, startPostgres } from '../support/postgres';
import { tempDir } from '../support/tempDir';

const found = postgresBinaries();
const skip = 'missing' in found ? `needs PostgreSQL: ${found.missing}` : false;
const cluster = skip ? null : await startPostgres();
after(() => cluster?.stop());

/** The lock every process opening the ledger takes to bring its schema up to date. */
const MIGRATION_LOCK = 0x71727061636b;

/**
 * Holds the ledger's schema lock so the command waits inside opening the ledger, then stops
 * PostgreSQL at that moment (its connection is checked out of the pool, between statements).
 */
async function haltWhileOpening(args: string[], data = tempDir()) {
  const holder = new pg.Client({ connectionString: cluster!.url });
  holder.on('error', () => undefined);
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  const child = spawnFastCli(['--data', data, ...args]);
  const exited = finished(child);
  for (let i = 0; i < 600; i++) {
    // Statistics are read once per transaction unless cleared.
    await holder.query('SELECT pg_stat_clear_snapshot()');
    const waiting = await holder.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'qrpack' AND wait_event_type = 'Lock'`);
    if (waiting.rowCount) break;
    await new Promise((r) => setTimeout(r, 25));
    assert.ok(i < 599, 'the command reached the ledger');
  }
  cluster!.halt();
  const result = await exited;
  cluster!.restart();
  return result;
}

for (const args of [['ledger', 'push'], ['verdicts'], ['serve', '--port', '0', '--token', 'outageToken1']]) {
  test(`PostgreSQL stopped while ${args[0]} opens the ledger: told plainly, exit 5, no crash`, { skip }, async () => {
    const data = tempDir();
    assert.equal((await finished(spawnFastCli(['--data', data, 'ledger', 'station', '--name', 'Shop O']))).code, 0);
    const r = await haltWhileOpening([...args, '--database', cluster!.url], data);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /^The ledger database 127\.0\.0\.1:\d+\/qrpack (cannot be reached|lost its connection)/);
    assert.doesNotMatch(r.stderr, /Unhandled|at .*\.js|internal error|Connection terminated/);
  });
}

test('serve --database keeps running while PostgreSQL is down and answers again when it is back', { skip }, async () => {
  const admin = await finished(spawnFastCli(['--data', tempDir(), 'ledger', 'init', '--database', cluster!.url, '--appid', 'wx5a4db0c0de000001']));
  assert.equal(admin.code, 0, admin.stderr);
  const TOKEN = 'outageToken1';
  const serve = spawnFastCli(['--data', tempDir(), 'serve', '--port', '0', '--token', TOKEN, '--database', cluster!.url]);
  let stderr = '';
  serve.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = (await waitForLine(serve, /listening (http:\/\/127\.0\.0\.1:\d+)/)).match[1]!;
  let createTime = 1_700_300_000;
  const scan = async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const xml = buildMessage({ ToUserName: 'gh_o', FromUserName: 'oOutage', CreateTime: ++createTime, MsgType: 'event', Event: 'scan_product_callback', KeyStandard: 'ean13', KeyStr: '6900873042720', ExtInfo: 'O-1' });
    // A nonce per push, as WeChat's: a pair used again with another body is a replay.
    const nonce = `n${createTime}`;
    const res = await fetch(`${url}/?signature=${messageSignature(TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`, { method: 'POST', body: xml });
    return { status: res.status, result: /<CodeResult><!\[CDATA\[(\w+)\]\]>/.exec(await res.text())?.[1] };
  };
  assert.deepEqual(await scan(), { status: 200, result: 'fake' });
  cluster!.halt();
  try {
    for (let i = 0; i < 3; i++) assert.equal((await scan()).status, 500, 'no verdict while the ledger is gone (WeChat retries)');
    assert.equal(serve.exitCode, null, 'still running');
  } finally {
    cluster!.restart();
  }
  let back = await scan();
  for (let i = 0; i < 50 && back.status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 100));
    back = await scan();
  }
  assert.deepEqual(back, { status: 200, result: 'fake' }, 'answers again once PostgreSQL is back');
  serve.kill('SIGTERM');
  assert.doesNotMatch(stderr, /Unhandled|Connection terminated/);
});
