import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openUi, screenshot, screenshotSizes } from '../support/browser';
import { VALID_SECRET } from '../support/testApp';

test('the window loads on the sandbox account, in the OS language', async () => {
  const { page } = await openUi({ systemLocale: 'zh_CN.UTF-8', route: 'account' });
  await page.getByRole('heading', { name: '账号与设置' }).waitFor();
  assert.match(await page.getByTestId('active-account').innerText(), /沙箱/);
  const sandbox = page.locator('[data-account-id="sandbox"]');
  assert.match(await sandbox.innerText(), /使用中/);
  assert.doesNotMatch(await page.evaluate(() => window.location.href), /session=/, 'the session token is taken out of the address');
  await screenshot(page, 'account-zh-CN');
});

test('the language switches, and the choice survives a reload', async () => {
  const { page } = await openUi({ systemLocale: 'en-US', route: 'account' });
  await page.getByRole('heading', { name: 'Account & settings' }).waitFor();
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByRole('heading', { name: '账号与设置' }).waitFor();
  assert.match(await page.locator('html').innerText(), /跟随系统语言|已手动选择/);
  await page.reload();
  await page.getByRole('heading', { name: '账号与设置' }).waitFor();
  await page.getByTestId('language-select').selectOption('en');
  await page.getByRole('heading', { name: 'Account & settings' }).waitFor();
  await screenshot(page, 'account-en');
});

test('the account form validates as the user works, in their language', async () => {
  const { page } = await openUi({ systemLocale: 'en-US', route: 'account' });
  await page.getByTestId('add-account').click();
  await page.getByTestId('save-account').click();
  for (const field of ['name', 'appId', 'secret']) await page.getByTestId(`error-${field}`).waitFor();
  assert.equal(await page.getByTestId('error-appId').innerText(), 'Enter the AppID.');

  await page.locator('#account-appId').fill('wx12');
  await page.locator('#account-appId').blur();
  assert.match(await page.getByTestId('error-appId').innerText(), /"wx" followed by 16/);
  await page.locator('#account-apiBase').fill('http://api.weixin.qq.com');
  await page.locator('#account-apiBase').blur();
  assert.match(await page.getByTestId('error-apiBase').innerText(), /Use https/);
  await screenshot(page, 'account-form-errors-en');

  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('error-appId').getByText('AppID 由 “wx” 加 16 位').waitFor();
  // What is already on screen follows the switch too.
  await page.getByTestId('notice').getByText('请修改标出的字段。').waitFor();
  await screenshot(page, 'account-form-errors-zh-CN');

  // Switching to a token service asks for its URL instead of the AppSecret.
  await page.getByLabel('品牌方的令牌服务').check();
  assert.equal(await page.locator('#account-tokenServiceUrl').count(), 1);
});

test('switching the kind of credential empties every secret field: an AppSecret never becomes the token service key', async () => {
  const { page } = await openUi({ systemLocale: 'en-US', route: 'account' });
  await page.getByTestId('add-account').click();
  await page.locator('#account-secret').fill(VALID_SECRET);
  await page.locator('input[name="credentialKind"][value="tokenService"]').check();
  await page.locator('#account-tokenServiceUrl').waitFor();
  assert.equal(await page.locator('#account-secret').inputValue(), '', 'the token service key field starts empty');
  await page.locator('#account-secret').fill('service-key-123');
  await page.locator('input[name="credentialKind"][value="appSecret"]').check();
  await page.locator('#account-tokenServiceUrl').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#account-secret').inputValue(), '', 'nor does the service key become an AppSecret');
  await page.locator('input[name="credentialKind"][value="tokenService"]').check();
  await screenshotSizes(page, 'account-form-token-service-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByText('品牌方的令牌服务', { exact: false }).first().waitFor();
  await screenshotSizes(page, 'account-form-token-service-zh-CN');
});

test('a saved account never sends its secret back to the renderer', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US', route: 'account' });
  const bodies: string[] = [];
  page.on('response', async (response) => {
    if (!response.url().includes('/rpc/')) return;
    // An answer still in flight when the page reloads is dropped with the page: there is no body to read.
    const body = await response.text().catch(() => null);
    if (body !== null) bodies.push(body);
  });
  const events: string[] = [];
  app.onEvent((event, payload) => events.push(JSON.stringify([event, payload])));

  await page.getByTestId('add-account').click();
  await page.locator('#account-name').fill('品牌甲 Brand A');
  await page.locator('#account-appId').fill('wx1234567890abcdef');
  await page.locator('#account-secret').fill(VALID_SECRET);
  await page.getByTestId('save-account').click();
  const row = page.locator('[data-account-id^="acct_"]');
  // Told under the saved account's row, where the form was.
  await row.locator('.check.ok').getByText('Account "品牌甲 Brand A" saved.').waitFor();
  assert.match(await row.innerText(), /Secret stored in the system keychain/);

  // Edit: the secret field is empty, with a placeholder saying one is stored.
  await row.getByRole('button', { name: 'Edit' }).click();
  assert.equal(await page.locator('#account-secret').inputValue(), '');
  assert.match((await page.locator('#account-secret').getAttribute('placeholder')) ?? '', /Stored/);
  await row.getByRole('button', { name: 'Use this account' }).click();
  await page.getByTestId('active-account').getByText('品牌甲 Brand A').waitFor();
  await page.reload();
  await page.getByTestId('account-list').waitFor();
  await screenshot(page, 'account-saved-en');

  const html = await page.content();
  const storage = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  assert.ok(bodies.length >= 4, `saw ${bodies.length} answers`);
  for (const seen of [...bodies, ...events, html, storage]) assert.ok(!seen.includes(VALID_SECRET), 'secret reached the renderer');
});

test('the sandbox account is live: testing it reaches the in-process sandbox', async () => {
  const { page } = await openUi({ systemLocale: 'zh_CN.UTF-8', route: 'account' });
  const sandbox = page.locator('[data-account-id="sandbox"]');
  await sandbox.getByRole('button', { name: '测试连接' }).click();
  await page.getByTestId('check-sandbox').getByText(/已连接,用时 \d+ 毫秒 · 共 1 个商品/).waitFor();
  await page.getByTestId('language-select').selectOption('en');
  await page.getByTestId('check-sandbox').getByText(/Connected in \d+ ms · products: 1/).waitFor();
  await screenshot(page, 'account-sandbox-live-en');
});

test('a refused connection shows WeChat\'s message and errcode in the user\'s language', async () => {
  const { page, app } = await openUi({ systemLocale: 'zh_CN.UTF-8', route: 'account' });
  const { testSandbox } = await import('../support/sandbox');
  const wechat = await testSandbox({ appId: 'wx1234567890abcdef', secret: 'a'.repeat(32) });
  const saved = await app.dispatch('saveAccount', {
    name: 'Brand A', appId: 'wx1234567890abcdef', credentialKind: 'appSecret', secret: VALID_SECRET,
    tokenMode: 'stable', tokenServiceUrl: '', apiBase: wechat.url,
  });
  assert.ok(saved.ok);
  await page.reload();
  const row = page.locator('[data-account-id^="acct_"]');
  await row.getByRole('button', { name: '测试连接' }).click();
  await row.getByText(/AppSecret 无效。.*(错误码 40125)/).waitFor();
  await screenshot(page, 'account-refused-zh-CN');
});

test('the daily quota is reset from Account & settings, confirmed first and audited', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US', route: 'account' });
  page.once('dialog', (dialog) => {
    assert.match(dialog.message(), /Reset Sandbox's daily API quota now\? WeChat allows this 10 times a month/);
    void dialog.dismiss();
  });
  await page.getByTestId('reset-quota-sandbox').click();
  assert.equal(app.actions.list({ accountId: 'sandbox' }).length, 0, 'dismissed: nothing sent');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('reset-quota-sandbox').click();
  await page.getByTestId('check-sandbox').getByText("Sandbox's daily API quota was reset: resume the stopped batch.").waitFor();
  assert.deepEqual(app.actions.list({ accountId: 'sandbox' }).map((a) => a.kind), ['clearQuota']);
  await screenshotSizes(page, 'account-quota-reset-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByText('今日的接口调用次数已清零').waitFor();
  await screenshotSizes(page, 'account-quota-reset-zh-CN');
});
