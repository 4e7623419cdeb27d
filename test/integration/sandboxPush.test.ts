import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { BatchView } from '../../shared/contract';
import { SANDBOX_DEMO_CARD_ID } from '../../shared/cards/cardCode';
import { startMessageServer } from '../../electron/core/verdicts/messageServer';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandboxServer';
import { rawPost, testSandbox } from '../support/sandbox';
import { ok, testApp } from '../support/testApp';

const PRODUCT = { keystandard: 'ean13', keystr: '6900873042720' };
const pattern = (p: string, start: number, count: number) => ({ kind: 'pattern', pattern: p, start, count, step: 1 });

let sandbox: Sandbox | undefined;
const app = testApp({ startSandbox: async () => (sandbox = await startSandbox({ reviewDelayMs: 0, demoProduct: true })) });
const lot = await ok<BatchView>(app, 'planBatch', { product: PRODUCT, qrcodeSizePx: 100, name: 'Lot 1', source: pattern('RH-{seq:2}', 1, 4) });
await app.batches.run(lot.id);
await ok(app, 'activateBatch', { id: lot.id, range: { from: 1, to: 2 } });
after(() => app.rehearsal.stop());

const scan = (extinfo: string | undefined, openid: string) => rawPost(sandbox!, '/sandbox/scan', { ...PRODUCT, ...(extinfo === undefined ? {} : { extinfo }), openid });
const recorded = () => app.verdicts.list().map((v) => `${v.fromUser} ${v.extinfo || '-'} ${v.result}`).reverse();

test('the rehearsal: the sandbox pushes each scan to the message server in the service, plaintext then safe mode, and the verdict is recorded', async () => {
  assert.deepEqual(await ok(app, 'getRehearsal'), { running: false, url: null, safeMode: false });
  const early = await app.dispatch('rehearseScan', { ...PRODUCT, extinfo: 'RH-01' });
  assert.equal(!early.ok && early.error.code, 'conflict');
  assert.match(!early.ok ? early.error.message.en : '', /Start the rehearsal server first/);
  assert.equal((await scan('RH-01', 'oBefore')).push, undefined, 'nothing is pushed before the rehearsal starts');

  const plain = await ok<{ running: boolean; url: string; safeMode: boolean }>(app, 'startRehearsal', { safeMode: false });
  assert.equal(plain.running, true);
  assert.match(plain.url, /^http:\/\/127\.0\.0\.1:\d+$/, 'loopback only');
  assert.deepEqual((await scan('RH-01', 'oAlice')).push, { status: 200, codeResult: 'real' });
  assert.deepEqual((await scan('RH-03', 'oAlice')).push, { status: 200, codeResult: 'not_active' });
  assert.deepEqual((await scan('RH-99', 'oBob')).push, { status: 200, codeResult: 'fake' });
  assert.deepEqual((await scan(undefined, 'oBarcode')).push, { status: 200 }, 'a barcode scan (no ExtInfo) is answered "success": no verdict');

  const safe = await ok<{ running: boolean; url: string; safeMode: boolean }>(app, 'startRehearsal', { safeMode: true });
  assert.equal(safe.safeMode, true);
  assert.notEqual(safe.url, plain.url, 'a new server for the new mode');
  assert.equal((await fetch(plain.url).catch(() => null)) ?? null, null, 'the plaintext server is closed');
  assert.deepEqual((await scan('RH-02', 'oCarol')).push, { status: 200, codeResult: 'real' }, 'encrypted push, encrypted reply decrypted');

  assert.deepEqual(await ok(app, 'rehearseScan', { ...PRODUCT, extinfo: 'RH-04' }), { answer: 'not_active' }, 'the screens\' scan, through the same push');
  const unknown = await app.dispatch('rehearseScan', { keystandard: 'ean13', keystr: '0000000000000', extinfo: 'RH-01' });
  assert.match(!unknown.ok ? unknown.error.message['zh-CN'] : '', /沙箱中没有商品 ean13:0000000000000/);

  assert.equal(recorded().length, 6);
  assert.deepEqual(recorded().slice(0, 5), ['oAlice RH-01 real', 'oAlice RH-03 not_active', 'oBob RH-99 fake', 'oBarcode - no_code', 'oCarol RH-02 real']);
  assert.equal(JSON.stringify(await ok(app, 'getRehearsal')).includes('token'), false, 'no Token or key reaches the screens');

  assert.deepEqual(await ok(app, 'stopRehearsal'), { running: false, url: null, safeMode: false });
  assert.equal((await scan('RH-01', 'oAfter')).push, undefined, 'stopped: no more pushes');
  assert.equal(recorded().length, 6);
});

test('a card claim in the sandbox is pushed as user_get_card and counted for the print run whose outer_str it carries', async () => {
  await app.batches.run((await ok<BatchView>(app, 'planDepositBatch', { cardId: SANDBOX_DEMO_CARD_ID, source: pattern('D{seq:4}', 1, 6) })).id);
  await ok(app, 'modifyCardStock', { cardId: SANDBOX_DEMO_CARD_ID, increase: 6 });
  const run = await ok<BatchView>(app, 'planCardBatch', { cardId: SANDBOX_DEMO_CARD_ID, name: 'Run 5', source: pattern('D{seq:4}', 1, 3), outerStr: 'press-run-5' });
  await app.batches.run(run.id);
  await ok(app, 'startRehearsal', {});
  const printed = app.batches.repo.codes({ batchId: run.id }).map((c) => c.content);
  for (const [i, url] of printed.slice(0, 2).entries()) {
    const claim = await rawPost(sandbox!, '/sandbox/card/claim', { url, openid: `oClaimer${i}` });
    assert.equal(claim.errcode, 0);
    assert.deepEqual(claim.pushes, [{ status: 200 }], 'answered "success"');
  }
  assert.deepEqual(
    (await ok<{ batchId: number | null; outerStr: string; claims: number }[]>(app, 'listCardClaims', {})).map(({ batchId, outerStr, claims }) => ({ batchId, outerStr, claims })),
    [{ batchId: run.id, outerStr: 'press-run-5', claims: 2 }],
  );
});

test('qrpack sandbox as WeChat\'s push side to a standalone message server: a wrong Token is refused (401) and records nothing; the right one gets the verdict', async () => {
  const server = await startMessageServer(app.verdicts, app.log, { token: 'rightToken1', safeMode: { encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appId: 'wx5a4db0c0de000001' } });
  after(() => server.close());
  const standalone = await testSandbox({ demoProduct: true, push: { url: server.url, token: 'wrongToken1', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' } });
  const before = recorded().length;
  assert.deepEqual((await rawPost(standalone, '/sandbox/scan', { ...PRODUCT, extinfo: 'RH-01', openid: 'oForged' })).push, { status: 401 });
  assert.equal(recorded().length, before);
  const bad = await rawPost(standalone, '/sandbox/push', { url: server.url, token: 'no', encodingAesKey: 'x' });
  assert.deepEqual(bad, { errcode: 40097, errmsg: 'token is 3-32 letters or digits' });
  assert.deepEqual(await rawPost(standalone, '/sandbox/push', { url: server.url, token: 'rightToken1', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' }), { errcode: 0, errmsg: 'ok', pushing: true, safe_mode: true });
  assert.deepEqual((await rawPost(standalone, '/sandbox/scan', { ...PRODUCT, extinfo: 'RH-01', openid: 'oStandalone' })).push, { status: 200, codeResult: 'real' });
  assert.equal(recorded().at(-1), 'oStandalone RH-01 real');
});
