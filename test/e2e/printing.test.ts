import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { after, test } from 'node:test';
import { openUi, screenshotSizes } from '../support/browser';
import { cupsMissing, printedPdfs, startCups } from '../support/cups';
import { tempDir } from '../support/tempDir';
import { renderZpl } from '../support/zplRender';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';

// Print… on the Export panel (browser mode): a printer CUPS offers, copies and pages, at 100 %, on
// a cupsd of the test's own with cups-pdf; refusals in both languages. ZPL for roll stocks.

const missing = cupsMissing();
const cups = missing ? undefined : await startCups(tempDir());
after(() => cups?.stop());
// The UI's server runs in this process: lp and lpstat ask the test's cupsd.
if (cups) process.env.CUPS_SERVER = cups.server;

for (const [locale, lang] of [['en-US', 'en'], ['zh-CN', 'zh']] as const) {
  test(`Print… on the Export panel (${lang}): printer, copies, pages; the PDF CUPS printed has them`, { skip: missing ?? false }, async () => {
    const { page, app } = await openUi({ systemLocale: locale === 'en-US' ? 'en-US' : 'zh_CN.UTF-8', locale });
    const plan = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Print run', source: { kind: 'pattern', pattern: 'PR-{seq:4}', start: 1, count: 30, step: 1 } });
    await app.batches.run(plan.id, { concurrency: 8 });
    await page.getByTestId('nav-batches').click();
    await page.getByTestId(`export-${plan.id}`).click();
    await page.locator('#export-stock').selectOption('avery-l7160');
    await page.getByTestId('sheet-preview').waitFor();
    await page.getByTestId('run-export').click();
    await page.getByTestId('export-result').waitFor({ timeout: 60_000 });
    await page.getByTestId('print-export').click();
    const form = page.getByTestId('print-form');
    await form.waitFor();
    await page.locator(`#print-printer option[value="${cups!.queue}"]`).waitFor({ state: 'attached' });
    assert.equal(await page.locator('#print-printer').inputValue(), cups!.queue);
    assert.equal(await page.locator('#print-to').inputValue(), '2');
    // Copies outside 1-999: refused in plain words, nothing printed.
    await page.locator('#print-copies').fill('1000');
    await page.getByTestId('print-send').click();
    await form.getByText(lang === 'en' ? 'Copies (--copies) must be a whole number from 1 to 999 (got 1000).' : '份数(--copies)须为 1 到 999 之间的整数(收到 1000)。').waitFor();
    await screenshotSizes(page, `print-refused-${lang}`);
    await page.locator('#print-copies').fill('2');
    await page.locator('#print-from').fill('2');
    await page.getByTestId('print-send').click();
    await form.getByText(lang === 'en' ? `Sent to ${cups!.queue}: 1 page × 2 copies, at 100 %.` : `已发送到 ${cups!.queue}:1 页 × 2 份,100% 比例。`).waitFor({ timeout: 30_000 });
    await screenshotSizes(page, `print-sent-${lang}`);
    const pdfs = await printedPdfs(cups!, lang === 'en' ? 1 : 2);
    const newest = pdfs.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]!;
    assert.match(execFileSync('pdfinfo', [newest], { encoding: 'utf8' }), /Pages:\s+2/, 'page 2 of the export, twice');

    // The Log's exports: each with its id (qrpack print EXPORT) and the same Print….
    const [record] = app.exports.records(app.getSettings().activeAccountId);
    await page.getByTestId('nav-log').click();
    await page.getByTestId('tab-exports').click();
    await page.getByTestId(`print-log-${record!.id}`).click();
    const logForm = page.getByTestId('print-form');
    await page.locator(`#print-printer option[value="${cups!.queue}"]`).waitFor({ state: 'attached' });
    await page.locator('#print-to').fill('3');
    await page.getByTestId('print-send').click();
    await logForm.getByText(lang === 'en' ? 'Pages 1-3 (--pages) are outside batch-1.pdf, which has 2 pages (1-2).' : '页码 1-3(--pages)超出了 batch-1.pdf 的范围,该文件共 2 页(1-2)。').waitFor();
    await page.locator('#print-to').fill('2');
    await page.getByTestId('print-send').click();
    await logForm.getByText(lang === 'en' ? `Sent to ${cups!.queue}: 2 pages × 1 copy, at 100 %.` : `已发送到 ${cups!.queue}:2 页 × 1 份,100% 比例。`).waitFor({ timeout: 30_000 });
    await screenshotSizes(page, `log-print-${lang}`);
    const all = await printedPdfs(cups!, lang === 'en' ? 2 : 4);
    const latest = all.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]!;
    assert.match(execFileSync('pdfinfo', [latest], { encoding: 'utf8' }), /Pages:\s+2/, 'the whole export, once');
  });
}

for (const [locale, lang] of [['en-US', 'en'], ['zh-CN', 'zh']] as const) {
  test(`ZPL on the Export panel (${lang}): offered for a roll stock only, at the printer's dpi; every label of the file renders and decodes`, async () => {
    const { page, app } = await openUi({ systemLocale: locale === 'en-US' ? 'en-US' : 'zh_CN.UTF-8', locale });
    const plan = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Roll run', source: { kind: 'pattern', pattern: 'RL-{seq:4}', start: 1, count: 4, step: 1 } });
    await app.batches.run(plan.id, { concurrency: 8 });
    await page.getByTestId('nav-batches').click();
    await page.getByTestId(`export-${plan.id}`).click();
    await page.locator('#export-stock').selectOption('avery-l7160');
    await page.getByTestId('sheet-preview').waitFor();
    assert.equal(await page.locator('#export-format option[value="zpl"]').count(), 0, 'no ZPL for a sheet stock');
    await page.locator('#export-stock').selectOption('roll-50x30');
    await page.locator('#export-format option[value="zpl"]').waitFor({ state: 'attached' });
    await page.locator('#export-format').selectOption('zpl');
    await page.locator('#export-zpl-dpi').selectOption('300');
    assert.match(await page.locator('#export-out').inputValue(), /\.zpl$/);
    await page.getByTestId('run-export').click();
    await page.getByTestId('export-result').getByText(lang === 'en' ? 'Verified: 4 labels decoded one by one, 0 failed' : '校验:4 个标签逐一解码,0 个失败', { exact: false }).waitFor({ timeout: 60_000 });
    await screenshotSizes(page, `export-zpl-${lang}`);
    const file = (await page.locator('.export-file .mono').first().innerText()).trim();
    const zpl = fs.readFileSync(file, 'latin1');
    assert.equal(zpl.match(/\^PW600\^LL360/g)?.length, 4, '50 × 30 mm at 12 dots/mm');
    const labels = await renderZpl(zpl, { widthMm: 50, heightMm: 30, dotsPerMm: 12 });
    const contents = app.batches.repo.codes({ batchId: plan.id }).map((c) => c.content);
    assert.deepEqual(await Promise.all(labels.map((label) => decodeQrCodes(label))), contents.map((c) => [c]));
  });
}
