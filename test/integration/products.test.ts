import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BRAND_INFO } from '../support/sandbox';
import { ok, testApp } from '../support/testApp';

const KEY = { keystandard: 'ean13', keystr: '6901234567892' };

test('product operations through the contract: create, list, get, publish rules, whitelist, clear — all audited', async () => {
  const app = testApp();
  await ok(app, 'createProduct', { ...KEY, brandInfo: BRAND_INFO });
  const list = await ok<{ total: number; items: { keystr: string; status: string }[] }>(app, 'listProducts', { status: 'off' });
  assert.deepEqual(list.items.map((i) => [i.keystr, i.status]), [[KEY.keystr, 'off']]);
  const info = await ok<{ base_info: { title: string } }>(app, 'getProduct', KEY);
  assert.equal(info.base_info.title, BRAND_INFO.base_info.title);
  assert.equal(app.products.cachedTitle('sandbox', KEY), BRAND_INFO.base_info.title, 'the title is cached for offline use');

  await ok(app, 'setProductStatus', { ...KEY, status: 'on' });
  // The in-process sandbox reviews for 5 s: the product is under review now.
  const underReview = await app.dispatch('setProductStatus', { ...KEY, status: 'off' });
  assert.equal(!underReview.ok && underReview.error.errcode, 63166);
  assert.match(!underReview.ok ? underReview.error.message['zh-CN'] : '', /审核中/);
  const edit = await app.dispatch('updateProduct', { ...KEY, brandInfo: { base_info: { title: 'new' } } });
  assert.equal(!edit.ok && edit.error.errcode, 63166);

  const openid = (n: number) => `oTesterOpenId0000000000000${String(n).padStart(2, '0')}`;
  const eleven = await app.dispatch('setTestWhitelist', { openid: Array.from({ length: 6 }, (_, i) => openid(i)), username: ['alice1', 'bobby2', 'carol3', 'daveW4', 'erin_5'] });
  assert.equal(!eleven.ok && eleven.error.errcode, 61341);
  // Entries WeChat would not take for a tester: refused with field, line and reason; nothing sent.
  const odd = await app.dispatch('setTestWhitelist', { openid: [openid(1), 'not an openid!!', '中文名字'], username: ['ab', '1tester'] });
  assert.ok(!odd.ok && odd.error.code === 'invalid_argument');
  const oddText = !odd.ok ? odd.error.message : { en: '', 'zh-CN': '' };
  assert.match(oddText.en, /OpenID line 2: "not an openid!!" is not an OpenID: WeChat's OpenIDs are 28 letters, digits, "-" or "_" \(this has 15 characters and others\)/);
  assert.match(oddText.en, /OpenID line 3: "中文名字" is not an OpenID/);
  assert.match(oddText.en, /WeChat ID line 1: "ab" is not a WeChat ID: 6–20 letters/);
  assert.match(oddText.en, /WeChat ID line 2: "1tester" is not a WeChat ID/);
  assert.match(oddText['zh-CN'], /微信号 第 1 行:"ab" 不是微信号/);
  await ok(app, 'setTestWhitelist', { openid: [openid(1)], username: ['tester2'] });
  await ok(app, 'clearProduct', KEY);

  const audit = await ok<{ kind: string; ok: boolean; errcode: number | null }[]>(app, 'listActions', {});
  assert.deepEqual(audit.map((a) => [a.kind, a.ok, a.errcode]).reverse(), [
    ['createProduct', true, null],
    ['publishProduct', true, null],
    ['unpublishProduct', false, 63166],
    ['updateProduct', false, 63166],
    ['setTestWhitelist', true, null],
    ['clearProduct', true, null],
  ], 'the whitelist of 11 was refused before sending, so it is not an action');
});

test('the daily quota can be reset from the app, audited; WeChat allows 10 a month and the 11th is refused with its reason', async () => {
  const app = testApp();
  for (let i = 0; i < 10; i++) await ok(app, 'resetQuota', { id: 'sandbox' });
  const eleventh = await app.dispatch('resetQuota', { id: 'sandbox' });
  assert.ok(!eleventh.ok && eleventh.error.errcode === 48006);
  assert.match(eleventh.error.message.en, /reset 10 times this month already/);
  const audit = app.actions.list({ accountId: 'sandbox' }).filter((a) => a.kind === 'clearQuota');
  assert.equal(audit.length, 11);
  assert.deepEqual([audit[0]!.ok, audit[0]!.errcode, audit[1]!.ok], [false, 48006, true]);
});
