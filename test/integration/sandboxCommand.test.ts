import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { Redactor } from '../../electron/core/log/redactor';
import { WechatClient } from '../../electron/core/wechat/wechatClient';
import { WechatError } from '../../electron/core/wechat/wechatError';
import { spawnCli, waitForLine } from '../support/childProcess';
import { BRAND_INFO, PRODUCT } from '../support/sandbox';
import { tempDir } from '../support/tempDir';
import { testApp } from '../support/testApp';
import { startMessageServer } from '../../electron/core/verdicts/messageServer';

async function runSandbox(args: string[]) {
  const child = spawnCli(['sandbox', ...args]);
  const { output } = await waitForLine(child, /secret (\w+)\n/);
  const url = /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
  const appId = /appid (\w+)/.exec(output)![1]!;
  const secret = /secret (\w+)/.exec(output)![1]!;
  const client = new WechatClient({
    apiBase: url,
    token: { kind: 'classic', appId, secret },
    redactor: new Redactor(),
    retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 },
  });
  return { child, url, appId, secret, client };
}

test('qrpack sandbox serves the WeChat APIs with the given AppID, secret and faults, and stops on SIGTERM', async () => {
  const { child, appId, secret, client } = await runSandbox(['--appid', 'wx00112233445566aa', '--secret', 'ab'.repeat(16), '--fail', '-1:1', '--seed', '1']);
  assert.equal(appId, 'wx00112233445566aa');
  assert.equal(secret, 'ab'.repeat(16));
  const error = await client.scan.get(PRODUCT).catch((e: unknown) => e);
  assert.ok(error instanceof WechatError);
  assert.equal(error.errcode, -1, 'every call fails with "system busy" at rate 1');
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
});

test('qrpack sandbox --data keeps its products across restarts', async () => {
  const dir = tempDir();
  const first = await runSandbox(['--data', dir, '--quota', '100']);
  await first.client.scan.create(PRODUCT, BRAND_INFO);
  first.child.kill('SIGTERM');
  await once(first.child, 'exit');
  const second = await runSandbox(['--data', dir]);
  assert.equal(second.secret, first.secret, 'the generated secret is kept too');
  assert.equal((await second.client.scan.get(PRODUCT)).base_info?.title, BRAND_INFO.base_info.title);
  second.child.kill('SIGTERM');
  await once(second.child, 'exit');
});

test('qrpack sandbox refuses a malformed --fail', async () => {
  const child = spawnCli(['sandbox', '--fail', '45009:2']);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
  assert.match(stderr, /--fail takes CODE:RATE/);
});

test('qrpack sandbox --push-url/--push-token/--push-aes-key: a scan in the sandbox is pushed in safe mode to a real message server, which records its verdict', async () => {
  const app = testApp();
  const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  const server = await startMessageServer(app.verdicts, app.log, { token: 'cliPushToken', safeMode: { encodingAesKey: key, appId: 'wx5a4db0c0de000001' } });
  try {
    const { child, url, client } = await runSandbox(['--push-url', server.url, '--push-token', 'cliPushToken', '--push-aes-key', key]);
    await client.scan.create(PRODUCT, BRAND_INFO);
    const res = await fetch(`${url}/sandbox/scan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...PRODUCT, extinfo: 'NOT-ISSUED-1', openid: 'oCli1' }) });
    assert.deepEqual(((await res.json()) as { push: unknown }).push, { status: 200, codeResult: 'fake' });
    assert.deepEqual(app.verdicts.list().map((v) => [v.fromUser, v.extinfo, v.result]), [['oCli1', 'NOT-ISSUED-1', 'fake']]);
    child.kill('SIGTERM');
    await once(child, 'exit');
  } finally {
    await server.close();
  }
});

test('qrpack sandbox refuses --push-token without --push-url, and a Token WeChat would not take', async () => {
  for (const [args, message] of [
    [['--push-token', 'abc'], /--push-token and --push-aes-key need --push-url/],
    [['--push-url', 'http://127.0.0.1:1/', '--push-token', 'a b'], /--push-token is 3–32 letters or digits/],
  ] as const) {
    const child = spawnCli(['sandbox', ...args]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, message);
  }
});
