import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { aesKeyOf, decryptMessage, encryptMessage, messageSignature } from '../../electron/core/verdicts/messageCrypto';
import { buildMessage, parseMessage } from '../../electron/core/verdicts/messageXml';
import { startMessageServer } from '../../electron/core/verdicts/messageServer';
import { spawnFastCli, waitForLine } from '../support/childProcess';
import { testApp } from '../support/testApp';

const TOKEN = 'qrpackToken42';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const OFFICIAL_APPID = 'wx5a4db0c0de00beef';
const PRODUCT = { keystandard: 'ean13', keystr: '6900873042720' };

const app = testApp();
const batch = await app.batches.plan('sandbox', { product: PRODUCT, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'AF-{seq:3}', start: 1, count: 10, step: 1 } });
await app.batches.run(batch.id);
app.activation.set(batch.id, { from: 1, to: 5 }, true);
const server = await startMessageServer(app.verdicts, app.log, { token: TOKEN, safeMode: { encodingAesKey: AES_KEY, appId: OFFICIAL_APPID } });
after(() => server.close());

const now = () => String(Math.floor(Date.now() / 1000));
let createTime = 1_700_000_000;
const push = (extinfo: string, overrides: Record<string, string | number> = {}) =>
  buildMessage({ ToUserName: 'gh_fbe8a958756e', FromUserName: 'otAzGjrJVN21mpDF4ZWQiYZwdK0Y', CreateTime: ++createTime, MsgType: 'event', Event: 'scan_product_callback', KeyStandard: PRODUCT.keystandard, KeyStr: PRODUCT.keystr, ExtInfo: extinfo, NeedAntiFake: 'true', ...overrides });

async function postPlain(xml: string, options: { timestamp?: string; signature?: string } = {}) {
  const timestamp = options.timestamp ?? now();
  const nonce = 'n0nce';
  const signature = options.signature ?? messageSignature(TOKEN, timestamp, nonce);
  const res = await fetch(`${server.url}/?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&openid=o1`, { method: 'POST', body: xml });
  return { status: res.status, body: await res.text() };
}

async function postSafe(xml: string, options: { appId?: string; encrypt?: string } = {}) {
  const timestamp = now();
  const nonce = 'safeNonce';
  const encrypt = options.encrypt ?? encryptMessage(aesKeyOf(AES_KEY), options.appId ?? OFFICIAL_APPID, xml);
  const msgSignature = messageSignature(TOKEN, timestamp, nonce, encrypt);
  const res = await fetch(`${server.url}/?signature=${messageSignature(TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}&encrypt_type=aes&msg_signature=${msgSignature}`, { method: 'POST', body: buildMessage({ ToUserName: 'gh_fbe8a958756e', Encrypt: encrypt }) });
  return { status: res.status, body: await res.text() };
}

const verdictCount = () => app.db.prepare('SELECT count(*) FROM verdicts').pluck().get() as number;
const resultOf = (xml: string) => /<CodeResult><!\[CDATA\[(\w+)\]\]><\/CodeResult>/.exec(xml)?.[1];

test('URL verification echoes echostr only for a matching signature', async () => {
  const timestamp = now();
  const ok = await fetch(`${server.url}/?signature=${messageSignature(TOKEN, timestamp, 'x1')}&timestamp=${timestamp}&nonce=x1&echostr=hello123`);
  assert.deepEqual([ok.status, await ok.text()], [200, 'hello123']);
  const forged = await fetch(`${server.url}/?signature=${messageSignature('other', timestamp, 'x1')}&timestamp=${timestamp}&nonce=x1&echostr=hello123`);
  assert.equal(forged.status, 401);
  assert.equal((await fetch(`${server.url}/?timestamp=${timestamp}&nonce=x1`)).status, 400);
});

test('plaintext pushes: real, not_active, fake (unknown, or under another product); the reply of seed 001; other events get success', async () => {
  const real = await postPlain(push('AF-001'));
  assert.equal(real.status, 200);
  const reply = parseMessage(real.body);
  assert.equal(reply.ToUserName, 'otAzGjrJVN21mpDF4ZWQiYZwdK0Y', 'To and From swapped');
  assert.equal(reply.FromUserName, 'gh_fbe8a958756e');
  assert.equal(reply.MsgType, 'scanproduct');
  assert.match(real.body, /<ScanProduct><KeyStandard><!\[CDATA\[ean13\]\]><\/KeyStandard><KeyStr><!\[CDATA\[6900873042720\]\]><\/KeyStr><ExtInfo><!\[CDATA\[AF-001\]\]><\/ExtInfo><AntiFake><CodeResult><!\[CDATA\[real\]\]><\/CodeResult><\/AntiFake><\/ScanProduct>/);
  assert.equal(resultOf((await postPlain(push('AF-007'))).body), 'not_active');
  assert.equal(resultOf((await postPlain(push('AF-999'))).body), 'fake');
  assert.equal(resultOf((await postPlain(push('AF-001', { KeyStr: '6901234567892' }))).body), 'fake', 'a known extinfo under another product');
  const other = await postPlain(buildMessage({ ToUserName: 'gh_1', FromUserName: 'o1', CreateTime: 1, MsgType: 'event', Event: 'subscribe' }));
  assert.deepEqual([other.status, other.body], [200, 'success']);
});

test('a retried push gets the first answer and is recorded once; forged or stale pushes are refused and recorded nowhere', async () => {
  const xml = push('AF-002');
  assert.equal(resultOf((await postPlain(xml)).body), 'real');
  const before = verdictCount();
  app.activation.set(batch.id, { from: 2, to: 2 }, false);
  assert.equal(resultOf((await postPlain(xml)).body), 'real', 'the same push, the same answer');
  assert.equal(verdictCount(), before, 'recorded once');
  assert.equal(resultOf((await postPlain(push('AF-002'))).body), 'not_active', 'a new scan after the undo');
  const counted = verdictCount();
  assert.equal((await postPlain(push('AF-003'), { signature: messageSignature('forged', now(), 'n0nce') })).status, 401);
  assert.equal((await postPlain(push('AF-003'), { timestamp: String(Number(now()) - 3600) })).status, 403);
  assert.equal(verdictCount(), counted);
});

test('two scans by one user in the same second are two scans: an unknown code then a real one answer fake then real', async () => {
  const second = ++createTime;
  const scan = (extinfo: string) => buildMessage({ ToUserName: 'gh_fbe8a958756e', FromUserName: 'oSameSecondUser', CreateTime: second, MsgType: 'event', Event: 'scan_product_callback', KeyStandard: PRODUCT.keystandard, KeyStr: PRODUCT.keystr, ExtInfo: extinfo });
  assert.equal(resultOf((await postPlain(scan('AF-404'))).body), 'fake');
  assert.equal(resultOf((await postPlain(scan('AF-004'))).body), 'real', 'the issued, activated code is real, not the first answer again');
  assert.equal(resultOf((await postPlain(scan('AF-004'))).body), 'real', 'its own retry gets its own answer');
  const rows = app.db.prepare<[], { extinfo: string; result: string }>(`SELECT extinfo, result FROM verdicts WHERE from_user = 'oSameSecondUser' ORDER BY id`).all();
  assert.deepEqual(rows, [{ extinfo: 'AF-404', result: 'fake' }, { extinfo: 'AF-004', result: 'real' }], 'two scans recorded, the retry once');
});

test('a push without ExtInfo (the pack\'s barcode opens the product page too) is answered success and recorded, never fake', async () => {
  const user = 'oBarcodeScanner';
  const noExtinfo = buildMessage({ ToUserName: 'gh_fbe8a958756e', FromUserName: user, CreateTime: ++createTime, MsgType: 'event', Event: 'scan_product_callback', KeyStandard: 'ean13', KeyStr: PRODUCT.keystr, NeedAntiFake: 'true' });
  const answered = await postPlain(noExtinfo);
  assert.deepEqual([answered.status, answered.body], [200, 'success'], 'no anti-fake result shown');
  const empty = await postPlain(push('', { FromUserName: user }));
  assert.deepEqual([empty.status, empty.body], [200, 'success']);
  const safe = await postSafe(buildMessage({ ToUserName: 'gh_fbe8a958756e', FromUserName: user, CreateTime: ++createTime, MsgType: 'event', Event: 'scan_product_callback', KeyStandard: 'ean13', KeyStr: PRODUCT.keystr }));
  assert.equal(safe.status, 200);
  assert.doesNotMatch(safe.body, /fake/);
  const recorded = app.db.prepare<[string], string>('SELECT result FROM verdicts WHERE from_user = ?').pluck().all(user);
  assert.deepEqual(recorded, ['no_code', 'no_code', 'no_code']);
});

test('safe mode: the push decrypted and checked, the reply encrypted and signed', async () => {
  const answer = await postSafe(push('AF-004'));
  assert.equal(answer.status, 200);
  const outer = parseMessage(answer.body);
  assert.equal(outer.MsgSignature, messageSignature(TOKEN, outer.TimeStamp!, outer.Nonce!, outer.Encrypt!));
  const inner = decryptMessage(aesKeyOf(AES_KEY), OFFICIAL_APPID, outer.Encrypt!);
  assert.equal(resultOf(inner), 'real');
  const counted = verdictCount();
  assert.equal((await postSafe(push('AF-004'), { appId: 'wxSomeoneElse00000' })).status, 400, 'another AppID inside');
  const bad = Buffer.from(encryptMessage(aesKeyOf(AES_KEY), OFFICIAL_APPID, push('AF-004')), 'base64');
  bad[bad.length - 1]! ^= 0xff;
  assert.equal((await postSafe('', { encrypt: bad.toString('base64') })).status, 400, 'bad padding');
  assert.equal(verdictCount(), counted);
});

test('bad input: malformed XML, DOCTYPE and entities, a 10 MB body, missing parameters — refused, nothing recorded, still serving', async () => {
  const counted = verdictCount();
  assert.equal((await postPlain('<xml><ToUserName>')).status, 400);
  assert.equal((await postPlain('<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><ExtInfo>&e;</ExtInfo></xml>')).status, 400);
  const huge = await postPlain(`<xml><A>${'x'.repeat(10 * 1024 * 1024)}</A></xml>`).catch(() => ({ status: 413, body: '' }));
  assert.equal(huge.status, 413);
  assert.equal((await fetch(`${server.url}/?signature=x`, { method: 'POST', body: push('AF-001') })).status, 400);
  assert.equal((await postPlain(push('AF-001', { CreateTime: 'soon' }))).status, 400);
  assert.equal(verdictCount(), counted);
  assert.equal(resultOf((await postPlain(push('AF-001'))).body), 'real', 'still serving');
});

test('activation: ranges, undo, audited; a tester batch is never activated; qrpack serve answers the handshake', async () => {
  const test = await app.batches.plan('sandbox', { product: PRODUCT, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'TT-{seq:2}', start: 1, count: 2, step: 1 } });
  app.db.prepare('UPDATE batches SET is_test = 1 WHERE id = ?').run(test.id);
  assert.throws(() => app.activation.set(test.id, undefined, true), /tester batch/);
  assert.throws(() => app.activation.set(batch.id, { from: 5, to: 11 }, true), /outside batch/);
  assert.deepEqual(app.actions.list({ accountId: 'sandbox' }).filter((a) => a.kind.endsWith('ctivateCodes')).map((a) => a.kind), ['deactivateCodes', 'activateCodes']);

  const child = spawnFastCli(['--data', app.dataDir, 'serve', '--port', '0', '--token', TOKEN]);
  const { match } = await waitForLine(child, /listening (http:\/\/127\.0\.0\.1:\d+)/);
  const timestamp = now();
  const res = await fetch(`${match[1]}/?signature=${messageSignature(TOKEN, timestamp, 'n')}&timestamp=${timestamp}&nonce=n&echostr=ok42`);
  assert.equal(await res.text(), 'ok42');
  child.kill('SIGTERM');
});
