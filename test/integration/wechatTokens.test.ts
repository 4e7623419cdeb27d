import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redactor } from '../../electron/core/log/redactor';
import { WechatClient } from '../../electron/core/wechat/wechatClient';
import { WechatError } from '../../electron/core/wechat/wechatError';
import { WechatHttp } from '../../electron/core/wechat/wechatHttp';
import { BRAND_INFO, PRODUCT, rawPost, sandboxClient, stableToken, testSandbox } from '../support/sandbox';

const errcodeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof WechatError, String(error));
    return error.errcode;
  }
  assert.fail('expected a WeChat error');
};

test('100 concurrent calls cause exactly one token request (single flight), then the token is cached', async () => {
  const sandbox = await testSandbox();
  const { client } = sandboxClient(sandbox);
  await client.scan.create(PRODUCT, BRAND_INFO);
  assert.equal(sandbox.tokens.issued.stable, 1);
  const fresh = sandboxClient(sandbox, 'classic');
  const results = await Promise.all(Array.from({ length: 100 }, (_, i) => fresh.client.scan.getQrcode(PRODUCT, `S-${i}`)));
  assert.equal(new Set(results.map((r) => r.qrcode_url)).size, 100);
  assert.equal(sandbox.tokens.issued.classic, 1, 'one classic token for 100 concurrent calls');
  await fresh.client.scan.get(PRODUCT);
  assert.equal(sandbox.tokens.issued.classic, 1, 'cached for later calls');
});

test('stable tokens are shared by several machines; classic tokens knock each other out', async () => {
  const sandbox = await testSandbox({ classicOverlapS: 0 });
  const a = sandboxClient(sandbox, 'stable');
  const b = sandboxClient(sandbox, 'stable');
  await a.client.scan.create(PRODUCT, BRAND_INFO);
  await b.client.scan.get(PRODUCT);
  await a.client.scan.get(PRODUCT);
  assert.equal(sandbox.tokens.issued.stable, 1, 'both machines got the same stable token');

  const c = sandboxClient(sandbox, 'classic');
  const d = sandboxClient(sandbox, 'classic');
  await c.client.scan.get(PRODUCT);
  await d.client.scan.get(PRODUCT); // knocks out c's token (no overlap in this sandbox)
  await c.client.scan.get(PRODUCT); // c gets 40001, refreshes once, and succeeds
  assert.equal(sandbox.tokens.issued.classic, 3);
});

test('an expired or invalidated token is refreshed once and the call retried', async () => {
  let now = Date.now();
  const sandbox = await testSandbox({ nowMs: () => now, tokenTtlS: 600 });
  const { client } = sandboxClient(sandbox);
  await client.scan.create(PRODUCT, BRAND_INFO);
  sandbox.control({ invalidateTokens: true });
  await client.scan.get(PRODUCT);
  assert.equal(sandbox.tokens.issued.stable, 2);
  // The sandbox's clock passes expiry; the client's cache still holds the token (its clock is real).
  now += 601_000;
  await client.scan.get(PRODUCT);
  assert.equal(sandbox.tokens.issued.stable, 3);
});

test('a token that keeps failing after one refresh is reported, not retried forever', async () => {
  const sandbox = await testSandbox({ faults: { failRates: { 40001: 1 } } });
  const { client } = sandboxClient(sandbox);
  assert.equal(await errcodeOf(client.scan.get(PRODUCT)), 40001);
  assert.equal(sandbox.faults.callsCounted, 2, 'the call and its one retry');
});

test('a wrong AppSecret or AppID fails fast with a clear message', async () => {
  const sandbox = await testSandbox();
  const wrongSecret = sandboxClient(sandbox, 'stable', 'f'.repeat(32));
  const error = await wrongSecret.client.scan.get(PRODUCT).catch((e: unknown) => e);
  assert.ok(error instanceof WechatError);
  assert.equal(error.errcode, 40125);
  assert.equal(error.category, 'userFix');
  assert.match(error.text.en, /AppSecret is not valid/);
  assert.match(error.text['zh-CN'], /AppSecret 无效/);
  assert.equal(wrongSecret.sleeps.length, 0);
  const reply = await rawPost(sandbox, '/cgi-bin/stable_token', { grant_type: 'client_credential', appid: 'wx0000000000000000', secret: sandbox.secret });
  assert.equal(reply.errcode, 40013);
});

test('system busy and per-minute limits are retried with bounded, jittered exponential backoff', async () => {
  const sandbox = await testSandbox({ faults: { failRates: { [-1]: 1 } } });
  const { client, sleeps } = sandboxClient(sandbox);
  assert.equal(await errcodeOf(client.scan.get(PRODUCT)), -1);
  assert.equal(sandbox.faults.callsCounted, 5, '1 call + 4 retries');
  assert.equal(sleeps.length, 4);
  sleeps.forEach((ms, attempt) => assert.ok(ms >= 0 && ms <= Math.min(4, 2 ** attempt), `${ms} ms at attempt ${attempt}`));

  sandbox.control({ failRates: { 45011: 0.5 } });
  const { client: patient } = sandboxClient(sandbox);
  await patient.scan.create(PRODUCT, BRAND_INFO).catch(() => undefined);
  const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => patient.scan.getQrcode(PRODUCT, `B-${i}`)));
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  assert.ok(ok >= 17, `${ok} of 20 got through a 50 % rate limit with 4 retries`);
});

test('the backoff bound doubles and is capped', () => {
  const http = new WechatHttp({ apiBase: 'http://127.0.0.1:9', tokens: { token: async () => '', invalidate() {}, refreshable: false }, redactor: new Redactor(), retry: { maxRetries: 9, baseDelayMs: 100, maxDelayMs: 1000 }, random: () => 0.999999 });
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((a) => http.backoffMs(a)), [100, 200, 400, 800, 1000, 1000]);
});

test('quota, IP whitelist, permissions and product errors fail fast: one call, no retry', async () => {
  const sandbox = await testSandbox();
  const { client, sleeps } = sandboxClient(sandbox);
  await client.scan.create(PRODUCT, BRAND_INFO);
  for (const errcode of [45009, 40164, 48001]) {
    sandbox.control({ failRates: { [errcode]: 1 } });
    const before = sandbox.faults.callsCounted;
    assert.equal(await errcodeOf(client.scan.get(PRODUCT)), errcode);
    assert.equal(sandbox.faults.callsCounted - before, 1, `${errcode} was not retried`);
  }
  sandbox.control({ failRates: {} });
  assert.equal(await errcodeOf(client.scan.get({ keystandard: 'ean13', keystr: '6900000000000' })), 61334);
  assert.equal(sleeps.length, 0);
});

test('the daily quota stops calls with 45009; clear_quota resets it, ten times a month', async () => {
  const sandbox = await testSandbox({ faults: { quotaCalls: 2 } });
  const { client } = sandboxClient(sandbox);
  await client.scan.create(PRODUCT, BRAND_INFO);
  await client.scan.get(PRODUCT);
  assert.equal(await errcodeOf(client.scan.get(PRODUCT)), 45009);
  await client.clearQuota();
  await client.scan.get(PRODUCT);
  for (let i = 1; i < 10; i++) await client.clearQuota();
  assert.equal(await errcodeOf(client.clearQuota()), 48006);
});

test('a call that times out is retried, then reported as a network error', async () => {
  const sandbox = await testSandbox({ faults: { latencyMs: 300 } });
  const client = new WechatClient({
    apiBase: sandbox.url,
    token: { kind: 'authorizer', token: 'authorizer-token-123456' },
    redactor: new Redactor(),
    timeoutMs: 50,
    retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  const error = await client.scan.get(PRODUCT).catch((e: unknown) => e);
  assert.ok(error instanceof WechatError);
  assert.equal(error.errcode, -2);
  assert.match(error.errmsg, /timeout after 50 ms/);
});

test('tokens and secrets never appear in errors or log lines', async () => {
  const sandbox = await testSandbox({ faults: { failRates: { 40164: 1 } } });
  const { client, redactor } = sandboxClient(sandbox);
  const error = (await client.scan.get(PRODUCT).catch((e: unknown) => e)) as WechatError;
  const token = await stableToken(sandbox);
  const exposed = [JSON.stringify(error.toWire()), error.message, String(error.stack), redactor.redact(`GET /x?access_token=${token}&secret=${sandbox.secret}`)].join('\n');
  assert.ok(!exposed.includes(token), 'token leaked');
  assert.ok(!exposed.includes(sandbox.secret), 'secret leaked');
  assert.ok(redactor.redact(`the token ${token} failed`).includes('[redacted]'), 'fetched tokens are registered with the redactor');
});
