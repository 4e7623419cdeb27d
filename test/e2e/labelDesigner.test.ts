import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openUi, screenshotSizes } from '../support/browser';
import { projectRoot } from '../support/projectPaths';

// The label designer (#14, #17): one label drawn large, its boxes moved by mouse and keys with
// undo, the fields of a batch, a barcode and a logo — and nothing lost or written over unasked.

const CSV = ['extinfo,lot,bbd', ...Array.from({ length: 24 }, (_, i) => `LD-${String(i + 1).padStart(3, '0')},L${(i % 3) + 1},2027-03-${String(i + 1).padStart(2, '0')}`)].join('\n');
const value = (page: Page, id: string) => page.locator(id).inputValue().then(Number);

/** Drags what `target` shows by (dxPx, dyPx) screen pixels from its centre, in small steps as a hand does. */
async function drag(page: Page, target: Locator, dxPx: number, dyPx: number): Promise<void> {
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + dxPx, box.y + box.height / 2 + dyPx, { steps: 6 });
  await page.mouse.up();
}

/** Answers the next confirmation (accept or not) and gives its text. */
function answerNextDialog(page: Page, accept: boolean): Promise<string> {
  return new Promise((resolve) =>
    page.once('dialog', async (dialog) => {
      resolve(dialog.message());
      await (accept ? dialog.accept() : dialog.dismiss());
    }),
  );
}

test('designer: the code dragged by mouse (snapping to the label edge) and nudged by keys, resized by its handle; undo and redo', async () => {
  const { page } = await openUi({ systemLocale: 'en-US', route: 'templates' });
  await page.getByTestId('template-ok').waitFor();
  await page.getByTestId('select-qr').click();
  const x0 = await value(page, '#qr-x');

  // A drag to the right by about 2 mm moves the code; its fields follow.
  const canvas = (await page.getByTestId('label-canvas').boundingBox())!;
  const code = page.getByTestId('element-qr').locator('.element-box');
  const pxPerMm = canvas.width / (38.1 * 1.1);
  await drag(page, code, 2 * pxPerMm, 0.05 * pxPerMm);
  const x1 = await value(page, '#qr-x');
  assert.ok(Math.abs(x1 - (x0 + 2)) <= 0.3, `moved about 2 mm: ${x0} → ${x1}`);
  await page.getByTestId('undo').waitFor({ state: 'visible' });
  assert.equal(await page.getByTestId('unsaved').innerText(), 'Not saved');

  // Dragged back towards the left edge, it snaps: its quiet zone plus the cutting tolerance meets the label's edge exactly.
  await drag(page, code, -(x1 - x0 + 0.2) * pxPerMm, 0);
  assert.equal(await value(page, '#qr-x'), x0, 'snapped back onto the edge it started at');

  // Keys: → 0.1 mm, Shift+↓ 1 mm; nudges in a row are one undo step.
  const ySnapped = await value(page, '#qr-y');
  await page.getByTestId('label-canvas').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  assert.equal(await value(page, '#qr-x'), +(x0 + 0.2).toFixed(3));
  assert.equal(await value(page, '#qr-y'), +(ySnapped + 1).toFixed(3));
  await page.getByTestId('template-problem').waitFor();

  // Undo twice: the nudges go, then the snap-back; redo brings the snap-back again.
  await page.getByTestId('undo').click();
  assert.equal(await value(page, '#qr-x'), x0);
  assert.equal(await value(page, '#qr-y'), ySnapped);
  await page.keyboard.press('Control+z');
  assert.equal(await value(page, '#qr-x'), x1);
  await page.keyboard.press('Control+y');
  assert.equal(await value(page, '#qr-x'), x0);
  await page.getByTestId('template-ok').waitFor();

  // The corner handle resizes the code; the size field follows; undo takes it back.
  const size0 = await value(page, '#qr-size');
  await drag(page, page.getByTestId('handle-qr-se'), -3 * pxPerMm, -3 * pxPerMm);
  const size1 = await value(page, '#qr-size');
  assert.ok(size1 < size0 - 2, `smaller: ${size0} → ${size1}`);
  await page.getByTestId('undo').click();
  assert.equal(await value(page, '#qr-size'), size0);

  // A text box: its width by the side handle, its lines by the bottom one.
  await page.getByTestId('select-text-1').click();
  const width0 = await value(page, '#line-1-width');
  await drag(page, page.getByTestId('handle-text-1-e'), -3 * pxPerMm, 0);
  const width1 = await value(page, '#line-1-width');
  assert.ok(Math.abs(width1 - (width0 - 3)) <= 0.3, `narrower by about 3 mm: ${width0} → ${width1}`);
  await page.getByTestId('select-text-0').click();
  const titleLines = await value(page, '#line-0-lines');
  await drag(page, page.getByTestId('handle-text-0-s'), 0, -6 * pxPerMm);
  assert.ok((await value(page, '#line-0-lines')) < titleLines, 'fewer lines for a shorter box');
  await screenshotSizes(page, 'templates-canvas-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('undo').getByText('撤销').waitFor();
  await screenshotSizes(page, 'templates-canvas-zh-CN');
});

test('designer: unsaved work is never dropped unasked; a name already used asks before it is replaced; a design that cannot print is saved only knowingly', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US', route: 'templates' });
  await page.getByTestId('template-ok').waitFor();
  await page.getByTestId('select-qr').click();
  await page.locator('#qr-size').fill('12');

  // Leaving the screen asks; declined, the work is still there.
  let asked = answerNextDialog(page, false);
  await page.getByTestId('nav-batches').click();
  assert.match(await asked, /not saved\. Leave without saving\?/);
  assert.equal(await value(page, '#qr-size'), 12);
  // Another stock carries the work over (designerRoom.test.ts); undone, the design and its stock are back.
  await page.locator('#tpl-start').selectOption('avery-l7160');
  await page.getByTestId('carry-undo').click();
  assert.equal(await page.locator('#tpl-start').inputValue(), 'avery-l7651', 'the current stock is shown');
  await page.getByTestId('select-qr').click();
  assert.equal(await value(page, '#qr-size'), 12);

  // Saved: no more asking. The same name again asks before replacing; declined, the file stays.
  await page.locator('#tpl-name').fill('lot labels');
  await page.getByTestId('save-template').click();
  await page.getByTestId('notice').getByText(/lot labels\.json/).waitFor();
  assert.equal(await page.getByTestId('unsaved').count(), 0);
  await page.locator('#qr-size').fill('13');
  asked = answerNextDialog(page, false);
  await page.getByTestId('save-template').click();
  assert.match(await asked, /A design named "lot labels" exists already\. Replace it\?/);
  assert.equal(app.templates.list()[0]!.template.qr.sizeMm, 12, 'not replaced');
  asked = answerNextDialog(page, true);
  await page.getByTestId('save-template').click();
  await asked;
  await page.getByTestId('notice').getByText(/lot labels\.json/).waitFor();
  assert.equal(app.templates.list()[0]!.template.qr.sizeMm, 13);

  // A code too small for the printer: saving warns with the reason; declined, nothing is written.
  await page.locator('#qr-size').fill('3');
  await page.getByTestId('template-problem').getByText(/modules would be/).waitFor();
  await page.locator('#tpl-name').fill('too small');
  asked = answerNextDialog(page, false);
  await page.getByTestId('save-template').click();
  assert.match(await asked, /This design cannot print:\n.*modules would be.*\n\nSave it anyway\?/s);
  assert.deepEqual(app.templates.list().map((t) => t.name), ['lot labels']);

  // Leaving with the work saved asks nothing.
  await page.locator('#qr-size').fill('13');
  await page.locator('#tpl-name').fill('lot labels');
  asked = answerNextDialog(page, true);
  await page.getByTestId('save-template').click();
  await asked;
  await page.getByTestId('notice').getByText(/lot labels\.json/).waitFor();
  await page.getByTestId('nav-batches').click();
  await page.getByTestId('new-batch').waitFor();
});

test('designer: a logo placed from a file, drawn in grey on every label; removed with Delete', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US', route: 'templates' });
  await page.locator('#tpl-start').selectOption('avery-l7160');
  await page.getByTestId('template-ok').waitFor();
  const drawnBefore = await page.getByTestId('template-preview').getAttribute('src');
  await page.getByTestId('logo-file').setInputFiles(path.join(projectRoot, 'build', 'icon.png'));
  await page.getByTestId('element-logo').waitFor();
  await page.getByTestId('inspector-logo').waitFor();
  // The sheet is drawn again with the logo; the title's box gave way to it, so it still prints.
  await page.waitForFunction((before) => document.querySelector('[data-testid="template-preview"]')?.getAttribute('src') !== before, drawnBefore);
  await page.getByTestId('template-ok').waitFor();
  await page.locator('#tpl-name').fill('with logo');
  await page.getByTestId('save-template').click();
  await page.getByTestId('notice').getByText(/with logo\.json/).waitFor();
  const logo = app.templates.list().find((t) => t.name === 'with logo')!.template.logo!;
  assert.ok(logo.file.startsWith(path.join(app.dataDir, 'logos')), logo.file);
  await screenshotSizes(page, 'templates-logo-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('inspector-logo').getByText('标志', { exact: true }).waitFor();
  await screenshotSizes(page, 'templates-logo-zh-CN');
  await page.getByTestId('language-select').selectOption('en');
  await page.getByTestId('label-canvas').focus();
  await page.keyboard.press('Delete');
  await page.getByTestId('element-logo').waitFor({ state: 'detached' });
  // A file that is no image is refused with the reason.
  await page.getByTestId('logo-file').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
  await page.getByTestId('notice').getByText(/The logo notes\.png is not an image QR Pack can read/).waitFor();
});

test('designer: fields of the chosen batch go where the cursor is; a barcode is checked with its real values', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Lot L', source: { kind: 'file', fileName: 'lots.csv', content: CSV } });
  await app.batches.run(batch.id);
  await page.getByTestId('nav-templates').click();
  await page.locator('#tpl-start').selectOption('avery-l7160');
  await page.locator('#tpl-batch').selectOption(String(batch.id));

  // The batch's columns are offered with its first label's values; a date column also formatted.
  const chips = page.getByTestId('label-fields');
  await chips.getByText('{col:lot}').waitFor();
  assert.match(await chips.innerText(), /\{col:bbd\|YYYY\.MM\.DD\}\s*2027\.03\.01/);
  assert.match(await chips.innerText(), /\{extinfo\}\s*LD-001/);

  // Into line 2, after what is there: the cursor decides where.
  await page.getByTestId('select-text-1').click();
  const line2 = page.locator('#line-1');
  await line2.click();
  await line2.press('End');
  await line2.type(' · ');
  await chips.getByRole('button', { name: /\{col:lot\}/ }).click();
  await chips.getByRole('button', { name: /\{col:bbd\|YYYY\.MM\.DD\}/ }).click();
  assert.equal(await line2.inputValue(), '{extinfo} · {col:lot}{col:bbd|YYYY.MM.DD}');
  await page.getByTestId('template-ok').waitFor();

  // A barcode of the product key: the demo key's check digit is wrong for an EAN-13, so it is a Code 128 of it.
  await page.getByTestId('add-barcode').click();
  assert.equal(await page.locator('#barcode-symbology').inputValue(), 'code128');
  await page.getByTestId('template-ok').waitFor();
  // An EAN-13 of it: the preview says why not, in a designer's words.
  await page.locator('#barcode-symbology').selectOption('ean13');
  const problem = page.getByTestId('template-problem');
  await problem.getByText(/"6900873042720" has a wrong EAN-13 check digit: the last digit should be 2/).waitFor();
  assert.doesNotMatch(await problem.innerText(), /nothing was written/);
  await page.locator('#barcode-symbology').selectOption('code128');
  const barcodeValue = page.locator('#barcode-value');
  await barcodeValue.fill('');
  await chips.getByRole('button', { name: /^\{extinfo\}/ }).click();
  assert.equal(await barcodeValue.inputValue(), '{extinfo}');
  await page.getByTestId('template-ok').waitFor();
  await screenshotSizes(page, 'templates-fields-barcode-en');

  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByText('预览使用以下批次的真实值').waitFor();
  await page.getByTestId('template-ok').waitFor();
  await screenshotSizes(page, 'templates-fields-barcode-zh-CN');
});
