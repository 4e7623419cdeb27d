import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { findStock } from '../../electron/core/sheets/design/stocks';
import { openUi, SCREEN_SIZES, screenshotSizes } from '../support/browser';
import type { Result } from '../../shared/contract';
import { ok } from '../support/testApp';

const l7160 = findStock('avery-l7160')!;

/** The preview's grey pixels in one label position of the first sheet: how many hatched (150) and how many black. */
async function positionInk(page: Page, slot: number): Promise<{ hatched: number; black: number }> {
  const src = await page.getByTestId('sheet-preview').getAttribute('src');
  const { data, info } = await sharp(Buffer.from(src!.replace(/^data:image\/png;base64,/, ''), 'base64')).greyscale().raw().toBuffer({ resolveWithObject: true });
  const pxPerMm = info.width / l7160.pageWidthMm;
  const x0 = Math.round((l7160.firstXMm + (slot % 3) * l7160.pitchXMm) * pxPerMm) + 2;
  const y0 = Math.round((l7160.firstYMm + Math.floor(slot / 3) * l7160.pitchYMm) * pxPerMm) + 2;
  let hatched = 0;
  let black = 0;
  for (let y = y0; y < y0 + l7160.labelHeightMm * pxPerMm - 4; y++) {
    for (let x = x0; x < x0 + l7160.labelWidthMm * pxPerMm - 4; x++) {
      const v = data[y * info.width + x]!;
      if (v === 150) hatched++;
      if (v < 60) black++;
    }
  }
  return { hatched, black };
}

async function previewAfter(page: Page, change: () => Promise<unknown>): Promise<void> {
  const before = await page.getByTestId('sheet-preview').getAttribute('src');
  await change();
  await page.waitForFunction((old) => document.querySelector('[data-testid="sheet-preview"]')?.getAttribute('src') !== old, before);
}

test('Export panel: start at label 5 of a used sheet, 2 labels per code, the run twice — previewed, exported, verified, recorded', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'RUN-{seq:3}', start: 1, count: 30, step: 1 } });
  await app.batches.run(batch.id);
  await page.reload();
  await page.getByTestId(`export-${batch.id}`).click();
  await page.getByTestId('sheet-preview').waitFor();
  // A label that wraps ("Error correction") leaves its box on the line of its neighbours'.
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    const tops = await page.locator('#export-ecc, #export-format').evaluateAll((boxes) => boxes.map((box) => Math.round(box.getBoundingClientRect().top)));
    assert.equal(new Set(tops).size, 1, `at ${size.width}: ${tops.join(', ')}`);
  }
  await page.setViewportSize(SCREEN_SIZES[0]);
  // A roll has nothing to skip: the start stays at 1 and the hint says why.
  await previewAfter(page, () => page.locator('#export-stock').selectOption('roll-50x30'));
  assert.ok(await page.locator('#export-start-at').isDisabled());
  assert.equal(await page.getByTestId('label-run-hint').innerText(), 'A roll starts at the label under the print head: nothing to skip.');
  await previewAfter(page, () => page.locator('#export-stock').selectOption('avery-l7160'));
  assert.match(await page.getByTestId('label-run-hint').innerText(), /start at its first free label \(1–21\)/);

  await previewAfter(page, () => page.locator('#export-start-at').fill('5'));
  // Positions 1-4 hatched and empty, the fifth holds the first code.
  for (const slot of [0, 1, 2, 3]) {
    const ink = await positionInk(page, slot);
    assert.ok(ink.hatched > 200 && ink.black === 0, `position ${slot + 1}: ${JSON.stringify(ink)}`);
  }
  const fifth = await positionInk(page, 4);
  assert.ok(fifth.hatched < 100 && fifth.black > 200, `position 5: ${JSON.stringify(fifth)}`);
  await previewAfter(page, () => page.locator('#export-copies-per-code').fill('2'));
  await previewAfter(page, () => page.locator('#export-repeat').fill('2'));
  assert.equal(await page.getByTestId('label-run-hint').innerText(), 'Labels 1–4 of the first sheet stay empty (hatched in the preview). Each code on 2 labels in a row, the whole run 2 times, all in the file (Print… copies print the file again).');
  await page.getByTestId('label-run').scrollIntoViewIfNeeded();
  await screenshotSizes(page, 'export-label-run-en');

  // Out of the sheet's range: the preview names the field and range, and the export is held.
  await previewAfter(page, () => page.locator('#export-start-at').fill('30'));
  assert.match(await page.getByTestId('template-problem').innerText(), /Start at label \(--start-at\) must be a whole number from 1 to 21, the labels on one sheet of avery-l7160 \(got 30\)/);
  assert.ok(await page.getByTestId('run-export').isDisabled());
  await screenshotSizes(page, 'export-label-run-refused-en');
  await previewAfter(page, () => page.locator('#export-start-at').fill('5'));
  await page.getByTestId('template-problem').waitFor({ state: 'detached' });

  await page.getByTestId('run-export').click();
  const result = page.getByTestId('export-result');
  await result.waitFor({ timeout: 120_000 });
  assert.match(await result.innerText(), /120 labels on 6 pages/);
  assert.match(await result.innerText(), /Verified: 120 labels decoded one by one, 0 failed/);
  const [record] = await ok<Result<'listExports'>>(app, 'listExports', { batchId: batch.id });
  assert.deepEqual([record!.labels, record!.startAt, record!.copiesPerCode, record!.repeat], [120, 5, 2, 2]);
  // Verify again reads the file back at the same positions.
  const again = await ok<Result<'verifyExport'>>(app, 'verifyExport', { id: record!.id });
  assert.deepEqual([again.checked, again.failures], [120, []]);

  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByText('起始标签').waitFor();
  assert.equal(await page.getByTestId('label-run-hint').innerText(), '第一张的第 1–4 个标签留空(预览中以斜线标出)。每个码连续印 2 个标签,整批重复 2 次,都在文件中(“打印…”的份数是把文件再打印几遍)。');
  await page.getByTestId('label-run').scrollIntoViewIfNeeded();
  await screenshotSizes(page, 'export-label-run-zh-CN');
  await previewAfter(page, () => page.locator('#export-copies-per-code').fill('0'));
  assert.match(await page.getByTestId('template-problem').innerText(), /每码标签数.--copies-per-code.须为 1 到 100 之间的整数/);
  assert.equal(await page.getByTestId('label-run-hint').innerText(), '第一张的第 1–4 个标签留空(预览中以斜线标出)。', 'no copies said while their number is refused');
  // The numbers still in range are drawn: the used positions stay hatched.
  assert.ok((await positionInk(page, 0)).hatched > 200, 'position 1 still hatched while the copies are refused');
  await screenshotSizes(page, 'export-label-run-refused-zh-CN');

  // The Log's exports say how the labels lay, in both languages.
  await page.getByTestId('nav-log').click();
  await page.getByTestId('tab-exports').click();
  assert.equal(await page.getByTestId(`export-run-${record!.id}`).innerText(), '从第 5 个标签起\n每码 2 个标签\n整批 2 份');
  // And on which stock, so a reprint goes on the right one.
  assert.equal(await page.getByTestId(`export-stock-${record!.id}`).innerText(), '标签纸 Avery L7160 63.5×38.1 毫米,每张 21 枚');
  await screenshotSizes(page, 'log-export-run-zh-CN');
  // At 1024 × 640 (where the shots end) the verification breaks between its phrases, never a character a line.
  const verdictLines = await page.getByTestId('export-table').locator('tbody td.keep-words').first().evaluate((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  });
  assert.ok(verdictLines <= 2, `已查 120 个,失败 0 个 on ${verdictLines} lines`);
  const when = await page.getByTestId('export-table').locator('tbody td').nth(1).evaluate((cell) => [...cell.querySelectorAll('.nowrap')].map((part) => part.getClientRects().length));
  assert.deepEqual(when, [1, 1], 'the date and the time each on one line');
  await page.getByTestId('language-select').selectOption('en');
  await page.getByTestId(`export-run-${record!.id}`).getByText('starts at label 5').waitFor();
  assert.equal(await page.getByTestId(`export-run-${record!.id}`).innerText(), 'starts at label 5\n2 labels per code\nthe run 2 times');
  assert.equal(await page.getByTestId(`export-stock-${record!.id}`).innerText(), 'on Avery L7160 63.5×38.1 mm, 21-up');
  await screenshotSizes(page, 'log-export-run-en');
});

test('Print… where CUPS cannot be reached: why no printer can be chosen is told under the printer, above the buttons', async () => {
  // A closed loopback port: CUPS "not running", whatever this computer runs.
  const before = process.env.CUPS_SERVER;
  process.env.CUPS_SERVER = '127.0.0.1:9';
  try {
    const { page, app } = await openUi({ systemLocale: 'en-US' });
    const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'PR-{seq:3}', start: 1, count: 5, step: 1 } });
    await app.batches.run(batch.id);
    await page.reload();
    await page.getByTestId(`export-${batch.id}`).click();
    await page.getByTestId('sheet-preview').waitFor();
    await page.locator('#export-verify').selectOption('off');
    await page.getByTestId('run-export').click();
    await page.getByTestId('export-result').waitFor({ timeout: 120_000 });
    await page.getByTestId('print-export').click();
    const problem = page.getByTestId('print-listing-problem');
    await problem.getByText('CUPS', { exact: false }).waitFor({ timeout: 30_000 });
    // A screen gets the system's settings and a PDF viewer, never the CLI's flag.
    const said = await problem.innerText();
    assert.doesNotMatch(said, /--printer|socket:\/\//, said);
    assert.match(said, /printer settings/, said);
    assert.match(said, /PDF viewer/, said);
    const [printer, told, send] = await Promise.all([page.locator('#print-printer').boundingBox(), problem.boundingBox(), page.getByTestId('print-send').boundingBox()]);
    assert.ok(printer && told && send, 'all shown');
    assert.ok(told.y > printer.y && told.y + told.height < send.y, `between the printer and the buttons: ${JSON.stringify({ printer, told, send })}`);
    assert.equal(await page.getByTestId('print-form').locator('> [data-testid="notice"]').count(), 0, 'nothing after the buttons');
    await screenshotSizes(page, 'print-no-cups-en');
  } finally {
    if (before === undefined) delete process.env.CUPS_SERVER;
    else process.env.CUPS_SERVER = before;
  }
});
