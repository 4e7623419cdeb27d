import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { openUi, screenshot, screenshotSizes } from '../support/browser';
import { tempDir } from '../support/tempDir';

const PREFIX = 'https://qr.brand.example/p/';

test('Mini Program codes, from rule to press: add a rule (links checked as typed), publish, plan 1,000, export, the PDF decodes to prefix + serial', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US', route: 'rules' });
  await page.getByRole('heading', { name: 'Mini Program rules', exact: true }).waitFor();
  await page.getByTestId('publish-quota').getByText('Publishes left this month: 100 of 100').waitFor();
  await page.locator('#rule-prefix').fill(PREFIX);
  await page.locator('#rule-path').fill('pages/product/index?id=1');
  await page.locator('#rule-links').fill(`${PREFIX}TEST-1\nhttps://elsewhere.example/TEST-2`);
  const checks = page.getByTestId('link-checks');
  await checks.getByText(`✓ ${PREFIX}TEST-1`).waitFor();
  await checks.getByText(/Test link 2: "https:\/\/elsewhere.example\/TEST-2" does not start with the prefix/).waitFor();
  await page.getByTestId('rule-save').click();
  await page.getByTestId('rule-form').getByText(/has a query/).waitFor();
  assert.equal(app.actions.list({ accountId: 'sandbox' }).length, 0, 'a refused form sends nothing');
  await screenshotSizes(page, `rules-form-errors-en`);
  await page.locator('#rule-path').fill('pages/product/index');
  await page.locator('#rule-links').fill(`${PREFIX}TEST-1\n${PREFIX}TEST-2`);
  await page.getByTestId('rule-save').click();
  await page.getByTestId('notice').getByText('Rule added (not published yet).').waitFor();
  await page.getByTestId('rule-row').getByText('Not published').waitFor();

  // The verification file, with what to do with it, saved as a file.
  await page.getByTestId('verification-get').click();
  const name = await page.getByTestId('verification-name').innerText();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('verification-save').click()]);
  assert.equal(download.suggestedFilename(), name);
  const saved = path.join(tempDir(), name);
  await download.saveAs(saved);
  assert.equal(fs.readFileSync(saved, 'utf8'), (await (await app.wechatFor()).qrJump.verificationFile()).fileContent);

  page.once('dialog', (dialog) => {
    assert.match(dialog.message(), /Publish the rule https:\/\/qr.brand.example\/p\/\?.*1 of the 100 publishes left/);
    void dialog.accept();
  });
  await page.getByTestId('rule-publish').click();
  await page.getByTestId('notice').getByText(/Rule published/).waitFor();
  await page.getByTestId('publish-quota').getByText('Publishes left this month: 99 of 100').waitFor();
  await screenshotSizes(page, `rules-published-en`);
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByRole('heading', { name: '小程序跳转规则', exact: true }).waitFor();
  await page.getByTestId('rule-row').getByText('已发布').waitFor();
  await screenshotSizes(page, `rules-published-zh-CN`);
  await page.getByTestId('language-select').selectOption('en');
  assert.deepEqual(app.actions.list({ accountId: 'sandbox' }).map((a) => a.kind).reverse(), ['addJumpRule', 'publishJumpRule']);

  // A batch of 1,000 jump codes from the Batches screen.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('nav-batches').click();
  await page.getByTestId('kind-jump').click();
  await page.locator('#batch-prefix').selectOption(PREFIX);
  await page.locator('#batch-pattern').fill('JP-{seq:5}');
  await page.locator('#batch-count').fill('1000');
  await page.locator('#batch-stock').selectOption('avery-l7651');
  assert.equal(await page.getByTestId('pattern-sample').innerText(), `${PREFIX}JP-00001, ${PREFIX}JP-00002, ${PREFIX}JP-00003, …, ${PREFIX}JP-01000`);
  await screenshotSizes(page, `batches-new-jump-en`);
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('kind-jump').getByText('小程序码').waitFor();
  await screenshotSizes(page, `batches-new-jump-zh-CN`);
  await page.getByTestId('language-select').selectOption('en');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('plan-batch').click();
  const row = page.locator('[data-batch-id="1"]');
  await row.and(page.locator('[data-state="done"]')).waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('progress-1').innerText(), /1000 of 1000 issued, 0 failed/);
  await row.getByText(PREFIX).waitFor();

  await page.getByTestId('export-1').click();
  await page.getByTestId('sheet-preview').waitFor();
  const out = path.join(app.dataDir, 'exports', await page.locator('#export-out').inputValue());
  await page.getByTestId('run-export').click();
  await page.getByTestId('export-result').getByText('1000 labels on 16 pages').waitFor({ timeout: 120_000 });
  assert.match(await page.getByTestId('export-result').innerText(), /0 failed/);
  await screenshot(page, 'export-jump-done-en');

  // Independently: poppler renders page 1; its 65 codes are prefix + serial 1–65.
  const dir = tempDir();
  execFileSync('pdftoppm', ['-r', '300', '-f', '1', '-l', '1', '-gray', '-png', out, path.join(dir, 'p')]);
  const png = fs.readdirSync(dir).find((f) => f.endsWith('.png'))!;
  const decoded = await decodeQrCodes(new Uint8Array(fs.readFileSync(path.join(dir, png))));
  assert.deepEqual(decoded.sort(), Array.from({ length: 65 }, (_, i) => `${PREFIX}JP-${String(i + 1).padStart(5, '0')}`));
});
