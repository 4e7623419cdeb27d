import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BatchView } from '../../shared/contract';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandboxServer';
import { openUi, screenshotSizes } from '../support/browser';
import { rawPost } from '../support/sandbox';
import { ok } from '../support/testApp';

test('a fresh install rehearses the whole path: Account & settings starts the rehearsal server, a scan in the sandbox gets its verdict, shown on the Log', async () => {
  let sandbox: Sandbox | undefined;
  const { page, app } = await openUi({ systemLocale: 'en-US', route: 'account', startSandbox: async () => (sandbox = await startSandbox({ reviewDelayMs: 0, demoProduct: true })) });
  const lot = await ok<BatchView>(app, 'planBatch', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Lot R', source: { kind: 'pattern', pattern: 'RS-{seq:2}', start: 1, count: 6, step: 1 } });
  await app.batches.run(lot.id);
  await ok(app, 'activateBatch', { id: lot.id, range: { from: 1, to: 3 } });

  const panel = page.getByTestId('rehearsal');
  await panel.getByText('Not running: the sandbox pushes no scans.').waitFor();
  assert.equal(await page.getByTestId('rehearsal-scan').count(), 0, 'no scan before the server runs');
  assert.ok(await page.getByTestId('rehearsal-safe-mode').isChecked(), 'safe mode by default');
  await page.getByTestId('rehearsal-start').click();
  await panel.getByText(/^Running at http:\/\/127\.0\.0\.1:\d+ \(safe mode, encrypted\)/).waitFor();

  await page.locator('#rehearsal-extinfo').fill('RS-01');
  await page.getByTestId('rehearsal-scan').click();
  await page.getByTestId('rehearsal-answers').locator('[data-answer="real"]').getByText('ean13:6900873042720 / RS-01').waitFor();
  await page.locator('#rehearsal-extinfo').fill('RS-99');
  await page.getByTestId('rehearsal-scan').click();
  await page.getByTestId('rehearsal-answers').locator('[data-answer="fake"]').waitFor();
  await page.locator('#rehearsal-extinfo').fill('');
  await page.getByTestId('rehearsal-scan').click();
  await page.getByTestId('rehearsal-answers').locator('[data-answer="no_code"]').getByText('no code (a barcode scan): no verdict shown').waitFor();

  // A shopper's scan made on the sandbox itself (its control endpoint), pushed the same way.
  const pushed = await rawPost(sandbox!, '/sandbox/scan', { keystandard: 'ean13', keystr: '6900873042720', extinfo: 'RS-05', openid: 'oShopper5' });
  assert.deepEqual(pushed.push, { status: 200, codeResult: 'not_active' });

  await screenshotSizes(page, 'account-rehearsal-en');

  await page.getByTestId('language-select').selectOption('zh-CN');
  await panel.getByText(/^运行于 http:\/\/127\.0\.0\.1:\d+.安全模式/).waitFor();
  await screenshotSizes(page, 'account-rehearsal-zh-CN');
  await page.getByTestId('language-select').selectOption('en');
  await page.locator('#rehearsal-product').fill('ean13:0000000000000');
  await page.getByTestId('rehearsal-scan').click();
  await panel.getByTestId('notice').getByText(/The sandbox has no product ean13:0000000000000 \(errcode \d+\)/).waitFor();

  await page.getByText('Every scan on Log → Anti-fake scans').click();
  await page.getByTestId('tab-verdicts').click();
  const table = page.getByTestId('verdict-table');
  await table.locator('[data-verdict="not_active"]').getByText('oShopper5').waitFor();
  await page.getByTestId('chart-verdicts').locator('.recharts-bar-rectangle').first().waitFor();
  assert.deepEqual(
    await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict'))),
    ['not_active', 'no_code', 'fake', 'real'],
    'every push recorded once, newest first',
  );
  await screenshotSizes(page, 'log-rehearsal-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await table.getByText('未激活').waitFor();
  await screenshotSizes(page, 'log-rehearsal-zh-CN');

  await page.getByTestId('nav-account').click();
  await page.getByTestId('rehearsal-stop').click();
  await panel.getByText('未运行:沙箱不推送扫码。').waitFor();
  assert.equal((await rawPost(sandbox!, '/sandbox/scan', { keystandard: 'ean13', keystr: '6900873042720', extinfo: 'RS-02' })).push, undefined, 'stopped: nothing pushed');
});
