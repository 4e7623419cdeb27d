import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rawPost, stableToken, testSandbox } from '../support/sandbox';

// The seed documents' example requests, sent as they are; the answers must have the seed's shapes.
const keys = (value: Record<string, unknown>) => Object.keys(value).sort();

test('seed 000/001: the product examples replay with the documented answers', async () => {
  const sandbox = await testSandbox({ reviewDelayMs: 0 });
  const token = await stableToken(sandbox);
  const post = (path: string, body: unknown) => rawPost(sandbox, path, body, token);

  const created = await post('/scan/product/create', {
    keystandard: 'ean13',
    keystr: '6900873042720',
    brand_info: { base_info: { title: '扫一扫动态主页demo', brand_tag: '小耿哥8', category_id: 0, retail_price: '0.00', store_mgr_type: 'auto', store_vendorid_list: [], color: 'auto' } },
  });
  assert.deepEqual(keys(created), ['errcode', 'errmsg', 'pid']);
  assert.deepEqual(await post('/scan/product/modstatus', { keystandard: 'ean13', keystr: '6900873042720', status: 'on' }), { errcode: 0, errmsg: 'ok' });
  assert.deepEqual(
    await post('/scan/testwhitelist/set', { openid: ['o1Pj9jmZvwSyyyyyyBa4aULW2mA', 'o1Pj9jmZvxxxxxxxxxULW2mA'], username: ['afdvvf', 'abcd'] }),
    { errcode: 0, errmsg: 'ok' },
  );
  const qr = await post('/scan/product/getqrcode', { keystandard: 'ean13', keystr: '6900873042720', extinfo: 'test', qrcode_size: 64 });
  assert.deepEqual(keys(qr), ['errcode', 'errmsg', 'pic_url', 'qrcode_url']);
  assert.match(String(qr.qrcode_url), /^http:\/\/p\.url\.cn\/[\w-]{11}\/test$/);

  const got = await post('/scan/product/get', { keystandard: 'ean13', keystr: '6900873042720' });
  assert.deepEqual(keys(got), ['brand_info', 'errcode', 'errmsg']);
  assert.equal((got.brand_info as { base_info: { status: string } }).base_info.status, 'on');
  // The seed's getlist example sends offset and limit as strings.
  const list = await post('/scan/product/getlist', { offset: '0', limit: '10', status: 'on' });
  assert.deepEqual(keys(list), ['errcode', 'errmsg', 'key_list', 'total']);
  assert.deepEqual(keys((list.key_list as Record<string, unknown>[])[0]!), ['category_id', 'category_name', 'keystandard', 'keystr', 'status', 'update_time']);
  const updated = await post('/scan/product/update', {
    keystandard: 'ean13',
    keystr: '6900873042720',
    brand_info: { action_info: { action_list: [{ type: 'link', name: 'banner', link: 'http://mp.weixin.qq.com', showtype: 'banner' }, { type: 'user', appid: 'wx307e399609946068' }] } },
  });
  assert.deepEqual(keys(updated), ['errcode', 'errmsg', 'pid']);
  assert.deepEqual(await post('/scan/product/clear', { keystandard: 'ean13', keystr: '6900873042720' }), { errcode: 0, errmsg: 'ok' });
  assert.equal((await post('/scan/scanticket/check', { ticket: ' Ym1haDlvNXJqY3Ru1' })).errcode, 61317);
});

test('seed 002: the card examples replay with the documented answers', async () => {
  const sandbox = await testSandbox();
  const token = await stableToken(sandbox);
  const post = (path: string, body: unknown) => rawPost(sandbox, path, body, token);
  const card = await post('/card/create', { card: { card_type: 'GROUPON', groupon: { base_info: { use_custom_code: true, get_custom_code_mode: 'GET_CUSTOM_CODE_MODE_DEPOSIT' }, deal_detail: '示例' } } });
  const cardId = String(card.card_id);
  const qr = await post('/card/qrcode/create', { action_name: 'QR_CARD', expire_seconds: 1800, action_info: { card: { card_id: cardId, code: '198374613512', openid: 'oFS7Fjl0WsZ9AMZqrI80nbIq8xrA', is_unique_code: false, outer_str: '12b' } } });
  assert.deepEqual(keys(qr), ['errcode', 'errmsg', 'expire_seconds', 'show_qrcode_url', 'ticket', 'url']);
  const deposit = await post('/card/code/deposit', { card_id: cardId, code: ['11111', '22222', '33333', '44444', '55555'] });
  assert.deepEqual(keys(deposit), ['duplicate_code', 'errcode', 'errmsg', 'fail_code', 'succ_code']);
  assert.deepEqual(await post('/card/code/getdepositcount', { card_id: cardId }), { errcode: 0, errmsg: 'ok', count: 5 });
  const check = await post('/card/code/checkcode', { card_id: cardId, code: ['11111', '22222', '33333', '66666'] });
  assert.deepEqual(check, { errcode: 0, errmsg: 'ok', exist_code: ['11111', '22222', '33333'], not_exist_code: ['66666'] });
  assert.deepEqual(keys(await post('/card/mpnews/gethtml', { card_id: cardId })), ['content', 'errcode', 'errmsg']);
  const page = await post('/card/landingpage/create', { banner: 'http://mmbiz.qpic.cn/mmbiz/iaL1LJM1mF9aRKPZJkmG8xXhiaHqkKSVMMWeN3hLut7X7h icFN', page_title: '惠城优惠大派送', can_share: true, scene: 'SCENE_NEAR_BY', card_list: [{ card_id: cardId, thumb_url: 'www.qq.com/a.jpg' }] });
  assert.deepEqual(keys(page), ['errcode', 'errmsg', 'page_id', 'url']);
  assert.deepEqual(await post('/card/testwhitelist/set', { openid: ['o1Pj9jmZvwSyyyyyyBa4aULW2mA', 'o1Pj9jmZvxxxxxxxxxULW2mA'], username: ['afdvvf', 'abcd'] }), { errcode: 0, errmsg: 'ok' });
});

test('seed 003: publishing the documented prefix', async () => {
  const sandbox = await testSandbox();
  const token = await stableToken(sandbox);
  const post = (path: string, body: unknown) => rawPost(sandbox, path, body, token);
  assert.deepEqual(
    await post('/cgi-bin/wxopen/qrcodejumpadd', { prefix: 'https://WeChat.qq.com/qrcodejump', permit_sub_rule: 1, path: 'pages/index/index', open_version: 1, debug_url: [], is_edit: 0 }),
    { errcode: 0, errmsg: 'ok' },
  );
  assert.deepEqual(await post('/cgi-bin/wxopen/qrcodejumppublish', { prefix: 'https://WeChat.qq.com/qrcodejump' }), { errcode: 0, errmsg: 'ok' });
  assert.equal((await post('/cgi-bin/wxopen/qrcodejumppublish', { prefix: 'http://WeChat.qq.com/q/02P5KzM_xxxxx' })).errcode, 40097, 'no rule added for it');
});

test('calls without a valid token get the documented token errors; malformed JSON gets 47001', async () => {
  const sandbox = await testSandbox();
  assert.equal((await rawPost(sandbox, '/scan/product/get', {})).errcode, 41001);
  assert.equal((await rawPost(sandbox, '/scan/product/get', {}, 'made-up')).errcode, 40001);
  const res = await fetch(`${sandbox.url}/scan/product/get?access_token=x`, { method: 'POST', body: '{not json' });
  assert.equal(((await res.json()) as { errcode: number }).errcode, 47001);
  const classic = (await (await fetch(`${sandbox.url}/cgi-bin/token?grant_type=client_credential&appid=${sandbox.appId}&secret=${sandbox.secret}`)).json()) as Record<string, unknown>;
  assert.deepEqual(keys(classic), ['access_token', 'expires_in'], 'as WeChat: no errcode on success');
  assert.equal(classic.expires_in, 7200);
});
