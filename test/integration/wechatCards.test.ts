import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { RequestCheckError, WechatError } from '../../electron/core/wechat/wechatError';
import { rawPost, sandboxClient, stableToken, testSandbox } from '../support/sandbox';

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof WechatError, `expected a refusal, got ${String(error)}`);
  return error;
};

const DEPOSIT_CARD = {
  card_type: 'GROUPON',
  groupon: {
    base_info: { title: '买一送一', sku: { quantity: 0 }, use_custom_code: true, get_custom_code_mode: 'GET_CUSTOM_CODE_MODE_DEPOSIT' },
    deal_detail: '示例',
  },
};

test('custom-code flow: create with stock 0, deposit in chunks of 100, count, check', async () => {
  const sandbox = await testSandbox();
  const { client } = sandboxClient(sandbox);
  const { cardId } = await client.card.create(DEPOSIT_CARD);
  const codes = Array.from({ length: 250 }, (_, i) => `C${String(i).padStart(6, '0')}`);
  const before = sandbox.faults.callsCounted;
  const first = await client.card.deposit(cardId, codes);
  assert.equal(sandbox.faults.callsCounted - before, 3, '250 codes → 3 calls');
  assert.equal(first.succ.length, 250);
  const again = await client.card.deposit(cardId, [...codes.slice(0, 5), 'NEW1']);
  assert.deepEqual(again, { succ: ['NEW1'], duplicate: codes.slice(0, 5), fail: [], unnamed: [] });
  assert.equal(await client.card.depositCount(cardId), 251);
  const check = await client.card.checkCodes(cardId, ['C000000', 'NOPE', ...codes.slice(100, 200)]);
  assert.equal(check.exist.length, 101);
  assert.deepEqual(check.notExist, ['NOPE']);

  const empty = await refusal(client.card.deposit(cardId, ['ok', ' ']));
  assert.ok(empty instanceof RequestCheckError);
  assert.equal(empty.errcode, 40056);
  const token = await stableToken(sandbox);
  const tooMany = await rawPost(sandbox, '/card/code/deposit', { card_id: cardId, code: codes.slice(0, 101) }, token);
  assert.equal(tooMany.errcode, 40109, 'the sandbox refuses 101 codes in one call');
  assert.equal((await refusal(client.card.depositCount('pNoSuchCard'))).errcode, 40073);
});

test('card QR codes: single and multiple, expiry limits, and showqrcode serves a decodable image', async () => {
  const sandbox = await testSandbox();
  const { client } = sandboxClient(sandbox);
  const ids = [];
  for (let i = 0; i < 6; i++) ids.push((await client.card.create(DEPOSIT_CARD)).cardId);
  const single = await client.card.createQr({ card_id: ids[0]!, code: '198374613512', outer_str: '12b' }, 1800);
  assert.equal(single.expire_seconds, 1800);
  assert.match(single.url, /^http:\/\/weixin\.qq\.com\/q\//);
  assert.equal(single.show_qrcode_url, client.card.showQrcodeUrl(single.ticket));
  const image = await fetch(client.card.showQrcodeUrl(single.ticket));
  assert.equal(image.status, 200);
  assert.deepEqual(await decodeQrCodes(new Uint8Array(await image.arrayBuffer())), [single.url]);
  assert.equal((await fetch(client.card.showQrcodeUrl('bogus'))).status, 404);

  const forever = await client.card.createQr({ card_id: ids[0]! });
  assert.equal(forever.expire_seconds, 365 * 24 * 3600, 'omitted expiry means 365 days');
  const multiple = await client.card.createMultipleQr(ids.slice(0, 5).map((card_id) => ({ card_id })));
  assert.ok(multiple.ticket);
  for (const attempt of [
    client.card.createMultipleQr(ids.map((card_id) => ({ card_id }))),
    client.card.createQr({ card_id: ids[0]! }, 59),
    client.card.createQr({ card_id: ids[0]! }, 1801),
  ]) {
    const error = await refusal(attempt);
    assert.ok(error instanceof RequestCheckError);
    assert.equal(error.errcode, 40097);
  }
  assert.equal((await refusal(client.card.createQr({ card_id: 'pMissing' }))).errcode, 40073);
});

test('landing pages, mpnews HTML and the card whitelist', async () => {
  const sandbox = await testSandbox();
  const { client } = sandboxClient(sandbox);
  const { cardId } = await client.card.create(DEPOSIT_CARD);
  const page = await client.card.createLandingPage({
    banner: 'http://mmbiz.qpic.cn/mmbiz/banner/0',
    page_title: '惠城优惠大派送',
    can_share: true,
    scene: 'SCENE_QRCODE',
    card_list: [{ card_id: cardId, thumb_url: 'www.qq.com/a.jpg' }],
  });
  assert.equal(page.pageId, 1);
  assert.ok(page.url.length > 0);
  const token = await stableToken(sandbox);
  assert.equal((await rawPost(sandbox, '/card/landingpage/create', { banner: 'b', page_title: 't', can_share: true, scene: 'SCENE_MOON', card_list: [{ card_id: cardId, thumb_url: 'x' }] }, token)).errcode, 40097);
  assert.match(await client.card.mpnewsHtml(cardId), /<iframe[^>]+cardid=/);
  await client.card.setTestWhitelist(['o1'], ['bob']);
  assert.equal((await refusal(client.card.setTestWhitelist(Array.from({ length: 11 }, (_, i) => `o${i}`), []))).errcode, 61341);
});
