import assert from 'node:assert/strict';
import { createHash, createPrivateKey, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import zlib from 'node:zlib';
import type { QrPackApp } from '../../electron/core/app';
import { claimText, enrolmentLine, readEnrolmentLine } from '../../electron/core/ledger/pushClaim';
import { messageSignature } from '../../electron/core/verdicts/messageCrypto';
import { buildMessage } from '../../electron/core/verdicts/messageXml';
import { finished, spawnFastCli, waitForLine } from '../support/childProcess';
import { postgresBinaries, query, startPostgres } from '../support/postgres';
import { tempDir } from '../support/tempDir';
import { testApp } from '../support/testApp';

const found = postgresBinaries();
const skip = 'missing' in found ? `needs PostgreSQL: ${found.missing}` : false;
const cluster = skip ? null : await startPostgres();
after(() => cluster?.stop());

const REAL_APPID = 'wx1234567890abcdef';
const SANDBOX_APPID = 'wx5a4db0c0de000001';
const PRODUCT = { keystandard: 'ean13', keystr: '6900873042720' };
const TOKEN = 'trustToken1';

const cli = (args: string[], env: Record<string, string> = {}) => finished(spawnFastCli(args, env));

const activeIn = async (url: string) =>
  (await query<{ extinfo: string }>(url, `SELECT extinfo FROM ledger_codes WHERE active_at IS NOT NULL ORDER BY extinfo`)).map((r) => r.extinfo);

/**
 * A print shop's data folder: `count` codes issued under the real AppID (1–active activated) and as
 * many under the sandbox, the station named.
 */
async function printShop(name: string, prefix: string, count = 8, active = 5): Promise<QrPackApp> {
  const app = testApp();
  const account = app.accounts.ensureForAppId(REAL_APPID, {});
  for (const accountId of [account.id, 'sandbox']) {
    const batch = await app.batches.plan('sandbox', { product: PRODUCT, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: `${accountId === 'sandbox' ? 'SB' : prefix}-{seq:${Math.max(3, String(count).length)}}`, start: 1, count, step: 1 } });
    // The codes as if WeChat had issued them under that account (WeChat is not what this is about).
    app.db.prepare(`UPDATE batches SET account_id = ? WHERE id = ?`).run(accountId, batch.id);
    app.db.prepare(`UPDATE codes SET account_id = ?, status = 'issued', content = 'http://p.url.cn/t/' || extinfo, issued_at = ? WHERE batch_id = ?`).run(accountId, new Date().toISOString(), batch.id);
    app.activation.set(batch.id, { from: 1, to: active }, true);
  }
  app.ledger.identity.setName(name);
  return app;
}
const realBatch = (app: QrPackApp) => app.db.prepare(`SELECT b.id FROM batches b JOIN accounts a ON a.id = b.account_id WHERE a.app_id = ?`).pluck().get(REAL_APPID) as number;

/** A ledger set up for the real AppID by its administrator, with these stations enrolled. */
async function ledgerFor(name: string, ...stations: QrPackApp[]): Promise<string> {
  const url = await cluster!.createDatabase(name);
  const admin = await cli(['--data', tempDir(), 'ledger', 'init', '--database', url, '--appid', REAL_APPID]);
  assert.equal(admin.code, 0, admin.stderr);
  assert.match(admin.stdout, /now serves AppID wx1234567890abcdef/);
  for (const station of stations) {
    const enrolled = await cli(['--data', tempDir(), 'ledger', 'enrol', station.ledger.station().enrolmentLine, '--database', url]);
    assert.equal(enrolled.code, 0, enrolled.stderr);
    assert.match(enrolled.stdout, new RegExp(`Station: ${station.ledger.station().name}\\nId: [0-9a-f-]{36}\\nKey fingerprint: ([0-9a-f]{4} ){3}[0-9a-f]{4}\\nEnrolled in `));
  }
  return url;
}

/** The file's lines (header, codes, trailer), and a writer that recomputes the checksum as a forger would. */
const linesOf = (file: string) => zlib.gunzipSync(fs.readFileSync(file)).toString().trimEnd().split('\n');
function rewrite(file: string, lines: string[], signWith?: string): void {
  const body = lines.slice(0, -1).map((l) => `${l}\n`).join('');
  const sha256 = createHash('sha256').update(body).digest('hex');
  const trailer = JSON.parse(lines.at(-1)!);
  const header = JSON.parse(lines[0]!);
  const signature = signWith
    ? sign(null, Buffer.from(claimText({ kind: 'file', station: header.station, appid: header.appid, seq: header.seq, sha256 })), createPrivateKey(fs.readFileSync(signWith))).toString('base64')
    : trailer.signature;
  fs.writeFileSync(file, zlib.gzipSync(`${body}${JSON.stringify({ count: lines.length - 2, sha256, signature })}\n`));
}
const keyFileOf = (app: QrPackApp) => path.join(app.dataDir, 'secrets', 'ledger-station.pem');

test('a forged file is refused: codes added with the checksum recomputed, or another station\'s id signed with another key', { skip }, async () => {
  const shop = await printShop('Shop S', 'S');
  const forger = await printShop('Forger F', 'F');
  const url = await ledgerFor('forged', shop, forger);
  const dir = tempDir();
  const exported = await cli(['--data', shop.dataDir, 'ledger', 'export', path.join(dir, 's.qrledger'), '--appid', REAL_APPID]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, /8 codes written to .*s\.qrledger, signed/);
  const before = await activeIn(url);

  // 1. A code WeChat never issued, active, and S-008 (never activated) made active; checksum recomputed.
  const added = path.join(dir, 'added.qrledger');
  fs.copyFileSync(path.join(dir, 's.qrledger'), added);
  const lines = linesOf(added);
  lines.splice(1, 0, JSON.stringify(['ean13', PRODUCT.keystr, 'NEVER-1', 'http://p.url.cn/t/NEVER-1', 0, '2026-01-01T00:00:00.000Z']));
  lines[lines.findIndex((l) => l.includes('"S-008"'))] = JSON.stringify(['ean13', PRODUCT.keystr, 'S-008', 'http://p.url.cn/t/S-008', 0, '2026-01-01T00:00:00.000Z']);
  rewrite(added, lines);
  // 2. The forger's own file, its header naming S, signed with the forger's key.
  const posing = path.join(dir, 'posing.qrledger');
  assert.equal((await cli(['--data', forger.dataDir, 'ledger', 'export', posing, '--appid', REAL_APPID])).code, 0);
  const forged = linesOf(posing);
  forged[0] = JSON.stringify({ ...JSON.parse(forged[0]!), station: shop.ledger.station().id, stationName: 'Shop S' });
  rewrite(posing, forged, keyFileOf(forger));

  for (const file of [added, posing]) {
    for (const [lang, message] of [
      ['en', /^This file names station "Shop S" but is not signed with the key enrolled for it: it was forged or altered after it was made, or comes from a copy of that station's data folder\. Nothing was changed\.\n$/],
      ['zh-CN', /^此文件自称来自站点"Shop S",但并非用该站点登记的密钥签名/],
    ] as const) {
      const r = await cli(['--data', tempDir(), '--lang', lang, 'ledger', 'import', file, '--database', url]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    }
  }
  assert.deepEqual(await activeIn(url), before, 'nothing written');
  assert.equal((await query(url, `SELECT 1 FROM ledger_codes WHERE extinfo IN ('NEVER-1', 'S-008')`)).length, 0);

  // The genuine file goes in; its twin from before signatures (version 1) is refused by name.
  const genuine = await cli(['--data', tempDir(), 'ledger', 'import', path.join(dir, 's.qrledger'), '--database', url]);
  assert.equal(genuine.code, 0, genuine.stderr);
  assert.match(genuine.stdout, /from station Shop S, .*checksum and signature match/);
  const old = linesOf(path.join(dir, 's.qrledger'));
  old[0] = JSON.stringify({ ...JSON.parse(old[0]!), version: 1 });
  const unsigned = path.join(dir, 'v1.qrledger');
  rewrite(unsigned, old);
  const refused = await cli(['--data', tempDir(), 'ledger', 'import', unsigned, '--database', url]);
  assert.match(refused.stderr, /is unsigned \(written by an older QR Pack\): export it again/);
});

test('an old file changes nothing and says so: export, push, deactivate, push, import the old file', { skip }, async () => {
  const shop = await printShop('Shop R', 'R');
  const url = await ledgerFor('replayed', shop);
  const old = path.join(tempDir(), 'before.qrledger');
  assert.equal((await cli(['--data', shop.dataDir, 'ledger', 'export', old, '--appid', REAL_APPID])).code, 0);
  assert.equal((await cli(['--data', shop.dataDir, 'ledger', 'push', '--appid', REAL_APPID, '--database', url])).code, 0);
  shop.activation.set(realBatch(shop), { from: 1, to: 3 }, false); // destroyed goods
  const pushed = await cli(['--data', shop.dataDir, 'ledger', 'push', '--appid', REAL_APPID, '--database', url]);
  assert.match(pushed.stdout, /3 updated/);
  assert.match(pushed.stdout, /number 3 of station "Shop R"/);
  assert.deepEqual(await activeIn(url), ['R-004', 'R-005']);

  for (const [lang, message] of [
    ['en', /^This file is number 1 of station "Shop R"; the ledger has applied its number 3 already: something older changes nothing \(it would undo later activations\)\. Nothing was changed\.\n$/],
    ['zh-CN', /^此文件是站点"Shop R"的第 1 号;账本已应用其第 3 号:较旧的内容不作任何更改/],
  ] as const) {
    const r = await cli(['--data', tempDir(), '--lang', lang, 'ledger', 'import', old, '--database', url]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
  }
  assert.deepEqual(await activeIn(url), ['R-004', 'R-005'], 'the destroyed goods stay deactivated');
});

test('one AppID per ledger: a sandbox push is refused in plain words, and serve answers only for its AppID', { skip }, async () => {
  const shop = await printShop('Shop T', 'T');
  const url = await ledgerFor('appid', shop);
  const sandboxPush = await cli(['--data', shop.dataDir, 'ledger', 'push', '--database', url]);
  assert.equal(sandboxPush.code, 2, sandboxPush.stderr);
  assert.match(sandboxPush.stderr, /^This push holds the sandbox's codes \(rehearsals WeChat never issued\); the ledger 127\.0\.0\.1:\d+\/appid serves AppID wx1234567890abcdef only\. Push the codes of that account: qrpack ledger push --appid wx1234567890abcdef\. Nothing was changed\.\n$/);
  const sandboxFile = path.join(tempDir(), 'sb.qrledger');
  assert.equal((await cli(['--data', shop.dataDir, 'ledger', 'export', sandboxFile])).code, 0, 'the sandbox file is written (it is the ledger that refuses it)');
  const zhImport = await cli(['--data', tempDir(), '--lang', 'zh-CN', 'ledger', 'import', sandboxFile, '--database', url]);
  assert.equal(zhImport.code, 2);
  assert.match(zhImport.stderr, /^此文件中是沙盒的码\(演练用,并非微信签发\);账本 .* 只服务 AppID wx1234567890abcdef/);
  assert.equal((await query(url, `SELECT 1 FROM ledger_codes`)).length, 0, 'nothing written');

  const another = await cli(['--data', tempDir(), 'ledger', 'init', '--database', url, '--appid', 'wx00000000000000ff']);
  assert.equal(another.code, 2);
  assert.match(another.stderr, /serves AppID wx1234567890abcdef: one ledger serves one AppID; give wx00000000000000ff a database of its own/);

  assert.equal((await cli(['--data', shop.dataDir, 'ledger', 'push', '--appid', REAL_APPID, '--database', url])).code, 0);
  // Rows another way in would leave: a sandbox code, and one from before rows carried an AppID.
  await query(url, `INSERT INTO ledger_codes (keystandard, keystr, extinfo, content, test, active_at, station, pushed_at, appid)
    SELECT keystandard, keystr, 'SB-001', 'x', false, now(), station, now(), $1 FROM ledger_codes WHERE extinfo = 'T-001'
    UNION ALL SELECT keystandard, keystr, 'OLD-001', 'y', false, now(), station, now(), NULL FROM ledger_codes WHERE extinfo = 'T-001'`, [SANDBOX_APPID]);
  const serve = spawnFastCli(['--data', tempDir(), 'serve', '--port', '0', '--token', TOKEN, '--database', url]);
  const serverUrl = (await waitForLine(serve, /listening (http:\/\/127\.0\.0\.1:\d+)/)).match[1]!;
  let createTime = 1_700_200_000;
  const answer = async (extinfo: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const xml = buildMessage({ ToUserName: 'gh_t', FromUserName: 'oTrust', CreateTime: ++createTime, MsgType: 'event', Event: 'scan_product_callback', KeyStandard: PRODUCT.keystandard, KeyStr: PRODUCT.keystr, ExtInfo: extinfo });
    // A nonce per push, as WeChat's: a pair used again with another body is a replay.
    const nonce = `n${createTime}`;
    const res = await fetch(`${serverUrl}/?signature=${messageSignature(TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`, { method: 'POST', body: xml });
    return /<CodeResult><!\[CDATA\[(\w+)\]\]>/.exec(await res.text())?.[1];
  };
  assert.deepEqual([await answer('T-001'), await answer('T-007'), await answer('SB-001'), await answer('OLD-001')], ['real', 'not_active', 'fake', 'fake']);
  serve.kill('SIGTERM');

  const otherAccount = await cli(['--data', tempDir(), 'serve', '--port', '0', '--token', TOKEN, '--aes-key', 'a'.repeat(43), '--wechat-appid', SANDBOX_APPID, '--database', url]);
  assert.equal(otherAccount.code, 2);
  assert.match(otherAccount.stderr, /--wechat-appid wx5a4db0c0de000001: the ledger 127\.0\.0\.1:\d+\/appid serves AppID wx1234567890abcdef only/);

  const unset = await cluster!.createDatabase('unset');
  const notSetUp = await cli(['--data', tempDir(), 'serve', '--port', '0', '--token', TOKEN, '--database', unset]);
  assert.equal(notSetUp.code, 2);
  assert.match(notSetUp.stderr, /The ledger 127\.0\.0\.1:\d+\/unset serves no AppID yet: the brand's administrator sets it up once with qrpack ledger init/);
});

test('stations: a name a person chose, a copied data folder noticed and asked about, keys enrolled once', { skip }, async () => {
  const data = tempDir();
  const unnamed = await cli(['--data', data, 'ledger', 'export', path.join(tempDir(), 'x.qrledger')]);
  assert.equal(unnamed.code, 2);
  assert.match(unnamed.stderr, /This station has no name yet: give it one people will recognise, e.g\. qrpack ledger station --name "Shop A, line 2"/);
  const badName = await cli(['--data', data, 'ledger', 'station', '--name', 'x\u001b[31m']);
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /--name: the station's name, no control characters/);
  const named = await cli(['--data', data, 'ledger', 'station', '--name', 'Shop C, line 1']);
  assert.equal(named.code, 0, named.stderr);
  assert.match(named.stdout, /^Station: Shop C, line 1\nId: [0-9a-f-]{36}\nKey fingerprint: [0-9a-f ]{19}\nTo enrol this station, send the brand's administrator this line \(qrpack ledger enrol\):\nqrpack-station:\S+\n$/);
  assert.equal(fs.statSync(path.join(data, 'secrets', 'ledger-station.pem')).mode & 0o777, 0o600, 'the private key readable by this user only');
  const line = named.stdout.trim().split('\n').at(-1)!;
  const original = readEnrolmentLine(line)!;

  const copy = `${data}-copy`;
  fs.cpSync(data, copy, { recursive: true });
  after(() => fs.rmSync(copy, { recursive: true, force: true }));
  const asked = await cli(['--data', copy, 'ledger', 'station']);
  assert.equal(asked.code, 2);
  assert.match(asked.stderr, /This data folder is ledger station "Shop C, line 1", made at .*; it is now at .*-copy\. If it is a copy, make it a new station: qrpack ledger station --new --name NAME \(then enrol it\)\. If the folder was moved, keep the station: qrpack ledger station --moved\./);
  const renaming = await cli(['--data', copy, 'ledger', 'station', '--name', 'Shop C, line 9']);
  assert.equal(renaming.code, 2, 'a copy is not renamed before a person says what it is');
  assert.match(renaming.stderr, /This data folder is ledger station "Shop C, line 1"/);
  const renewed = await cli(['--data', copy, 'ledger', 'station', '--new', '--name', 'Shop C, line 2']);
  assert.equal(renewed.code, 0, renewed.stderr);
  const copyStation = readEnrolmentLine(renewed.stdout.trim().split('\n').at(-1)!)!;
  assert.notEqual(copyStation.id, original.id);
  assert.notEqual(copyStation.publicKey, original.publicKey);

  const url = await cluster!.createDatabase('stations');
  assert.equal((await cli(['--data', tempDir(), 'ledger', 'init', '--database', url, '--appid', SANDBOX_APPID])).code, 0);
  const enrol = (l: string, ...extra: string[]) => cli(['--data', tempDir(), 'ledger', 'enrol', l, '--database', url, ...extra]);
  assert.equal((await enrol(line)).code, 0);
  assert.match((await enrol(line)).stdout, /with this key already; nothing changed/);
  const sameName = await enrol(enrolmentLine({ ...copyStation, name: 'shop c, LINE 1' }));
  assert.equal(sameName.code, 2);
  assert.match(sameName.stderr, /Another station is enrolled as "shop c, LINE 1": each station needs a name of its own/);
  const otherKey = enrolmentLine({ ...original, publicKey: copyStation.publicKey });
  const impostor = await enrol(otherKey);
  assert.equal(impostor.code, 2);
  assert.match(impostor.stderr, /is enrolled already with another key \(([0-9a-f]{4} ?){4}; this line has ([0-9a-f]{4} ?){4}\)\. If the print shop really made a new key \(a lost data folder\), enrol it with --replace/);
  assert.equal((await enrol(line, '--bad')).code, 2);
  const garbled = await enrol('qrpack-station:xyz');
  assert.match(garbled.stderr, /ledger enrol: give the whole line the station printed/);

  // The copy, not yet enrolled, is refused; enrolled, both push under their own names.
  const pushCopy = () => cli(['--data', copy, 'ledger', 'push', '--database', url]);
  const notEnrolled = await pushCopy();
  assert.equal(notEnrolled.code, 2);
  assert.match(notEnrolled.stderr, new RegExp(`This push is from station ${copyStation.id}, which is not enrolled in the ledger .*: on the print shop's computer run qrpack ledger station and send the line it prints to the brand's administrator, who enrols it with qrpack ledger enrol`));
  assert.equal((await enrol(renewed.stdout.trim().split('\n').at(-1)!)).code, 0);
  assert.equal((await pushCopy()).code, 0);
  assert.equal((await cli(['--data', data, 'ledger', 'push', '--database', url])).code, 0);
  const names = await query<{ name: string }>(url, 'SELECT name FROM ledger_stations ORDER BY name');
  assert.deepEqual(names.map((r) => r.name), ['Shop C, line 1', 'Shop C, line 2']);

  // A folder moved on purpose stays the same station once told so.
  const moved = `${data}-moved`;
  fs.renameSync(data, moved);
  after(() => fs.rmSync(moved, { recursive: true, force: true }));
  assert.equal((await cli(['--data', moved, 'ledger', 'push', '--database', url])).code, 2);
  const kept = await cli(['--data', moved, 'ledger', 'station', '--moved']);
  assert.match(kept.stdout, new RegExp(`Id: ${original.id}`));
  assert.equal((await cli(['--data', moved, 'ledger', 'push', '--database', url])).code, 0);
});

test('an import killed halfway is completed by importing the same file again, and only then refused as applied', { skip }, async () => {
  const shop = await printShop('Shop K', 'K', 100_000, 10);
  const url = await ledgerFor('killed-import', shop);
  const file = path.join(tempDir(), 'k.qrledger');
  assert.equal((await cli(['--data', shop.dataDir, 'ledger', 'export', file, '--appid', REAL_APPID])).code, 0);
  const count = async () => Number((await query<{ n: string }>(url, 'SELECT count(*) AS n FROM ledger_codes'))[0]!.n);
  const child = spawnFastCli(['--data', tempDir(), 'ledger', 'import', file, '--database', url]);
  const exited = finished(child);
  for (let i = 0; i < 800 && (await count()) === 0; i++) await new Promise((r) => setTimeout(r, 10));
  child.kill('SIGKILL');
  await exited;
  const partial = await count();
  assert.ok(partial > 0 && partial < 100_000, `killed partway (${partial})`);
  const completed = await cli(['--data', tempDir(), 'ledger', 'import', file, '--database', url, '--json']);
  assert.equal(completed.code, 0, completed.stderr);
  assert.equal(JSON.parse(completed.stdout).unchanged, partial);
  assert.equal(await count(), 100_000);
  const again = await cli(['--data', tempDir(), 'ledger', 'import', file, '--database', url]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /\(number 1 of station "Shop K"\) was applied in full on /);
});
