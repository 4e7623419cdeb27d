import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openUi, screenshot, screenshotSizes } from '../support/browser';

test('the main job: create a product → a new batch of 200 → progress to done → preview → export PDF → every code decodes', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US', route: 'products' });
  await page.getByTestId('new-product').click();
  await page.locator('#np-keystr').fill('6909999999994');
  await page.locator('#np-title').fill('柠檬茶 Lemon tea');
  await page.getByTestId('create-product').click();
  await page.getByTestId('product-detail').getByText('Not published', { exact: true }).waitFor();
  await page.getByTestId('nav-batches').click();
  await page.getByRole('heading', { name: 'Batches', exact: true }).waitFor();
  await page.locator('#batch-product').fill('ean13:6909999999994');
  await page.locator('#batch-stock').selectOption('avery-l7160');
  await page.getByTestId('batch-stock-preview').waitFor();
  await page.locator('#batch-pattern').fill('E2E-{seq:5}');
  assert.equal(await page.getByTestId('pattern-sample').innerText(), 'E2E-00001, E2E-00002, E2E-00003, …, E2E-00200');
  await page.locator('#batch-name').fill('E2E run');
  await screenshot(page, 'batches-new-en');
  // The plan is stored, then the person confirms what will be issued, and where.
  let asked = '';
  page.once('dialog', (dialog) => ((asked = dialog.message()), void dialog.accept()));
  await page.getByTestId('plan-batch').click();
  const row = page.locator('[data-batch-id="1"]');
  await row.and(page.locator('[data-state="done"]')).waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('progress-1').innerText(), /200 of 200 issued, 0 failed/);
  assert.match(asked, /^Issue 200 codes of ean13:6909999999994 on the sandbox \(practice codes, nothing sent to WeChat\)\?\n\nBatch: E2E run\nFirst: E2E-00001\nLast: E2E-00200\n\nOnce issued, codes cannot be taken back/);
  await screenshot(page, 'batches-done-en');

  await page.getByTestId('export-1').click();
  await page.getByTestId('sheet-preview').waitFor();
  await screenshot(page, 'export-dialog-en');
  const out = path.join(app.dataDir, 'exports', await page.locator('#export-out').inputValue());
  await page.getByTestId('run-export').click();
  assert.equal(await page.locator('#export-stock').inputValue(), 'avery-l7160', 'the stock chosen for the batch');
  await page.getByTestId('export-result').getByText('200 labels on 10 pages').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('export-result').innerText(), /Verified: 200 labels decoded one by one, 0 failed/);
  await screenshot(page, 'export-done-en');
  assert.ok(fs.existsSync(out), out);
  // Print…: in a browser, the PDF opens in the browser's own viewer (a link good for two minutes).
  await page.getByTestId('print-export').click();
  const [viewer] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('print-system').click()]);
  assert.match(viewer.url(), /\/download\/[\w-]{20,}\/batch-1\.pdf$/);
  const served = await page.request.get(viewer.url());
  assert.equal(served.headers()['content-type'], 'application/pdf');
  assert.ok(Buffer.from(await served.body()).equals(fs.readFileSync(out)), 'the file as exported');
  assert.equal((await page.request.get(viewer.url().replace(/download\/[\w-]+/, 'download/not-a-granted-token-at-all'))).status(), 404);
  await viewer.close();
  assert.match(execFileSync('pdfinfo', [out], { encoding: 'utf8' }), /Pages:\s+10/);
  assert.match(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }), /柠檬茶 Lemon tea/, 'the product title is on the labels');
  const logged = app.batches.repo.codes({ batchId: 1 });
  assert.equal(logged.length, 200);
  assert.ok(logged.every((c) => c.status === 'issued'));
});

test('a bad plan is refused on screen with its offenders, in the user\'s language, and nothing is stored', async () => {
  const { page, app } = await openUi({ systemLocale: 'zh_CN.UTF-8' });
  await page.getByRole('heading', { name: '批次', exact: true }).waitFor();
  await page.getByLabel('CSV 或 TXT 文件').check();
  await page.getByTestId('file-input').setInputFiles({ name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from('extinfo\nA-1\nA 2\nA-1\n') });
  await page.getByTestId('file-summary').getByText('codes.csv · 3 个值(CSV 的表头行不计)').waitFor();
  await page.getByTestId('plan-batch').click();
  const notice = page.getByTestId('notice');
  await notice.getByText('计划未被接受,未写入任何内容。').waitFor();
  assert.match(await notice.innerText(), /第 3 行 "A 2"/);
  assert.match(await notice.innerText(), /第 4 行 "A-1"\(首次出现在第 2 行\)/);
  assert.equal(app.batches.repo.list().length, 0);
  await screenshot(page, 'batches-refused-zh-CN');
});

test('an export over a file already there asks first; declined, nothing is written', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'RE-{seq:2}', start: 1, count: 20, step: 1 } });
  await app.batches.run(batch.id);
  await page.reload();
  await page.getByTestId(`export-${batch.id}`).click();
  const out = path.join(app.dataDir, 'exports', await page.locator('#export-out').inputValue());
  await page.getByTestId('run-export').click();
  await page.getByTestId('export-result').getByText('20 labels on 1 page').waitFor({ timeout: 60_000 });
  const written = fs.statSync(out).mtimeMs;

  let asked = '';
  page.once('dialog', (dialog) => ((asked = dialog.message()), void dialog.dismiss()));
  await page.getByTestId('run-export').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="run-export"]')?.hasAttribute('disabled'));
  await page.waitForTimeout(300);
  assert.match(asked, /batch-1\.pdf and .*batch-1-manifest\.csv exist already\. Replace them\?/);
  // The Log's export of that file is named: replaced, it would point at the new file.
  assert.match(asked, /\n\nThe Log's export 1 is this file: once it is replaced, export 1 points at the new file, and the file it recorded is gone\.$/);
  assert.equal(fs.statSync(out).mtimeMs, written, 'declined: the file is as it was');
  assert.equal(app.exports.records('sandbox').length, 1);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('run-export').click();
  await page.getByTestId('export-result').getByText('20 labels on 1 page').waitFor({ timeout: 60_000 });
  assert.equal(app.exports.records('sandbox').length, 2, 'replaced on the second answer, and recorded as a reprint');

  // Both exports now name the file: both are said, in the person's language.
  for (const [language, said] of [
    ['en', /The Log's exports 1 and 2 are this file: once it is replaced, they point at the new file/],
    ['zh-CN', /已存在。要替换吗\?\n\n日志中的导出 1和2 都是这个文件:替换后,它们都将指向新文件/],
  ] as const) {
    await page.getByTestId('language-select').selectOption(language);
    asked = '';
    page.once('dialog', (dialog) => ((asked = dialog.message()), void dialog.dismiss()));
    await page.getByTestId('run-export').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="run-export"]')?.hasAttribute('disabled'));
    await page.waitForTimeout(300);
    assert.match(asked, said);
  }
  await page.getByTestId('language-select').selectOption('en');
  assert.equal(app.exports.records('sandbox').length, 2, 'declined: nothing recorded');

  // Opened again later, the panel offers a new file: the files the Log lists are not replaced by default.
  await page.reload();
  await page.getByTestId(`export-${batch.id}`).click();
  await page.waitForFunction((id) => (document.querySelector('#export-out') as HTMLInputElement | null)?.value === `batch-${id}-3.pdf`, batch.id, { timeout: 10_000 });
  await page.locator('#export-format').selectOption('png');
  assert.equal(await page.locator('#export-out').inputValue(), `batch-${batch.id}-3.png`);
});

test('saying no to the confirmation issues nothing: the stored plan is cancelled, and the name defaults to the product title', async () => {
  const { page, app } = await openUi({ systemLocale: 'zh_CN.UTF-8' });
  await page.getByRole('heading', { name: '批次', exact: true }).waitFor();
  await page.locator('#batch-pattern').fill('NO-{seq:3}');
  await page.locator('#batch-count').fill('5');
  let asked = '';
  page.once('dialog', (dialog) => ((asked = dialog.message()), void dialog.dismiss()));
  await page.getByTestId('plan-batch').click();
  await page.getByTestId('notice').getByText('未生成任何码:批次 1 在请求任何码之前已取消。').waitFor();
  assert.match(asked, /^要在沙盒.练习用的码,不发送到微信.生成 ean13:6900873042720 的 5 个码吗\?\n\n批次:示例饮料 Demo \d{4}-\d{2}-\d{2} \d{2}:\d{2}\n第一个:NO-001\n最后一个:NO-005\n\n码一旦生成便无法收回/);
  const [batch] = app.batches.repo.list();
  assert.equal(batch!.state, 'cancelled');
  assert.ok(app.batches.repo.codes({ batchId: batch!.id }).every((c) => c.status === 'pending'), 'nothing was asked of WeChat');
  await screenshotSizes(page, 'batches-confirm-declined-zh-CN');
});

test('a cancel shows at once; the codes issued before it are exported, every sheet saying partial', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Stopped run', source: { kind: 'pattern', pattern: 'CX-{seq:3}', start: 1, count: 400, step: 1 } });
  // Slowly, so the person can cancel halfway.
  app.batches.start(batch.id, { concurrency: 2, ratePerS: 40 });
  const row = page.locator(`[data-batch-id="${batch.id}"]`);
  await page.waitForFunction((id) => Number(/^(\d+) of 400/.exec(document.querySelector(`[data-testid="progress-${id}"]`)?.textContent ?? '')?.[1] ?? 0) >= 30, batch.id);
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Cancel' }).click();
  // The row says so without a reload, with the codes the log keeps.
  await row.and(page.locator('[data-state="cancelled"]')).waitFor({ timeout: 5_000 });
  const issued = app.batches.repo.counts(batch.id).issued;
  assert.ok(issued >= 30 && issued < 400, `${issued} issued before the cancel`);
  assert.match(await page.getByTestId(`progress-${batch.id}`).innerText(), new RegExp(`^${issued} of 400 issued`));
  await screenshotSizes(page, 'batches-cancelled-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await row.getByRole('button', { name: `导出已发的 ${issued} 个码` }).waitFor();
  await screenshotSizes(page, 'batches-cancelled-zh-CN');
  await page.getByTestId('language-select').selectOption('en');

  await row.getByRole('button', { name: `Export the ${issued} codes issued` }).click();
  // Before anything is written, the range says what it counts and what will print.
  assert.equal(await page.getByTestId('export-range-cancelled').innerText(), `Code numbers count the plan (1–400); the batch was cancelled with ${issued} codes issued, and only those print.`);
  const out = path.join(app.dataDir, 'exports', await page.locator('#export-out').inputValue());
  await page.getByTestId('run-export').click();
  await page.getByTestId('export-result').getByText(`${issued} labels on`).waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('export-partial').innerText(), new RegExp(`the ${issued} codes issued before the cancel are printed \\(of 400 planned\\)`));
  assert.match(await page.getByTestId('export-result').innerText(), new RegExp(`Verified: ${issued} labels decoded one by one, 0 failed`));
  assert.match(execFileSync('pdftotext', ['-f', '1', '-l', '1', out, '-'], { encoding: 'utf8' }), new RegExp(`partial: ${issued} of 400 codes, issued before the batch was cancelled`));
  // qrpack verify (and Verify again) read the same positions back from the file.
  const again = await app.exports.verifyFile('sandbox', out);
  assert.deepEqual([again.checked, again.failures.length, again.unchanged], [issued, 0, true]);
  await screenshotSizes(page, 'export-partial-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('export-partial').getByText(`只打印取消前已发的 ${issued} 个码`).waitFor();
  assert.equal(await page.getByTestId('export-range-cancelled').innerText(), `码的序号按计划计数(1–400);此批次取消时已发 ${issued} 个码,只打印这些码。`);
  await screenshotSizes(page, 'export-partial-zh-CN');
});

test('a refused field is told next to it in plain words, in both languages — never the schema library\'s text', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  await page.locator('#batch-count').fill('0');
  await page.locator('#batch-start').fill('-3');
  await page.getByTestId('plan-batch').click();
  const count = page.getByTestId('field-error-source.count');
  await count.getByText(/Number of codes \(source\.count\) must be at least 1/).waitFor();
  await page.getByTestId('field-error-source.start').getByText(/First serial \(source\.start\) must be at least 0/).waitFor();
  // The line above the form says where to look, once; nothing is stored.
  assert.equal(await page.getByTestId('notice').innerText(), 'Please correct the highlighted fields.');
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /malformed|Too small|expected|zod|invalid_type/i);
  assert.equal(app.batches.repo.list().length, 0);
  await screenshotSizes(page, 'batches-field-errors-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await count.getByText(/码的数量.source\.count.\s*不能小于 1/).waitFor();
  await screenshotSizes(page, 'batches-field-errors-zh-CN');
});
