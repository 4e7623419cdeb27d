import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openUi, screenshotSizes } from '../support/browser';
import { SEED_BRAND_INFO } from '../support/seedProduct';

const KEY = { keystandard: 'ean13', keystr: '6901234567892' };
const { status: _status, ...seedBase } = SEED_BRAND_INFO.base_info;
const SEED_AS_SENT = { ...SEED_BRAND_INFO, base_info: seedBase };

test("the product editor: the seed's whole page edited field by field, link and banner actions added, nothing else lost", async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const client = await app.wechatFor('sandbox');
  await app.products.create('sandbox', client, KEY, SEED_AS_SENT);
  await page.getByTestId('nav-products').click();
  await page.locator(`[data-keystr="${KEY.keystr}"]`).click();
  const preview = page.getByTestId('product-page-preview');
  await preview.getByText('扫一扫动态主页demo').waitFor();
  assert.equal(await preview.getByTestId('preview-banner-link').innerText(), 'banner');
  assert.equal(await preview.getByTestId('preview-action-link').count(), 2);
  await preview.getByText('Follow the official account').waitFor();
  await preview.getByText('Anti-fake check: genuine / fake / not activated').waitFor();

  // One field changed: only base_info is sent, and every other field of the page is as it was.
  await page.getByTestId('edit-product').click();
  assert.equal(await page.locator('#np-brand-tag').inputValue(), '小耿哥8');
  assert.equal(await page.getByTestId('actions-editor').locator('.action-row').count(), 5);
  await page.locator('#np-title').fill('山泉水 550ml Spring water');
  await page.getByTestId('create-product').click();
  await page.getByTestId('notice').getByText('was updated').waitFor();
  const afterTitle = await app.products.get('sandbox', client, KEY);
  assert.deepEqual(afterTitle, { ...SEED_BRAND_INFO, base_info: { ...SEED_BRAND_INFO.base_info, title: '山泉水 550ml Spring water', status: 'off' } });
  assert.deepEqual(app.actions.list({ accountId: 'sandbox' }).map((a) => Object.keys((a.request as { brand_info?: object }).brand_info ?? {})), [['base_info'], ['base_info', 'detail_info', 'action_info', 'module_info']]);

  // A link shown as a banner, added, checked, moved to the top; the anti-fake module drawn by the page.
  await page.getByTestId('edit-product').click();
  const auditedBefore = app.actions.list({ accountId: 'sandbox' }).length;
  await page.getByTestId('add-link').click();
  const added = page.getByTestId('action-5');
  await added.getByLabel('Name').fill('Shop');
  await added.getByLabel('Link URL').fill('shop.example');
  await added.getByLabel('Show as banner').check();
  await page.getByTestId('create-product').click();
  await page.getByTestId('action-5-problem').getByText('A link needs its full address, starting with http:// or https://.').waitFor();
  assert.equal(app.actions.list({ accountId: 'sandbox' }).length, auditedBefore, 'nothing sent');
  await added.getByLabel('Link URL').fill('https://shop.example/');
  for (let i = 0; i < 5; i++) await page.getByTestId(`action-${5 - i}`).getByLabel('Move up').click();
  await page.getByLabel("Drawn by WeChat (native_show): the verdict appears in WeChat's own style").uncheck();
  await page.getByTestId('product-page-preview').getByText('Anti-fake check (drawn by the page)').waitFor();
  await screenshotSizes(page, `product-editor-en`);
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByText('推广服务区').waitFor();
  await screenshotSizes(page, `product-editor-zh-CN`);
  await page.getByTestId('create-product').click();
  await page.getByTestId('notice').getByText('已更新').waitFor();
  const edited = await app.products.get('sandbox', client, KEY);
  assert.deepEqual(edited.action_info!.action_list, [{ type: 'link', name: 'Shop', link: 'https://shop.example/', showtype: 'banner' }, ...SEED_BRAND_INFO.action_info.action_list]);
  assert.deepEqual(edited.module_info, { module_list: [{ type: 'anti_fake', native_show: 'false' }] });
  assert.deepEqual(edited.detail_info, SEED_BRAND_INFO.detail_info);
  assert.equal(edited.base_info!.title, '山泉水 550ml Spring water');

  // Saved again without a change: nothing is sent.
  const calls = app.actions.list({ accountId: 'sandbox' }).length;
  await page.getByTestId('edit-product').click();
  await page.getByTestId('create-product').click();
  await page.getByTestId('notice').getByText('没有任何修改').waitFor();
  assert.equal(app.actions.list({ accountId: 'sandbox' }).length, calls);
});
