import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openUi, screenshot } from '../support/browser';

test('products: create, submit for review, the state rules, unpublish — all in the audit', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US', route: 'products' });
  await page.getByRole('heading', { name: 'Products', exact: true }).waitFor();
  await page.getByTestId('new-product').click();
  await page.locator('#np-keystr').fill('6901234567892');
  await page.locator('#np-title').fill('新品 New drink');
  await page.locator('#np-price').fill('12.50');
  await page.locator('#np-details').fill('容量: 330 ml\nOrigin: Hangzhou');
  await page.getByTestId('create-product').click();
  const detail = page.getByTestId('product-detail');
  await detail.getByText('Not published', { exact: true }).waitFor();
  await detail.getByTestId('notice').getByText('Product 6901234567892 was created', { exact: false }).waitFor();
  assert.match(await page.getByTestId('product-page-preview').innerText(), /新品 New drink[\s\S]*¥12.50[\s\S]*330 ml/);
  await detail.getByRole('button', { name: 'Submit for review' }).click();
  await detail.getByText('Under review', { exact: true }).waitFor();
  // Under review: neither unpublish nor submit again, and the reason is shown.
  assert.equal(await detail.getByRole('button', { name: 'Unpublish' }).isDisabled(), true);
  assert.equal(await detail.getByRole('button', { name: 'Submit for review' }).isDisabled(), true);
  await detail.getByText('wait for WeChat to finish').waitFor();
  await screenshot(page, 'products-review-en');
  await new Promise((resolve) => setTimeout(resolve, 5200));
  await page.locator('[data-keystr="6901234567892"]').click();
  await detail.getByText('Published', { exact: true }).waitFor();
  await detail.getByRole('button', { name: 'Unpublish' }).click();
  await detail.getByText('Not published', { exact: true }).waitFor();
  await page.getByTestId('edit-product').click();
  await page.locator('#np-title').fill('新品 New drink 2');
  await page.getByTestId('create-product').click();
  await page.getByTestId('product-page-preview').getByText('新品 New drink 2').waitFor();
  // The list shows each title as this computer last read the page (WeChat's list has none).
  await page.getByTestId('nav-batches').click();
  await page.getByTestId('nav-products').click();
  assert.match(await page.locator('[data-keystr="6901234567892"]').innerText(), /新品 New drink 2/);
  const kinds = app.actions.list({ accountId: 'sandbox' }).map((a) => a.kind).reverse();
  assert.deepEqual(kinds, ['createProduct', 'publishProduct', 'unpublishProduct', 'updateProduct']);
});

test('testers: a whitelist of 11 is refused, a valid one saved with its diff; an unpublished page previewed', async () => {
  const { page, app } = await openUi({ systemLocale: 'zh_CN.UTF-8', route: 'testers' });
  await page.getByRole('heading', { name: '测试人员', exact: true }).waitFor();
  await page.locator('#wl-openid').fill('not an openid!!\n中文名字');
  await page.getByTestId('wl-openid-problem').first().getByText('第 1 行: "not an openid!!" 不是 OpenID').waitFor();
  assert.equal(await page.getByTestId('wl-openid-problem').count(), 2, 'one tester per line, each checked');
  assert.equal(await page.getByTestId('save-whitelist').isDisabled(), true);
  await screenshot(page, 'testers-bad-openid-zh-CN');
  await page.locator('#wl-openid').fill(Array.from({ length: 8 }, (_, i) => `oTesterOpenId00000000000000${i}`).join('\n'));
  await page.locator('#wl-username').fill('alice_w\nbob_wx1\ncarol_w');
  await page.getByTestId('tester-count').getByText('共 11 名测试人员:微信最多允许 10 名').waitFor();
  assert.equal(await page.getByTestId('save-whitelist').isDisabled(), true);
  await screenshot(page, 'testers-eleven-zh-CN');
  await page.locator('#wl-username').fill('alice_w');
  await page.getByTestId('tester-count').getByText('共 9/10 名测试人员').waitFor();
  assert.match(await page.getByTestId('whitelist-diff').innerText(), /\+ oTesterOpenId000000000000000[\s\S]*\+ alice_w/);
  await page.getByTestId('save-whitelist').click();
  await page.getByTestId('notice').getByText('白名单已保存(9 名测试人员)。').waitFor();
  await page.getByTestId('whitelist-diff').getByText('与上次保存的名单相同。').waitFor();
  const saved = app.actions.lastSucceeded('sandbox', 'setTestWhitelist')!;
  assert.deepEqual((saved.request as { username: string[] }).username, ['alice_w']);
  // The sandbox received the whole list.
  await page.reload();
  // After a reload the editor starts from the list last saved (kept in the audit).
  await page.waitForFunction(() => (document.querySelector('#wl-username') as HTMLTextAreaElement | null)?.value === 'alice_w');
  await page.getByTestId('whitelist-diff').getByText('与上次保存的名单相同。').waitFor();
});

test('log: a code\'s scan record cleared from the log screen is recorded; exports listed', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'LOGT-{seq:3}', start: 1, count: 120, step: 1 } });
  await app.batches.run(batch.id);
  await page.getByTestId('nav-log').click();
  await page.getByRole('heading', { name: 'Log', exact: true }).waitFor();
  assert.equal(await page.locator('[data-extinfo]').count(), 100, 'first page of 100');
  assert.equal(await page.locator('[data-extinfo]').first().getAttribute('data-extinfo'), 'LOGT-120', 'newest first');
  await page.getByTestId('next-page').click();
  await page.locator('[data-extinfo="LOGT-001"]').waitFor();
  assert.equal(await page.locator('[data-extinfo]').first().getAttribute('data-extinfo'), 'LOGT-020');
  await page.locator('#log-search').fill('LOGT-007');
  await page.locator('[data-extinfo="LOGT-007"]').waitFor();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.locator('[data-extinfo="LOGT-007"]').getByRole('button', { name: 'Clear scan record' }).click();
  await page.getByTestId('notice').getByText('The scan record of LOGT-007 was cleared.').waitFor();
  await page.getByTestId('tab-actions').click();
  await page.getByTestId('action-table').getByText('ean13:6900873042720/LOGT-007').waitFor();
  assert.match(await page.getByTestId('action-table').innerText(), /Clear scan record[\s\S]*Done/);
  await screenshot(page, 'log-actions-en');
});

test('testers: a tester sheet of an unpublished product to show on screen and scan', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const client = await app.wechatFor('sandbox');
  await client.scan.create({ keystandard: 'ean13', keystr: '6901111111116' }, { base_info: { title: '未上市 Prototype' } });
  await page.getByTestId('nav-testers').click();
  await page.locator('#tester-product').selectOption('ean13:6901111111116');
  await page.getByTestId('product-page-preview').getByText('未上市 Prototype').waitFor();
  await page.getByTestId('tester-sheet').click();
  await page.getByTestId('tester-sheet-image').waitFor({ timeout: 30_000 });
  const codes = app.batches.repo.codes({}).filter((c) => c.keystr === '6901111111116');
  assert.equal(codes.length, 6);
  assert.ok(codes.every((c) => c.status === 'issued'));
  await screenshot(page, 'testers-sheet-en');

  // A tester sheet is a test batch: Batches offers no Activate, and the service refuses it.
  const sheet = app.batches.repo.get(codes[0]!.batch);
  assert.equal(sheet.test, true, 'the tester sheet is stored as a test batch');
  await page.getByTestId('nav-batches').click();
  await page.getByTestId(`activation-${sheet.id}`).getByText('Tester codes: never activated, never "real"').waitFor();
  assert.equal(await page.getByTestId(`activate-${sheet.id}`).count(), 0, 'no Activate for tester codes');
  const refused = await app.dispatch('activateBatch', { id: sheet.id });
  assert.match(!refused.ok ? refused.error.message.en : '', /is a tester batch: its codes never answer "real"/);
  assert.equal(app.batches.repo.get(sheet.id).activated, 0);
});

test('label design: warnings before printing, then saved for the app and the CLI', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US', route: 'templates' });
  await page.getByTestId('template-ok').waitFor();
  await page.getByTestId('select-qr').click();
  await page.locator('#qr-size').fill('3');
  await page.getByTestId('template-problem').getByText(/modules would be/).waitFor();
  await screenshot(page, 'templates-warning-en');
  await page.locator('#qr-size').fill('13');
  await page.getByTestId('template-ok').waitFor();
  await page.getByTestId('select-text-1').click();
  await page.locator('#line-1').fill('No. {seq}');
  await page.locator('#tpl-name').fill('lot7 design');
  await page.getByTestId('save-template').click();
  await page.getByTestId('notice').getByText(/lot7 design\.json/).waitFor();
  const saved = app.templates.list();
  assert.deepEqual(saved.map((t) => [t.name, t.template.qr.sizeMm, t.template.text[1]!.text]), [['lot7 design', 13, 'No. {seq}']]);
  await screenshot(page, 'templates-en');
});

test('every screen speaks both languages', async () => {
  const { page } = await openUi({ systemLocale: 'en-US' });
  const headings = { batches: ['Batches', '批次'], templates: ['Label design', '标签设计'], products: ['Products', '商品'], testers: ['Testers', '测试人员'], log: ['Log', '日志'], account: ['Account & settings', '账号与设置'] } as const;
  for (const [route, [en, zh]] of Object.entries(headings)) {
    await page.getByTestId(`nav-${route}`).click();
    await page.getByTestId('language-select').selectOption('en');
    await page.getByRole('heading', { name: en, exact: true }).waitFor();
    await screenshot(page, `${route}-en`);
    await page.getByTestId('language-select').selectOption('zh-CN');
    await page.getByRole('heading', { name: zh, exact: true }).waitFor();
    // No English UI text left on a Chinese screen (codes, product names and units aside).
    const text = await page.locator('main').innerText();
    assert.doesNotMatch(text.replace(/[A-Za-z0-9_.:\-{}()/@+*]+@?/g, (w) => (/^[a-z]+ [a-z]+/i.test(w) ? w : '')), /\b(the|and|Save|Export|Cancel|Refresh)\b/, route);
    await screenshot(page, `${route}-zh-CN`);
  }
});

test('the screens opened without their address say how to get it, in the browser\'s language', async () => {
  const { page, transport } = await openUi({ systemLocale: 'en-US' });
  const bare = await page.context().newPage();
  await bare.goto(transport.origin);
  await bare.getByRole('alert').getByText(/needs the address QR Pack printed when it started, which ends in #session=…\. In a terminal run qrpack ui/).waitFor();
  await screenshot(bare, 'no-session-en');
  // The address of an earlier start: the page says the service stopped answering it.
  await page.evaluate(() => sessionStorage.setItem('qrpack.session', 'an-old-session-token-from-before'));
  await page.reload();
  await page.getByRole('alert').getByText(/QR Pack stopped answering this page/).waitFor();
});
