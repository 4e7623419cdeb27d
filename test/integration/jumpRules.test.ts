import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { WechatClient } from '../../electron/core/wechat/wechatClient';
import { WechatError } from '../../electron/core/wechat/wechatError';
import { Redactor } from '../../electron/core/log/redactor';
import { FAST_RETRY, rawPost, sandboxClient, stableToken, testSandbox } from '../support/sandbox';

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof WechatError, `expected a refusal, got ${String(error)}`);
  return error;
};

const RULE = { prefix: 'https://qr.brand.example/p/', path: 'pages/product/index', openVersion: 'release' as const, exclusive: false, debugUrls: ['https://qr.brand.example/p/T1'] };

/** A loopback proxy in front of the sandbox that keeps every JSON body the client sent. */
async function recordingProxy(target: string): Promise<{ url: string; bodies: Map<string, unknown[]> }> {
  const bodies = new Map<string, unknown[]>();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const pathname = new URL(req.url!, 'http://x').pathname;
    if (body) bodies.set(pathname, [...(bodies.get(pathname) ?? []), JSON.parse(body)]);
    const answer = await fetch(target + req.url, { method: req.method, headers: { 'content-type': 'application/json' }, body: req.method === 'GET' ? undefined : body });
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

test('the client sends qrcodejumpadd in the documented types: permit_sub_rule and open_version strings, is_edit a number', async () => {
  const sandbox = await testSandbox();
  const proxy = await recordingProxy(sandbox.url);
  const client = new WechatClient({
    apiBase: proxy.url,
    token: { kind: 'stable', appId: sandbox.appId, secret: sandbox.secret },
    redactor: new Redactor(),
    appId: sandbox.appId,
    showQrcodeBase: proxy.url,
    retry: FAST_RETRY,
    timeoutMs: 5000,
  });
  await client.qrJump.add(RULE);
  await client.qrJump.add({ ...RULE, exclusive: true, openVersion: 'trial' }, true);
  await client.qrJump.add({ ...RULE, prefix: 'https://qr.brand.example/d/', openVersion: 'develop', debugUrls: [] });
  assert.deepEqual(proxy.bodies.get('/cgi-bin/wxopen/qrcodejumpadd'), [
    { prefix: RULE.prefix, permit_sub_rule: '1', path: RULE.path, open_version: '3', debug_url: RULE.debugUrls, is_edit: 0 },
    { prefix: RULE.prefix, permit_sub_rule: '2', path: RULE.path, open_version: '2', debug_url: RULE.debugUrls, is_edit: 1 },
    { prefix: 'https://qr.brand.example/d/', permit_sub_rule: '1', path: RULE.path, open_version: '1', debug_url: [], is_edit: 0 },
  ]);
  const { rules, publishQuotaLeft } = await client.qrJump.list();
  assert.deepEqual(rules.find((r) => r.prefix === RULE.prefix), { ...RULE, exclusive: true, openVersion: 'trial', published: false });
  assert.equal(publishQuotaLeft, 100);
});

test('the sandbox takes what WeChat documents and refuses the rest, field by field', async () => {
  const sandbox = await testSandbox();
  const token = await stableToken(sandbox);
  const add = (body: Record<string, unknown>) => rawPost(sandbox, '/cgi-bin/wxopen/qrcodejumpadd', { prefix: 'https://a.brand.example/x/', permit_sub_rule: '1', path: 'pages/a', open_version: '3', debug_url: [], is_edit: 0, ...body }, token);
  // Both documented forms of the number fields: strings (Mini Program reference) and numbers (third-party platform).
  assert.equal((await add({})).errcode, 0);
  assert.equal((await add({ prefix: 'https://b.brand.example/x/', permit_sub_rule: 2, open_version: 1 })).errcode, 0);
  const refused: [Record<string, unknown>, number][] = [
    [{ open_version: '4' }, 40097],
    [{ open_version: 'release' }, 40097],
    [{ open_version: 3.5 }, 40097],
    [{ open_version: true }, 40097],
    [{ open_version: undefined }, 40097],
    [{ permit_sub_rule: '3' }, 40097],
    [{ permit_sub_rule: '01' }, 40097],
    [{ is_edit: '0' }, 40097],
    [{ is_edit: 2 }, 40097],
    [{ path: '' }, 40097],
    [{ debug_url: 'https://a.brand.example/x/1' }, 40097],
    [{ debug_url: Array.from({ length: 6 }, (_, i) => `https://c.brand.example/x/${i}`), prefix: 'https://c.brand.example/x/' }, 40097],
    [{ prefix: 'https://c.brand.example/x/', debug_url: ['https://elsewhere.example/x/1'] }, 85068],
    [{ prefix: 'ftp://c.brand.example/x/' }, 85066],
    [{ prefix: 'https://127.0.0.1/x/' }, 85066],
    [{ prefix: 'https://localhost/x/' }, 85066],
    [{ prefix: 'not a url' }, 85066],
    [{}, 85071],
    [{ prefix: 'https://z.brand.example/', is_edit: 1 }, 40097],
  ];
  for (const [body, errcode] of refused) assert.equal((await add(body)).errcode, errcode, JSON.stringify(body));
  // An exclusive rule (permit_sub_rule 2) owns the prefixes under it.
  assert.equal((await add({ prefix: 'https://b.brand.example/x/sub' })).errcode, 85072);

  sandbox.control({ miniProgram: { unverifiedDomains: ['unverified.example'], blockedDomains: ['blocked.example'], takenPrefixes: ['https://taken.example/'] } });
  assert.equal((await add({ prefix: 'https://qr.unverified.example/' })).errcode, 85069);
  assert.equal((await add({ prefix: 'https://blocked.example/q/' })).errcode, 85070);
  assert.equal((await add({ prefix: 'https://taken.example/q/' })).errcode, 85072);
});

test('publishing: not released (85074), personal (85075), data exception (85095), the monthly quota (886000); a published rule cannot be edited', async () => {
  const sandbox = await testSandbox({ miniProgram: { released: false } });
  const { client } = sandboxClient(sandbox);
  await client.qrJump.add(RULE);
  assert.equal((await refusal(client.qrJump.publish(RULE.prefix))).errcode, 85074);
  sandbox.control({ miniProgram: { released: true, damagedPrefixes: [RULE.prefix] } });
  assert.equal((await refusal(client.qrJump.publish(RULE.prefix))).errcode, 85095);
  sandbox.control({ miniProgram: { damagedPrefixes: [] } });
  await client.qrJump.publish(RULE.prefix);
  assert.equal((await client.qrJump.list()).rules[0]!.published, true);
  assert.equal((await refusal(client.qrJump.add({ ...RULE, path: 'pages/other' }, true))).errcode, 40097);
  for (let i = 1; i < 100; i++) await client.qrJump.publish(RULE.prefix);
  assert.equal((await client.qrJump.list()).publishQuotaLeft, 0);
  assert.equal((await refusal(client.qrJump.publish(RULE.prefix))).errcode, 886000);
  await client.qrJump.delete(RULE.prefix);
  assert.equal((await client.qrJump.list()).rules.length, 0);
  assert.equal((await refusal(client.qrJump.publish(RULE.prefix))).errcode, 40097, 'a deleted rule cannot be published');
  const file = await client.qrJump.verificationFile();
  assert.match(file.fileName, /^\w+\.txt$/);
  assert.ok(file.fileContent.length >= 16);
  sandbox.control({ miniProgram: { personal: true } });
  assert.equal((await refusal(client.qrJump.add({ ...RULE, prefix: 'https://qr.brand.example/r/', debugUrls: [] }))).errcode, 85075);
});
