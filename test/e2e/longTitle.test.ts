import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { openUi, screenshot } from '../support/browser';

// An ordinary product name — Chinese and Latin, 64 characters — through the whole main job on
// every default design: checked when the batch is planned, exported, every label decoded, and
// the whole title on the labels.

const TITLE = '山泉水 550ml Spring water 天然矿泉水 Natural mineral water 饮用 drink'.padEnd(64, '好');
const KEY = '6901234567892';

test('a 64-character mixed title is planned, exported and printed whole on every default design', async () => {
  assert.equal([...TITLE].length, 64);
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  await app.dispatch('createProduct', { keystandard: 'ean13', keystr: KEY, brandInfo: { base_info: { title: TITLE, thumb_url: 'http://mmbiz.qpic.cn/x/0', brand_tag: 'QR Pack', category_id: 0, retail_price: '1.00', store_mgr_type: 'auto', color: 'auto' } } });
  const stocks = app.dispatch('listStocks', {}).then((e) => (e.ok ? (e.value as { id: string }[]).map((s) => s.id) : []));
  for (const [i, stockId] of (await stocks).entries()) {
    const batchId = i + 1;
    await page.getByTestId('nav-batches').click();
    await page.locator('#batch-product').fill(`ean13:${KEY}`);
    await page.locator('#batch-pattern').fill(`T${i}-{seq:3}`);
    await page.locator('#batch-count').fill('12');
    await page.locator('#batch-stock').selectOption(stockId);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('plan-batch').click();
    await page.locator(`[data-batch-id="${batchId}"][data-state="done"]`).waitFor({ timeout: 30_000 });
    await page.getByTestId(`export-${batchId}`).click();
    // The panel starts from the stock the batch was planned with (once the stock list has come).
    await page.waitForFunction((id) => (document.querySelector('#export-stock') as HTMLSelectElement | null)?.value === id, stockId);
    await page.getByTestId('sheet-preview').waitFor();
    await page.getByTestId('template-problem').waitFor({ state: 'detached' });
    const out = path.join(app.dataDir, 'exports', await page.locator('#export-out').inputValue());
    await page.getByTestId('run-export').click();
    await page.getByTestId('export-result').getByText(/Verified: 12 labels decoded one by one, 0 failed/).waitFor({ timeout: 60_000 });
    if (i === 0) await screenshot(page, 'export-long-title-en');
    // Every character of the title is on the first label, however it was wrapped.
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-raw', out, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    assert.ok(text.includes(TITLE.replace(/\s+/g, '')), `${stockId}: the whole title printed`);
    await page.getByRole('button', { name: 'Cancel' }).first().click();
  }
});
