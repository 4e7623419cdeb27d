import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { after, test } from 'node:test';
import { openUi, screenshotSizes } from '../support/browser';
import { VALID_SECRET } from '../support/testApp';

test('a custom API base must be confirmed before the AppSecret goes there, in both languages', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US', route: 'account' });
  await page.getByTestId('add-account').click();
  await page.locator('#account-name').fill('Brand proxy');
  await page.locator('#account-appId').fill('wx1234567890abcdef');
  await page.locator('#account-secret').fill(VALID_SECRET);
  await page.locator('#account-apiBase').fill('https://wechat-proxy.brand.example');
  await page.locator('#account-apiBase').blur();
  assert.match(await page.getByTestId('error-apiBase').innerText(), /not WeChat's API .* Confirm the custom endpoint/);
  await screenshotSizes(page, `account-custom-endpoint-en`);
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('error-apiBase').getByText('请确认自定义接口地址').waitFor();
  await screenshotSizes(page, `account-custom-endpoint-zh-CN`);
  await page.getByTestId('custom-endpoint').locator('input').check();
  await page.getByTestId('save-account').click();
  await page.locator('[data-account-id^="acct_"]').waitFor();
  const [account] = app.accounts.list('sandbox').filter((a) => a.kind === 'wechat');
  assert.equal(account!.apiBase, 'https://wechat-proxy.brand.example');
  assert.deepEqual(app.actions.list({ accountId: account!.id }).map((a) => a.kind), ['confirmCustomEndpoint']);
});

test('a batch another process issues says so on the Batches screen, in both languages', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'ELSE-{seq:4}', start: 1, count: 300, step: 1 } });
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  after(() => other.kill('SIGKILL'));
  app.db.prepare(`INSERT INTO batch_owners (batch_id, pid, host, run_id, since) VALUES (?, ?, ?, 'cli-run', ?)`).run(batch.id, other.pid, os.hostname(), new Date().toISOString());
  app.db.prepare(`UPDATE batches SET state = 'running' WHERE id = ?`).run(batch.id);
  await page.getByTestId('nav-batches').click();
  await page.getByTestId(`owner-${batch.id}`).getByText(`another QR Pack process (pid ${other.pid})`).waitFor();
  await screenshotSizes(page, `batches-elsewhere-en`);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.locator(`[data-batch-id="${batch.id}"]`).getByRole('button', { name: 'Cancel' }).click();
  await page.getByTestId(`owner-${batch.id}`).getByText('is asked to cancel').waitFor();
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId(`owner-${batch.id}`).getByText('已请求另一个 QR Pack 进程').waitFor();
  await screenshotSizes(page, `batches-elsewhere-zh-CN`);
  other.kill('SIGKILL');
  await once(other, 'exit');
});

test("a batch stopped on the daily quota offers the reset beside its reason; reset, it resumes to the end", async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'QT-{seq:3}', start: 1, count: 100, step: 1 } });
  // The in-process sandbox's own controls: 60 more calls today.
  const base = (await app.wechatFor('sandbox')).http.apiBase;
  const state = (await (await fetch(`${base}/sandbox/state`)).json()) as { api_calls: number };
  await fetch(`${base}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ quotaCalls: state.api_calls + 60 }) });
  const stopped = await app.batches.run(batch.id);
  assert.equal(stopped.stopErrcode, 45009);
  await page.reload();
  const row = page.locator(`[data-batch-id="${batch.id}"]`);
  await row.getByText(/daily API quota is used up.*Reset the daily quota, beside this message/).waitFor();
  let asked = '';
  page.once('dialog', (dialog) => ((asked = dialog.message()), void dialog.accept()));
  await page.getByTestId(`reset-quota-${batch.id}`).click();
  await page.getByTestId('notice').getByText("Sandbox's daily API quota was reset: resume the stopped batch.").waitFor();
  assert.match(asked, /Reset Sandbox's daily API quota now\?/);
  assert.deepEqual(app.actions.list({ accountId: 'sandbox' }).map((a) => a.kind), ['clearQuota']);
  await screenshotSizes(page, 'batches-quota-reset-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId(`reset-quota-${batch.id}`).getByText('清零今日调用次数').waitFor();
  await screenshotSizes(page, 'batches-quota-reset-zh-CN');
  await page.getByTestId('language-select').selectOption('en');
  await row.getByRole('button', { name: 'Resume' }).click();
  await row.and(page.locator('[data-state="done"]')).waitFor({ timeout: 30_000 });
});
