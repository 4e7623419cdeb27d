import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountView } from '../../shared/contract';
import { ok, testApp, VALID_SECRET, validDraft } from '../support/testApp';
import { testSandbox } from '../support/sandbox';

test('the sandbox account really talks to the in-process sandbox', async () => {
  const app = testApp();
  const result = await ok<{ latencyMs: number; productCount: number; apiBase: string }>(app, 'testConnection', { id: 'sandbox' });
  assert.match(result.apiBase, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(result.productCount, 1, 'a fresh sandbox has its demo product');
  const client = await app.wechatFor('sandbox');
  assert.equal((await client.scan.get({ keystandard: 'ean13', keystr: '6900873042720' })).base_info?.status, 'on');
  await client.scan.create({ keystandard: 'ean13', keystr: '6900873042721' }, { base_info: { title: '样品' } });
  assert.equal((await ok<{ productCount: number }>(app, 'testConnection', { id: 'sandbox' })).productCount, 2);
});

test('a WeChat account is reached with its stored secret; a wrong one is reported with its errcode', async () => {
  const wechat = await testSandbox({ appId: 'wx1234567890abcdef', secret: VALID_SECRET });
  const app = testApp();
  const account = await ok<AccountView>(app, 'saveAccount', validDraft({ apiBase: wechat.url }));
  const result = await ok<{ apiBase: string }>(app, 'testConnection', { id: account.id });
  assert.equal(result.apiBase, wechat.url);

  await ok(app, 'saveAccount', validDraft({ id: account.id, apiBase: wechat.url, secret: 'ffffffffffffffffffffffffffffffff' }));
  const refused = await app.dispatch('testConnection', { id: account.id });
  assert.equal(refused.ok, false);
  if (refused.ok) return;
  assert.equal(refused.error.code, 'wechat');
  assert.equal(refused.error.errcode, 40125);
  assert.match(refused.error.message['zh-CN'], /AppSecret 无效/);
  assert.ok(!JSON.stringify(refused).includes('ffffffffffffffffffffffffffffffff'));
});

test('a token-service account fetches its token from the brand\'s service', async () => {
  const wechat = await testSandbox({ appId: 'wx1234567890abcdef', secret: VALID_SECRET });
  const http = await import('node:http');
  let authorization = '';
  const service = http.createServer(async (req, res) => {
    authorization = String(req.headers.authorization ?? '');
    const reply = await fetch(`${wechat.url}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credential', appid: wechat.appId, secret: wechat.secret }),
    });
    res.end(await reply.text());
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  const { port } = service.address() as { port: number };
  try {
    const app = testApp();
    const account = await ok<AccountView>(
      app,
      'saveAccount',
      validDraft({ credentialKind: 'tokenService', secret: 'service-key-123', tokenServiceUrl: `http://127.0.0.1:${port}/token`, apiBase: wechat.url }),
    );
    await ok(app, 'testConnection', { id: account.id });
    assert.equal(authorization, 'Bearer service-key-123');
  } finally {
    service.close();
  }
});

test('a stored secret never follows a new API base or AppID; a custom endpoint needs an audited confirmation', async () => {
  const home = await testSandbox({ appId: 'wx1234567890abcdef', secret: VALID_SECRET });
  const elsewhere = await testSandbox({ appId: 'wx1234567890abcdef', secret: VALID_SECRET });
  const app = testApp();
  const account = await ok<AccountView>(app, 'saveAccount', validDraft({ apiBase: home.url }));
  assert.equal(account.hasSecret, true);

  const moved = await app.dispatch('saveAccount', validDraft({ id: account.id, apiBase: elsewhere.url, secret: '' }));
  assert.equal(!moved.ok && moved.error.code, 'invalid_argument');
  assert.match(!moved.ok ? moved.error.message.en : '', /Enter the AppSecret/);
  const renamed = await app.dispatch('saveAccount', validDraft({ id: account.id, apiBase: home.url, appId: 'wx0000000000abcdef', secret: '' }));
  assert.match(!renamed.ok ? renamed.error.message.en : '', /Enter the AppSecret/);
  assert.equal((await ok<{ apiBase: string }>(app, 'testConnection', { id: account.id })).apiBase, home.url, 'nothing changed');
  assert.deepEqual(elsewhere.tokens.issued, { classic: 0, stable: 0 }, 'the other host never saw the secret');

  const custom = validDraft({ id: account.id, apiBase: 'https://wechat-proxy.brand.example', secret: VALID_SECRET });
  const unconfirmed = await app.dispatch('saveAccount', custom);
  assert.match(!unconfirmed.ok ? unconfirmed.error.message.en : '', /not WeChat's API .* Confirm the custom endpoint/);
  assert.match(!unconfirmed.ok ? unconfirmed.error.message['zh-CN'] : '', /自定义接口地址/);
  const confirmed = await ok<AccountView>(app, 'saveAccount', { ...custom, customEndpoint: true });
  assert.equal(confirmed.apiBase, 'https://wechat-proxy.brand.example');
  const audit = app.actions.list({ accountId: account.id });
  assert.deepEqual(audit.map((a) => [a.kind, a.target]), [['confirmCustomEndpoint', 'https://wechat-proxy.brand.example']]);
});

test('the keychain: Linux basic_text is refused with the reason; so is a computer with none', async () => {
  const { keychainProblem } = await import('../../electron/core/secrets/secretVault');
  assert.match(keychainProblem('linux', true, 'basic_text')!.en, /No keyring .* is running/);
  assert.equal(keychainProblem('linux', true, 'gnome_libsecret'), null);
  assert.equal(keychainProblem('darwin', true, undefined), null);
  assert.match(keychainProblem('win32', false, undefined)!['zh-CN'], /没有可用的安全存储/);
  const app = testApp({ cipher: { isAvailable: () => false, unavailableReason: () => keychainProblem('linux', true, 'basic_text'), encrypt: () => Buffer.alloc(0), decrypt: () => '' } });
  const refused = await app.dispatch('saveAccount', validDraft({ apiBase: 'https://api.weixin.qq.com' }));
  assert.equal(!refused.ok && refused.error.code, 'forbidden');
  assert.match(!refused.ok ? refused.error.message.en : '', /No keyring/);
});
