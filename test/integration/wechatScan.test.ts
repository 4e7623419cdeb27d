import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { RequestCheckError, WechatError } from '../../electron/core/wechat/wechatError';
import { REJECT_MARKER } from '../../electron/sandbox/sandboxProducts';
import { BRAND_INFO, PRODUCT, rawPost, sandboxClient, stableToken, testSandbox } from '../support/sandbox';

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof WechatError, `expected a refusal, got ${String(error)}`);
  return error;
};

test('product life: create → off, submit → check → on, update sends it back to review, unpublish, clear', async () => {
  const sandbox = await testSandbox({ reviewDelayMs: 150 });
  const { client } = sandboxClient(sandbox);
  const { pid } = await client.scan.create(PRODUCT, BRAND_INFO);
  assert.match(pid, /^[\w-]{11}$/);
  assert.equal((await client.scan.get(PRODUCT)).base_info?.status, 'off');
  assert.equal((await refusal(client.scan.create(PRODUCT, BRAND_INFO))).errcode, 61337);

  await client.scan.modStatus(PRODUCT, 'on');
  assert.equal((await client.scan.get(PRODUCT)).base_info?.status, 'check');
  // Under review: neither update nor unpublish.
  assert.equal((await refusal(client.scan.update(PRODUCT, { base_info: { title: 'x' } }))).errcode, 63166);
  assert.equal((await refusal(client.scan.modStatus(PRODUCT, 'off'))).errcode, 63166);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal((await client.scan.get(PRODUCT)).base_info?.status, 'on');

  const updated = await client.scan.update(PRODUCT, { detail_info: { detail_list: [{ title: '规格', desc: '500 ml' }] } });
  assert.equal(updated.pid, pid, 'the pid is stable');
  const after = await client.scan.get(PRODUCT);
  assert.equal(after.base_info?.status, 'check', 'updating a published product sends it back to review');
  assert.equal(after.base_info?.title, BRAND_INFO.base_info.title, 'parts not sent are kept');
  assert.deepEqual(after.detail_info?.detail_list, [{ title: '规格', desc: '500 ml' }]);
  assert.equal(after.detail_info?.banner_list, undefined, 'a part sent replaces that part whole');
  await new Promise((resolve) => setTimeout(resolve, 200));
  await client.scan.modStatus(PRODUCT, 'off');
  assert.equal((await client.scan.get(PRODUCT)).base_info?.status, 'off');
  assert.equal((await refusal(client.scan.update(PRODUCT, { base_info: { brand_tag: 'no title' } }))).errcode, 61350, 'a base_info sent needs its title');
  await client.scan.update(PRODUCT, { base_info: { title: 'T2' } });
  assert.deepEqual((await client.scan.get(PRODUCT)).base_info, { title: 'T2', status: 'off' });

  await client.scan.clear(PRODUCT);
  assert.equal((await refusal(client.scan.get(PRODUCT))).errcode, 61334);
});

test('a product flagged to fail review ends in reject', async () => {
  const sandbox = await testSandbox({ reviewDelayMs: 0 });
  const { client } = sandboxClient(sandbox);
  const key = { keystandard: 'qrcode', keystr: 'reject-me' };
  await client.scan.create(key, { base_info: { title: `Bad ${REJECT_MARKER}` } });
  await client.scan.modStatus(key, 'on');
  assert.equal((await client.scan.get(key)).base_info?.status, 'reject');
});

test('bad product input is refused with the documented codes', async () => {
  const sandbox = await testSandbox();
  const { client } = sandboxClient(sandbox);
  assert.equal((await refusal(client.scan.create({ keystandard: 'isbn13', keystr: '1' }, BRAND_INFO))).errcode, 61343);
  assert.equal((await refusal(client.scan.create({ keystandard: 'ean13', keystr: '12345' }, BRAND_INFO))).errcode, 61350);
  assert.equal((await refusal(client.scan.create(PRODUCT, { base_info: {} }))).errcode, 61350);
});

test('getlist filters by status and keystr, pages with offset and limit', async () => {
  const sandbox = await testSandbox({ reviewDelayMs: 60_000 });
  const { client } = sandboxClient(sandbox);
  for (let i = 0; i < 12; i++) await client.scan.create({ keystandard: 'ean13', keystr: `69000000000${String(i).padStart(2, '0')}` }, BRAND_INFO);
  await client.scan.modStatus({ keystandard: 'ean13', keystr: '6900000000003' }, 'on');
  const all = await client.scan.getList({ offset: 0, limit: 5, status: 'all' });
  assert.equal(all.total, 12);
  assert.equal(all.items.length, 5);
  const rest = await client.scan.getList({ offset: 10, limit: 5, status: 'all' });
  assert.equal(rest.items.length, 2);
  assert.deepEqual((await client.scan.getList({ offset: 0, limit: 10, status: 'check' })).items.map((i) => i.keystr), ['6900000000003']);
  assert.equal((await client.scan.getList({ offset: 0, limit: 10, status: 'off', keystr: '000001' })).total, 3, '…0001, …0010, …0011');
});

test('the tester whitelist holds at most 10 and each set replaces the list', async () => {
  const sandbox = await testSandbox();
  const { client } = sandboxClient(sandbox);
  await client.scan.setTestWhitelist(['o1', 'o2'], ['alice']);
  await client.scan.setTestWhitelist(['o3'], []);
  assert.deepEqual(sandbox.products.whitelistNow, { openid: ['o3'], username: [] });
  const eleven = Array.from({ length: 11 }, (_, i) => `o${i}`);
  const before = sandbox.faults.callsCounted;
  const local = await refusal(client.scan.setTestWhitelist(eleven.slice(0, 6), eleven.slice(6)));
  assert.ok(local instanceof RequestCheckError, 'refused before sending');
  assert.equal(local.errcode, 61341);
  assert.equal(sandbox.faults.callsCounted, before);
  const raw = await rawPost(sandbox, '/scan/testwhitelist/set', { openid: eleven, username: [] }, await stableToken(sandbox));
  assert.equal(raw.errcode, 61341, 'the sandbox refuses it too');
  assert.deepEqual(sandbox.products.whitelistNow, { openid: ['o3'], username: [] }, 'nothing changed');
});

test('getqrcode: stable URL per extinfo, and pic_url is a PNG of exactly qrcode_size that decodes to it', async () => {
  const sandbox = await testSandbox();
  const { client } = sandboxClient(sandbox);
  const { pid } = await client.scan.create(PRODUCT, BRAND_INFO);
  const first = await client.scan.getQrcode(PRODUCT, 'LOT7-000001', 64);
  assert.equal(first.qrcode_url, `http://p.url.cn/${pid}/LOT7-000001`);
  assert.equal((await client.scan.getQrcode(PRODUCT, 'LOT7-000001', 300)).qrcode_url, first.qrcode_url);
  for (const [extinfo, size] of [['LOT7-000001', 64], ['a.b*c(1)_-', 100], ['X', 333]] as const) {
    const reply = await client.scan.getQrcode(PRODUCT, extinfo, size);
    const png = Buffer.from(await (await fetch(reply.pic_url)).arrayBuffer());
    const meta = await sharp(png).metadata();
    assert.equal(meta.format, 'png');
    assert.deepEqual([meta.width, meta.height], [size, size]);
    assert.deepEqual(await decodeQrCodes(new Uint8Array(png)), [reply.qrcode_url]);
  }
  const plain = await client.scan.getQrcode(PRODUCT, undefined);
  assert.equal(plain.qrcode_url, `http://p.url.cn/${pid}`);
});

test('an illegal extinfo is refused before sending, and by the sandbox too', async () => {
  const sandbox = await testSandbox();
  const { client } = sandboxClient(sandbox);
  await client.scan.create(PRODUCT, BRAND_INFO);
  for (const extinfo of ['has space', '中文', 'a/b', 'x'.repeat(65), '']) {
    const error = await refusal(client.scan.getQrcode(PRODUCT, extinfo));
    assert.ok(error instanceof RequestCheckError);
    assert.ok([61314, 61351].includes(error.errcode), `${extinfo}: ${error.errcode}`);
  }
  const token = await stableToken(sandbox);
  assert.equal((await rawPost(sandbox, '/scan/product/getqrcode', { ...PRODUCT, extinfo: 'a b' }, token)).errcode, 61314);
  assert.equal((await rawPost(sandbox, '/scan/product/getqrcode', { ...PRODUCT, extinfo: 'ok', qrcode_size: 10 }, token)).errcode, 61350);
  assert.equal((await refusal(client.scan.getQrcode(PRODUCT, 'ok', 10))).errcode, 61350);
});

test('wxtickets: a simulated scan gives a ticket valid for 20 minutes; unknown tickets are refused', async () => {
  let now = Date.now();
  const sandbox = await testSandbox({ nowMs: () => now });
  const { client } = sandboxClient(sandbox);
  await client.scan.create(PRODUCT, BRAND_INFO);
  const scan = await rawPost(sandbox, '/sandbox/scan', { ...PRODUCT, extinfo: 'LOT7-000001', openid: 'oTester1' });
  // WeChat's form (the seed's azlsdGljdXo4Ymow): base64 of twelve lowercase letters and digits.
  for (let i = 0; i < 200; i++) {
    const ticket = String((await rawPost(sandbox, '/sandbox/scan', { ...PRODUCT, extinfo: 'FORM' })).ticket);
    assert.match(Buffer.from(ticket, 'base64').toString('latin1'), /^[a-z0-9]{12}$/, ticket);
    assert.match(ticket, /^[A-Za-z0-9]{16}$/, 'URL-safe, never an option to a command line');
  }
  const check = await client.scan.checkTicket(String(scan.ticket));
  assert.deepEqual(check, { keystandard: 'ean13', keystr: '6900873042720', openid: 'oTester1', scene: 'scan', is_check: false, is_contact: false });
  const again = await rawPost(sandbox, '/sandbox/scan', { ...PRODUCT, extinfo: 'LOT7-000001' });
  assert.equal((await client.scan.checkTicket(String(again.ticket))).is_check, true, 'scanned before');
  assert.equal((await refusal(client.scan.checkTicket('not-a-ticket'))).errcode, 61317);
  now += 20 * 60_000 + 1000;
  assert.equal((await refusal(client.scan.checkTicket(String(scan.ticket)))).errcode, 61317);
});

test('clearing a scan record shares the ticket path; the body tells them apart', async () => {
  const sandbox = await testSandbox();
  const { client } = sandboxClient(sandbox);
  await client.scan.create(PRODUCT, BRAND_INFO);
  for (let i = 0; i < 3; i++) await rawPost(sandbox, '/sandbox/scan', { ...PRODUCT, extinfo: 'LOT7-000009' });
  assert.equal(sandbox.products.scanCount('ean13', '6900873042720', 'LOT7-000009'), 3);
  await client.scan.clearScanRecord(PRODUCT, 'LOT7-000009');
  assert.equal(sandbox.products.scanCount('ean13', '6900873042720', 'LOT7-000009'), 0);
  assert.equal((await refusal(client.scan.clearScanRecord({ keystandard: 'ean13', keystr: '6900000000000' }, 'x'))).errcode, 61334);
  assert.equal((await rawPost(sandbox, '/scan/scanticket/check', { keystandard: 'ean13' }, await stableToken(sandbox))).errcode, 40097);
});

test('the sandbox control endpoints refuse foreign Host headers and non-JSON posts (no cross-site or rebinding control)', async () => {
  const http = await import('node:http');
  const sandbox = await testSandbox();
  const port = new URL(sandbox.url).port;
  const send = (headers: Record<string, string>, method = 'POST') =>
    new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/sandbox/faults', method, headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', reject);
      req.end(method === 'POST' ? JSON.stringify({ latencyMs: 999 }) : undefined);
    });
  assert.equal(await send({ host: `evil.example:${port}`, 'content-type': 'application/json' }), 403);
  assert.equal(await send({ host: `127.0.0.1:${port}`, 'content-type': 'text/plain' }), 415);
  assert.equal(await send({ host: `127.0.0.1:${port}` }), 415);
  assert.equal(await send({ host: `evil.example:${port}` }, 'GET'), 403);
  assert.equal(sandbox.faults.settings.latencyMs, 0, 'nothing changed');
  assert.equal(await send({ host: `localhost:${port}`, 'content-type': 'application/json' }), 200);
  assert.equal(sandbox.faults.settings.latencyMs, 999);
});
