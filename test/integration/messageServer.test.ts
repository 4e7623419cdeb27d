import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';
import { logFileOf, openLogFile } from '../../electron/core/log/logFile';
import { aesKeyOf, decryptMessage, encryptMessage, messageSignature } from '../../electron/core/verdicts/messageCrypto';
import { buildMessage, parseMessage } from '../../electron/core/verdicts/messageXml';
import { startMessageServer } from '../../electron/core/verdicts/messageServer';
import { runFastCli, spawnFastCli, waitForLine } from '../support/childProcess';
import { tempDir } from '../support/tempDir';
import { testApp } from '../support/testApp';

const TOKEN = 'qrpackToken42';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const OFFICIAL_APPID = 'wx5a4db0c0de00beef';
const PRODUCT = { keystandard: 'ean13', keystr: '6900873042720' };

const app = testApp();
const batch = await app.batches.plan('sandbox', { product: PRODUCT, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'AF-{seq:3}', start: 1, count: 10, step: 1 } });
await app.batches.run(batch.id);
app.activation.set(batch.id, { from: 1, to: 5 }, true);
// Compatible mode: plaintext and safe-mode pushes alike (a safe-mode-only server is tested below).
const server = await startMessageServer(app.verdicts, app.log, { token: TOKEN, safeMode: { encodingAesKey: AES_KEY, appId: OFFICIAL_APPID, compatible: true } });
after(() => server.close());

const now = () => String(Math.floor(Date.now() / 1000));
let createTime = 1_700_000_000;
const push = (extinfo: string, overrides: Record<string, string | number> = {}) =>
  buildMessage({ ToUserName: 'gh_fbe8a958756e', FromUserName: 'otAzGjrJVN21mpDF4ZWQiYZwdK0Y', CreateTime: ++createTime, MsgType: 'event', Event: 'scan_product_callback', KeyStandard: PRODUCT.keystandard, KeyStr: PRODUCT.keystr, ExtInfo: extinfo, NeedAntiFake: 'true', ...overrides });

let nonces = 0;
/** A nonce per push, as WeChat's (a pair used again with another body is refused). */
const freshNonce = () => `n0nce${++nonces}`;

async function postPlain(xml: string, options: { timestamp?: string; nonce?: string; signature?: string; url?: string } = {}) {
  const timestamp = options.timestamp ?? now();
  const nonce = options.nonce ?? freshNonce();
  const signature = options.signature ?? messageSignature(TOKEN, timestamp, nonce);
  const res = await fetch(`${options.url ?? server.url}/?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&openid=o1`, { method: 'POST', body: xml });
  return { status: res.status, body: await res.text() };
}

async function postSafe(xml: string, options: { appId?: string; encrypt?: string; url?: string } = {}) {
  const timestamp = now();
  const nonce = freshNonce();
  const encrypt = options.encrypt ?? encryptMessage(aesKeyOf(AES_KEY), options.appId ?? OFFICIAL_APPID, xml);
  const msgSignature = messageSignature(TOKEN, timestamp, nonce, encrypt);
  const res = await fetch(`${options.url ?? server.url}/?signature=${messageSignature(TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}&encrypt_type=aes&msg_signature=${msgSignature}`, { method: 'POST', body: buildMessage({ ToUserName: 'gh_fbe8a958756e', Encrypt: encrypt }) });
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
  const query = { timestamp: now(), nonce: freshNonce() };
  assert.equal(resultOf((await postPlain(xml, query)).body), 'real');
  const before = verdictCount();
  app.activation.set(batch.id, { from: 2, to: 2 }, false);
  assert.equal(resultOf((await postPlain(xml, query)).body), 'real', 'the same push, the same answer');
  assert.equal(resultOf((await postPlain(xml)).body), 'real', 'the same push under another nonce, the same answer');
  assert.equal(verdictCount(), before, 'recorded once');
  assert.equal(resultOf((await postPlain(push('AF-002'))).body), 'not_active', 'a new scan after the undo');
  const counted = verdictCount();
  assert.equal((await postPlain(push('AF-003'), { nonce: 'n0nce', signature: messageSignature('forged', now(), 'n0nce') })).status, 401);
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

test('a captured query replayed with another body is refused (409) and recorded nowhere; the GET check applies the 5-minute window', async () => {
  const query = { timestamp: now(), nonce: freshNonce() };
  assert.equal(resultOf((await postPlain(push('AF-003'), query)).body), 'real');
  const counted = verdictCount();
  for (let i = 0; i < 5; i++) assert.equal((await postPlain(push('AF-003'), query)).status, 409, 'a new scan under the captured query');
  assert.equal((await postPlain(push('AF-001', { FromUserName: 'oAttacker' }), query)).status, 409);
  assert.equal(verdictCount(), counted, 'no suspicious scans added');

  const dayOld = String(Number(now()) - 86_400);
  const stale = await fetch(`${server.url}/?signature=${messageSignature(TOKEN, dayOld, 'x2')}&timestamp=${dayOld}&nonce=x2&echostr=hello`);
  assert.equal(stale.status, 403);
});

test('a safe-mode server accepts only encrypted pushes; compatible mode is a choice', async () => {
  const safeOnly = await startMessageServer(app.verdicts, app.log, { token: TOKEN, safeMode: { encodingAesKey: AES_KEY, appId: OFFICIAL_APPID } });
  try {
    const counted = verdictCount();
    assert.equal((await postPlain(push('AF-004'), { url: safeOnly.url })).status, 403, 'a plaintext push downgrades nothing');
    assert.equal(verdictCount(), counted);
    const encrypted = await postSafe(push('AF-004'), { url: safeOnly.url });
    assert.equal(encrypted.status, 200);
    assert.equal(resultOf(decryptMessage(aesKeyOf(AES_KEY), OFFICIAL_APPID, parseMessage(encrypted.body).Encrypt!)), 'real');
  } finally {
    await safeOnly.close();
  }
  assert.equal((await postPlain(push('AF-004'))).status, 200, 'the compatible server takes plaintext');
});

/** Raw HTTP: a request line and headers, then `body` (partial or not), over one socket; resolves with what came back when it closes. */
function rawRequest(url: string, head: string, body: string, options: { drop?: boolean } = {}): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(`${head}\r\nhost: 127.0.0.1\r\n\r\n${body}`);
      if (options.drop) setTimeout(() => socket.destroy(), 5);
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => undefined);
  });
}

test('floods of unsigned or broken pushes: refused before their body, the log grows by a line per kind, not per request', async () => {
  const log = logFileOf(app.dataDir);
  const sizeBefore = fs.statSync(log, { throwIfNoEntry: false })?.size ?? 0;
  const partial = '<xml><ToUserName>gh_1</ToUserName><Extin';
  const answers = await Promise.all(
    Array.from({ length: 400 }, (_, i) => rawRequest(server.url, `POST /?timestamp=1&nonce=x${i} HTTP/1.1\r\ncontent-length: 5000`, partial, { drop: i % 2 === 0 })),
  );
  assert.ok(answers.filter((a) => a).every((a) => a.startsWith('HTTP/1.1 401')), 'refused before the body, never a 500');
  const timestamp = now();
  const signed = (nonce: string) => `POST /?signature=${messageSignature(TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce} HTTP/1.1\r\ncontent-length: 5000`;
  for (let i = 0; i < 200; i++) await rawRequest(server.url, signed(`drop${i}`), partial, { drop: true });
  const added = fs.readFileSync(log, 'utf8').slice(sizeBefore);
  assert.ok(added.length < 2000, `${added.length} bytes logged for 600 refusals`);
  assert.doesNotMatch(added, /at .*\.(ts|js):\d+/, 'no stack trace');
  // A line per kind at most (a 401 logged by a test before, within the minute, has none now).
  const lines = added.trim().split('\n').map((line) => JSON.parse(line).message as string);
  assert.ok(lines.includes('message server refused a request: 400 the body did not arrive whole'), lines.join('\n'));
  assert.ok(lines.every((line) => /^message server refused a request: (401 bad signature|400 the body did not arrive whole)$/.test(line)), lines.join('\n'));
  assert.equal(new Set(lines).size, lines.length, 'one line per kind');
  assert.equal(resultOf((await postPlain(push('AF-001'))).body), 'real', 'still serving');
});

test('a body slower than the request timeout is cut off', async () => {
  const quick = await startMessageServer(app.verdicts, app.log, { token: TOKEN, requestTimeoutMs: 1000 });
  try {
    const timestamp = now();
    const started = performance.now();
    const answer = await rawRequest(quick.url, `POST /?signature=${messageSignature(TOKEN, timestamp, 'slow1')}&timestamp=${timestamp}&nonce=slow1 HTTP/1.1\r\ncontent-length: 5000`, '<xml>');
    const tookMs = performance.now() - started;
    assert.ok(tookMs < 5000, `closed after ${Math.round(tookMs)} ms`);
    assert.match(answer, /^HTTP\/1\.1 408|^$/);
  } finally {
    await quick.close();
  }
});

test('the log file is rotated by size: two files at most', () => {
  const dir = tempDir();
  const log = openLogFile(dir, { redact: (text: string) => text } as never, 20_000);
  for (let i = 0; i < 2000; i++) log.write('warn', `line ${i}`, { i });
  const file = logFileOf(dir);
  assert.ok(fs.statSync(file).size <= 20_000);
  assert.ok(fs.statSync(`${file}.1`).size <= 20_000);
  assert.deepEqual(fs.readdirSync(path.dirname(file)).sort(), ['qrpack.log', 'qrpack.log.1']);
  assert.match(fs.readFileSync(file, 'utf8'), /"line 1999"/, 'the newest line kept');
});

test('qrpack serve takes its Token and EncodingAESKey from a file or the environment: nothing secret on its command line', async () => {
  const dir = tempDir();
  const tokenFile = path.join(dir, 'token');
  fs.writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const fromFile = spawnFastCli(['--data', app.dataDir, 'serve', '--port', '0', '--token-file', tokenFile]);
  const fromEnv = spawnFastCli(['--data', app.dataDir, 'serve', '--port', '0', '--wechat-appid', OFFICIAL_APPID], { QRPACK_SERVE_TOKEN: TOKEN, QRPACK_SERVE_AES_KEY: AES_KEY });
  for (const child of [fromFile, fromEnv]) assert.doesNotMatch(child.spawnargs.join(' '), new RegExp(`${TOKEN}|${AES_KEY}`), 'ps shows no secret');
  const fileUrl = (await waitForLine(fromFile, /listening (\S+)/)).match[1]!;
  const envUrl = (await waitForLine(fromEnv, /listening (\S+)/)).match[1]!;
  for (const url of [fileUrl, envUrl]) {
    const timestamp = now();
    const res = await fetch(`${url}/?signature=${messageSignature(TOKEN, timestamp, 'e1')}&timestamp=${timestamp}&nonce=e1&echostr=ok7`);
    assert.equal(await res.text(), 'ok7');
  }
  assert.equal((await postPlain(push('AF-001'), { url: envUrl })).status, 403, 'the key from the environment: safe mode, plaintext refused');
  assert.equal((await postSafe(push('AF-001'), { url: envUrl })).status, 200);
  fromFile.kill('SIGTERM');
  fromEnv.kill('SIGTERM');
  const help = runFastCli(['help', 'serve']).stdout;
  for (const words of [/--token-file FILE/, /\$QRPACK_SERVE_TOKEN/, /--aes-key-file FILE/, /\$QRPACK_SERVE_AES_KEY/, /--compatible/, /used again with another body \(409\)/]) assert.match(help, words);
});
