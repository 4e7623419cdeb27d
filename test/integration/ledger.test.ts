import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, test } from 'node:test';
import zlib from 'node:zlib';
import type { QrPackApp } from '../../electron/core/app';
import { openLedgerDatabase } from '../../electron/core/ledger/ledgerDatabase';
import { PgVerdictLedger } from '../../electron/core/ledger/pgVerdictLedger';
import { messageSignature } from '../../electron/core/verdicts/messageCrypto';
import { startMessageServer } from '../../electron/core/verdicts/messageServer';
import { buildMessage } from '../../electron/core/verdicts/messageXml';
import { finished, spawnFastCli, waitForLine } from '../support/childProcess';
import { postgresBinaries, query, startPostgres } from '../support/postgres';
import { tempDir } from '../support/tempDir';
import { testApp } from '../support/testApp';

const found = postgresBinaries();
const skip = 'missing' in found ? `needs PostgreSQL: ${found.missing}` : false;
const cluster = skip ? null : await startPostgres();
after(() => cluster?.stop());

const TOKEN = 'ledgerToken7';
const PRODUCT = { keystandard: 'ean13', keystr: '6900873042720' };
const OTHER_PRODUCT = { keystandard: 'ean13', keystr: '6901234567892' };

/** The sandbox's AppID: these ledgers are set up for it (a rehearsal ledger), stations enrolled. */
const SANDBOX_APPID = 'wx5a4db0c0de000001';
async function enrolled(app: QrPackApp, url: string, name: string): Promise<QrPackApp> {
  await app.ledger.init(url, SANDBOX_APPID);
  app.ledger.identity.setName(name);
  await app.ledger.enrol(url, app.ledger.station().enrolmentLine, false);
  return app;
}

/** Station A: 12 codes of which 1–6 are active. */
const stationA = testApp();
const batchA = await stationA.batches.plan('sandbox', { product: PRODUCT, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'LG-{seq:3}', start: 1, count: 12, step: 1 } });
await stationA.batches.run(batchA.id);
stationA.activation.set(batchA.id, { from: 1, to: 6 }, true);
stationA.ledger.identity.setName('Shop A');

const ledgerCount = async (url: string) => Number((await query<{ n: string }>(url, 'SELECT count(*) AS n FROM ledger_codes'))[0]!.n);
const cli = (args: string[], env: Record<string, string> = {}) => finished(spawnFastCli(args, env));

let createTime = 1_700_100_000;
const scan = (extinfo: string, overrides: Record<string, string | number> = {}) =>
  buildMessage({ ToUserName: 'gh_ledger', FromUserName: 'oLedgerUser000000000000000001', CreateTime: ++createTime, MsgType: 'event', Event: 'scan_product_callback', KeyStandard: PRODUCT.keystandard, KeyStr: PRODUCT.keystr, ExtInfo: extinfo, ...overrides });
let pushes = 0;
async function post(serverUrl: string, xml: string): Promise<string | undefined> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  // A nonce per push, as WeChat's: a server refuses a nonce used again with another body.
  const nonce = `nn${++pushes}`;
  const res = await fetch(`${serverUrl}/?signature=${messageSignature(TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`, { method: 'POST', body: xml });
  assert.equal(res.status, 200);
  return /<CodeResult><!\[CDATA\[(\w+)\]\]>/.exec(await res.text())?.[1];
}

test('push: idempotent, carries activation, and refuses (listing them) codes another station holds with other content', { skip }, async () => {
  const url = cluster!.url;
  await enrolled(stationA, url, 'Shop A');
  assert.deepEqual(await stationA.ledger.push(url), { station: 'Shop A', seq: 1, codes: 12, added: 12, updated: 0, unchanged: 0, refused: 0, conflicts: [] });
  assert.deepEqual(await stationA.ledger.push(url), { station: 'Shop A', seq: 2, codes: 12, added: 0, updated: 0, unchanged: 12, refused: 0, conflicts: [] }, 'pushing twice changes nothing');
  stationA.activation.set(batchA.id, { from: 7, to: 7 }, true);
  assert.equal((await stationA.ledger.push(url, { batchId: batchA.id })).updated, 1, 'the activation of LG-007 travels');
  stationA.activation.set(batchA.id, { from: 7, to: 7 }, false);
  assert.equal((await stationA.ledger.push(url)).updated, 1, 'and so does its undo');

  // Station B printed LG-010..LG-015 of the same product. Through the same account WeChat gives the
  // same content for the same extinfo (accepted as the same code); B's copies of LG-011 and LG-012
  // are made to hold other content, as codes of another account for this product key would.
  const stationB = testApp();
  const batchB = await stationB.batches.plan('sandbox', { product: PRODUCT, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'LG-{seq:3}', start: 10, count: 6, step: 1 } });
  await stationB.batches.run(batchB.id);
  stationB.db.prepare(`UPDATE codes SET content = content || '-b' WHERE extinfo IN ('LG-011', 'LG-012')`).run();
  stationB.activation.set(batchB.id, undefined, true);
  await enrolled(stationB, url, 'Shop B');
  const report = await stationB.ledger.push(url);
  assert.equal(report.added, 3, 'LG-013..015 are new');
  assert.equal(report.unchanged, 1, 'LG-010: the same code; its activation stays with the station holding it');
  assert.equal(report.refused, 2);
  assert.deepEqual(report.conflicts.map((c) => c.extinfo).sort(), ['LG-011', 'LG-012']);
  assert.ok(report.conflicts.every((c) => c.heldBy === 'Shop A' && c.keystr === PRODUCT.keystr), 'the holder by the name a person gave it');
  const held = await query<{ content: string; active: boolean }>(url, `SELECT content, active_at IS NOT NULL AS active FROM ledger_codes WHERE extinfo = 'LG-011'`);
  assert.ok(!held[0]!.content.endsWith('-b') && !held[0]!.active, 'the refused code kept what station A pushed');

  const viaCli = await cli(['--data', stationB.dataDir, 'ledger', 'push', '--database', url]);
  assert.equal(viaCli.code, 3, viaCli.stderr);
  assert.match(viaCli.stdout, /6 codes pushed to 127\.0\.0\.1:\d+\/qrpack: 0 added, 0 updated, 4 unchanged, 2 refused/);
  assert.match(viaCli.stdout, /ean13:6900873042720\/LG-011 {2}held by Shop A/);
  assert.match(viaCli.stdout, /number 2 of station "Shop B", its signature checked/);
  const zh = await cli(['--data', stationB.dataDir, '--lang', 'zh-CN', 'ledger', 'push', '--json'], { QRPACK_DATABASE: url });
  assert.equal(zh.code, 3);
  assert.equal(JSON.parse(zh.stdout).conflicts.length, 2, '--json lists every refused code; the URL may come from QRPACK_DATABASE');
});

test('the same verdicts from the SQLite log and from PostgreSQL, and from two serve processes on one database', { skip }, async () => {
  const url = cluster!.url;
  await stationA.ledger.push(url);
  const sqlite = await startMessageServer(stationA.verdicts, stationA.log, { token: TOKEN });
  const ledger = await openLedgerDatabase(url);
  const postgres = await startMessageServer(new PgVerdictLedger(ledger), stationA.log, { token: TOKEN });
  try {
    const cases = ['LG-001', 'LG-006', 'LG-007', 'LG-012', 'LG-999', ''];
    const fromSqlite = [];
    const fromPostgres = [];
    for (const extinfo of cases) {
      fromSqlite.push(await post(sqlite.url, scan(extinfo)));
      fromPostgres.push(await post(postgres.url, scan(extinfo)));
    }
    fromSqlite.push(await post(sqlite.url, scan('LG-001', { KeyStr: OTHER_PRODUCT.keystr })));
    fromPostgres.push(await post(postgres.url, scan('LG-001', { KeyStr: OTHER_PRODUCT.keystr })));
    // A scan with an empty ExtInfo carries no code: answered "success", no verdict, never fake.
    assert.deepEqual(fromSqlite, ['real', 'real', 'not_active', 'not_active', 'fake', undefined, 'fake']);
    assert.deepEqual(fromPostgres, fromSqlite);
    // At once, pushes are answered in groups (one statement): each still gets its own verdict, and
    // a push WeChat sent twice at the same instant is recorded once with one answer.
    const twice = scan('LG-004');
    const together = await Promise.all([...cases.map((extinfo) => scan(extinfo)), twice, twice, twice].map((xml) => post(postgres.url, xml)));
    assert.deepEqual(together, [...fromSqlite.slice(0, cases.length), 'real', 'real', 'real']);
    assert.equal((await query(url, `SELECT 1 FROM ledger_verdicts WHERE extinfo = 'LG-004'`)).length, 1);
  } finally {
    await sqlite.close();
    await postgres.close();
    await ledger.close();
  }

  const servers = await Promise.all(
    [0, 1].map(async () => {
      const child = spawnFastCli(['--data', tempDir(), 'serve', '--port', '0', '--token', TOKEN, '--database', url]);
      return { child, url: (await waitForLine(child, /listening (http:\/\/127\.0\.0\.1:\d+)/)).match[1]! };
    }),
  );
  const before = Number((await query<{ n: string }>(url, 'SELECT count(*) AS n FROM ledger_verdicts'))[0]!.n);
  const pushes = ['LG-002', 'LG-008', 'LG-404', 'LG-003'].map((extinfo) => scan(extinfo));
  const answers = await Promise.all(servers.map((s) => Promise.all(pushes.map((xml) => post(s.url, xml)))));
  assert.deepEqual(answers[0], ['real', 'not_active', 'fake', 'real']);
  assert.deepEqual(answers[1], answers[0], 'two processes, one ledger, the same answers');
  const after = Number((await query<{ n: string }>(url, 'SELECT count(*) AS n FROM ledger_verdicts'))[0]!.n);
  assert.equal(after - before, pushes.length, 'each push recorded once although both servers answered it');

  // A retry reaching the other server after the code was deactivated gets the first answer.
  const xml = scan('LG-005');
  assert.equal(await post(servers[0]!.url, xml), 'real');
  stationA.activation.set(batchA.id, { from: 5, to: 5 }, false);
  await stationA.ledger.push(url);
  assert.equal(await post(servers[1]!.url, xml), 'real');
  assert.equal(await post(servers[1]!.url, scan('LG-005')), 'not_active', 'a new scan after the undo reached the ledger');
  for (const s of servers) s.child.kill('SIGTERM');

  const listed = await cli(['--data', tempDir(), 'verdicts', '--database', url, '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  const verdicts = JSON.parse(listed.stdout) as { extinfo: string; result: string; scans: number }[];
  assert.equal(verdicts[0]!.extinfo, 'LG-005');
  assert.equal(verdicts[0]!.result, 'not_active');
  assert.equal(verdicts.find((v) => v.extinfo === 'LG-002')!.scans, 1);
});

test('PostgreSQL: two scans in one second are two scans, a barcode scan is no_code, card events are recorded once and counted per print run', { skip }, async () => {
  const url = cluster!.url;
  await stationA.ledger.push(url);
  const ledger = await openLedgerDatabase(url);
  const server = await startMessageServer(new PgVerdictLedger(ledger), stationA.log, { token: TOKEN });
  try {
    const second = ++createTime;
    const same = (extinfo: string) => scan(extinfo, { FromUserName: 'oSameSecondPg', CreateTime: second });
    assert.equal(await post(server.url, same('LG-888')), 'fake');
    assert.equal(await post(server.url, same('LG-001')), 'real', 'not the first scan\'s answer again');
    const barcode = buildMessage({ ToUserName: 'gh_ledger', FromUserName: 'oBarcodePg', CreateTime: ++createTime, MsgType: 'event', Event: 'scan_product_callback', KeyStandard: PRODUCT.keystandard, KeyStr: PRODUCT.keystr });
    assert.equal(await post(server.url, barcode), undefined, 'answered success: no verdict');
    assert.deepEqual((await query<{ result: string }>(url, `SELECT result FROM ledger_verdicts WHERE from_user IN ('oSameSecondPg', 'oBarcodePg') ORDER BY id`)).map((r) => r.result), ['fake', 'real', 'no_code']);

    const card = (event: string, fields: Record<string, string | number>) =>
      buildMessage({ ToUserName: 'gh_ledger', FromUserName: 'oCardPg', CreateTime: ++createTime, MsgType: 'event', Event: event, CardId: 'pCardPg', ...fields });
    const claim = card('user_get_card', { UserCardCode: 'K001', OuterStr: 'run-9', IsGiveByFriend: 0 });
    await post(server.url, claim);
    await post(server.url, claim);
    await post(server.url, card('user_get_card', { FromUserName: 'oFriendPg', UserCardCode: 'K900', IsGiveByFriend: 1, FriendUserName: 'oCardPg', OldUserCardCode: 'K001', OuterStr: '' }));
    await post(server.url, card('user_consume_card', { UserCardCode: 'K900' }));
    await post(server.url, card('user_get_card', { UserCardCode: 'K002', OuterStr: 'run-10', IsGiveByFriend: 0 }));
    await post(server.url, card('user_del_card', { UserCardCode: 'K002' }));
  } finally {
    await server.close();
    await ledger.close();
  }
  const listed = await cli(['--data', tempDir(), 'card', 'claims', '--database', url, '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  const runs = (JSON.parse(listed.stdout) as { outerStr: string; claims: number; gifts: number; consumed: number; deleted: number }[]).map((r) => [r.outerStr, r.claims, r.gifts, r.consumed, r.deleted]);
  assert.deepEqual(runs, [['run-10', 1, 0, 0, 1], ['run-9', 1, 1, 1, 0]], 'the retry once; the gift and its use count for the run the card was claimed through');
});

test('ledger export/import: a checksummed file carries a station offline; a damaged file imports nothing', { skip }, async () => {
  const dir = tempDir();
  const file = path.join(dir, 'shop-a.qrledger');
  const exported = await cli(['--data', stationA.dataDir, 'ledger', 'export', file]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, /12 codes written to /);
  const again = await cli(['--data', stationA.dataDir, 'ledger', 'export', file]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /exists already: choose another name/);
  assert.deepEqual(fs.readdirSync(dir), ['shop-a.qrledger'], 'no part file left behind');

  const fresh = await cluster!.createDatabase('offline');
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString();
  const damaged = [
    ['tampered.qrledger', zlib.gzipSync(text.replace('LG-003', 'LG-333')), /is damaged: its checksum does not match/],
    ['cut.qrledger', zlib.gzipSync(text.split('\n').slice(0, 5).join('\n')), /is incomplete: it ends after 4 codes/],
    ['cut-gzip.qrledger', fs.readFileSync(file).subarray(0, 60), /cannot be read as a ledger file/],
    ['other.qrledger', zlib.gzipSync('{"hello":1}\n'), /is not a QR Pack ledger file/],
  ] as const;
  for (const [name, bytes, message] of damaged) {
    fs.writeFileSync(path.join(dir, name), bytes);
    const refused = await cli(['--data', tempDir(), 'ledger', 'import', path.join(dir, name), '--database', fresh]);
    assert.equal(refused.code, 2, name);
    assert.match(refused.stderr, message, name);
    assert.doesNotMatch(refused.stderr, /at .*\.js|Error:/, 'no stack trace');
  }
  assert.equal(await query(fresh, `SELECT to_regclass('ledger_codes') AS t`).then((r) => r[0]!.t), null, 'nothing written: the database was never touched');

  const admin = testApp();
  await admin.ledger.init(fresh, SANDBOX_APPID);
  await admin.ledger.enrol(fresh, stationA.ledger.station().enrolmentLine, false);
  const imported = await cli(['--data', tempDir(), 'ledger', 'import', file, '--database', fresh]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /The file is from station Shop A, exported .*; its checksum and signature match/);
  assert.match(imported.stdout, /12 codes pushed to .*: 12 added, 0 updated, 0 unchanged, 0 refused/);
  const reimported = await cli(['--data', tempDir(), '--lang', 'zh-CN', 'ledger', 'import', file, '--database', fresh]);
  assert.equal(reimported.code, 2);
  assert.match(reimported.stderr, /此文件\(站点"Shop A"的第 \d+ 号\)已于 .* 完整应用;再次应用不作任何更改。未作任何更改。/);
  const sameAsPushed = await query<{ n: string }>(fresh, `SELECT count(*) AS n FROM ledger_codes WHERE active_at IS NOT NULL`);
  assert.equal(Number(sameAsPushed[0]!.n), 5, 'activation travels on the file too (1–6 less the undone 5)');
  const stations = await query<{ station: string }>(fresh, 'SELECT station FROM ledger_stations');
  const stationIdOfA = stationA.db.prepare(`SELECT value FROM settings WHERE key = 'ledgerStation'`).pluck().get();
  assert.deepEqual(stations.map((s) => s.station), [stationIdOfA], 'the file pushes as the station that wrote it');
});

test('a push killed halfway is completed by pushing again', { skip }, async () => {
  const url = await cluster!.createDatabase('killed');
  const station = await enrolled(testApp(), url, 'Shop K');
  const count = 150_000;
  const batch = await station.batches.plan('sandbox', { product: OTHER_PRODUCT, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'K-{seq:6}', start: 1, count, step: 1 } });
  // The codes as if issued (WeChat's answers are not what this test is about).
  station.db.prepare(`UPDATE codes SET status = 'issued', content = 'http://p.url.cn/k/' || extinfo, issued_at = ? WHERE batch_id = ?`).run(new Date().toISOString(), batch.id);
  const child = spawnFastCli(['--data', station.dataDir, 'ledger', 'push', '--database', url]);
  const exited = finished(child);
  let seen = 0;
  for (let i = 0; i < 400 && seen === 0; i++) {
    await new Promise((r) => setTimeout(r, 25));
    seen = await ledgerCount(url).catch(() => 0);
  }
  child.kill('SIGKILL');
  await exited;
  const partial = await ledgerCount(url);
  assert.ok(partial > 0 && partial < count, `killed partway (${partial} of ${count} pushed)`);
  const completed = await cli(['--data', station.dataDir, 'ledger', 'push', '--database', url, '--json']);
  assert.equal(completed.code, 0, completed.stderr);
  const report = JSON.parse(completed.stdout);
  assert.equal(report.added + report.unchanged, count);
  assert.equal(report.unchanged, partial, 'what the killed push committed stays');
  assert.equal(await ledgerCount(url), count);
});

test('bad --database values and an unreachable ledger are told plainly, in both languages, and change nothing', { skip }, async () => {
  const data = tempDir();
  assert.equal((await cli(['--data', data, 'ledger', 'station', '--name', 'Shop D'])).code, 0);
  const cases: [string[], RegExp, RegExp][] = [
    [['ledger', 'push'], /--database URL: the shared ledger, postgres:\/\//, /--database URL:共享账本/],
    [['ledger', 'push', '--database', 'mysql://x@h/db'], /--database: a PostgreSQL URL/, /--database:PostgreSQL 地址/],
    [['ledger', 'import', '--database', cluster!.url], /ledger import: give the file/, /ledger import:请给出文件/],
    [['ledger', 'import', '/nonexistent/shop.qrledger', '--database', cluster!.url], /^There is no file \/nonexistent\/shop\.qrledger\.\n$/, /^文件 \/nonexistent\/shop\.qrledger 不存在。\n$/],
    [['ledger', 'sync'], /ledger: station, push, export FILE, import FILE, init or enrol LINE/, /ledger:station、push、export 文件、import 文件、init 或 enrol 登记行/],
    [['serve', '--port', '0', '--token', TOKEN, '--database', 'postgres://nobody@127.0.0.1:1/none'], /The ledger database 127\.0\.0\.1:1\/none cannot be reached/, /账本数据库 127\.0\.0\.1:1\/none 无法连接/],
    [['ledger', 'push', '--database', `postgres://postgres:s3cretPass@127.0.0.1:${cluster!.port}/nothere`], /127\.0\.0\.1:\d+\/nothere does not exist/, /不存在:请先创建/],
  ];
  for (const [args, en, zh] of cases) {
    for (const [lang, message] of [['en', en], ['zh-CN', zh]] as const) {
      const r = await cli(['--data', data, '--lang', lang, ...args]);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, message, `${lang}: ${args.join(' ')}`);
      assert.doesNotMatch(r.stderr, /s3cretPass|at .*\.js|internal error/, 'no password, no stack');
    }
  }
});

test('ledger import refuses a small gzip holding one 640 MB line in plain words, without reading it into memory', { skip }, async () => {
  const file = path.join(tempDir(), 'huge-line.qrledger');
  const header = JSON.stringify({ format: 'qrpack-ledger', version: 2, station: '00000000-0000-4000-8000-000000000000', stationName: 'x', appid: SANDBOX_APPID, seq: 1, exportedAt: new Date().toISOString() });
  const block = Buffer.alloc(1024 * 1024, 'a');
  async function* content() {
    yield Buffer.from(`${header}\n["ean13","`);
    for (let i = 0; i < 640; i++) yield block;
    yield Buffer.from('"]\n');
  }
  await pipeline(Readable.from(content()), zlib.createGzip({ level: 9 }), fs.createWriteStream(file));
  assert.ok(fs.statSync(file).size < 2 * 1024 * 1024, 'a small file');
  for (const [lang, message] of [
    ['en', /huge-line\.qrledger is not a QR Pack ledger file: line 2 is longer than 64 KB\. Nothing was imported\.\n$/],
    ['zh-CN', /huge-line\.qrledger 不是 QR Pack 账本文件:第 2 行超过 64 KB。未导入任何内容。\n$/],
  ] as const) {
    const r = await cli(['--data', tempDir(), '--lang', lang, 'ledger', 'import', file, '--database', cluster!.url]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
  }
});

test('a later ledger export removes the part file a killed one left', { skip }, async () => {
  const station = testApp();
  station.ledger.identity.setName('Shop P');
  const batch = await station.batches.plan('sandbox', { product: OTHER_PRODUCT, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'P-{seq:6}', start: 1, count: 150_000, step: 1 } });
  station.db.prepare(`UPDATE codes SET status = 'issued', content = 'http://p.url.cn/k/' || extinfo, issued_at = ? WHERE batch_id = ?`).run(new Date().toISOString(), batch.id);
  const dir = tempDir();
  const target = path.join(dir, 'shop-p.qrledger');
  const child = spawnFastCli(['--data', station.dataDir, 'ledger', 'export', target]);
  const exited = finished(child);
  const parts = () => fs.readdirSync(dir).filter((n) => n.endsWith('.part'));
  for (let i = 0; i < 800 && !(parts().length && fs.statSync(path.join(dir, parts()[0]!)).size > 0); i++) await new Promise((r) => setTimeout(r, 10));
  child.kill('SIGKILL');
  await exited;
  assert.equal(parts().length, 1, 'the kill left a part file');
  assert.ok(!fs.existsSync(target), 'and no file under the final name');
  const again = await cli(['--data', station.dataDir, 'ledger', 'export', target]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(fs.readdirSync(dir), ['shop-p.qrledger'], 'the abandoned part file is gone');
});
