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

  const eleven = await app.dispatch('setTestWhitelist', { openid: Array.from({ length: 6 }, (_, i) => `o${i}`), username: ['a', 'b', 'c', 'd', 'e'] });
  assert.equal(!eleven.ok && eleven.error.errcode, 61341);
  await ok(app, 'setTestWhitelist', { openid: ['oTester1'], username: ['tester2'] });
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
