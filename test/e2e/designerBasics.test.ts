import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { TemplateInput } from '../../shared/sheets/templateSchema';
import { openUi, screenshotSizes } from '../support/browser';
import { ok } from '../support/testApp';

// The designer's basics a BarTender user expects (#27 item 4), by mouse and fields: a text turned
// and set in another font, a line, a second barcode turned, zoom, a box aligned with a text —
// ending in a design that prints, looked at in both languages at both window sizes.

/** A roomy 100 × 60 mm roll label: the code, a title, the extinfo and a retail barcode. */
const ROOMY: TemplateInput = {
  format: 'qrpack-template',
  version: 2,
  name: 'Roomy',
  stock: { id: 'roll-100x60', name: 'Roll 100×60 mm', kind: 'roll', pageWidthMm: 100, pageHeightMm: 60, labelWidthMm: 100, labelHeightMm: 60, columns: 1, rows: 1, firstXMm: 0, firstYMm: 0, pitchXMm: 100, pitchYMm: 60 },
  printerDpi: 300,
  qr: { xMm: 4, yMm: 4, sizeMm: 20 },
  text: [
    { text: '{title}', xMm: 4, yMm: 56, sizePt: 9, widthMm: 40 },
    { text: '{extinfo}', xMm: 50, yMm: 50, sizePt: 10, widthMm: 40 },
  ],
  barcodes: [{ symbology: 'ean13', value: '{keystr}', xMm: 32, yMm: 4, widthMm: 32.2, heightMm: 30 }],
};

const fill = async (page: Page, id: string, value: number | string) => page.locator(id).fill(String(value));
/** Waits out the preview (redrawn 250 ms after the last change) and says what it found wrong, if anything. */
async function printable(page: Page): Promise<void> {
  await page.waitForTimeout(800);
  const problem = page.getByTestId('template-problem');
  await Promise.race([page.getByTestId('template-ok').waitFor(), problem.waitFor()]);
  if (await problem.count()) assert.fail(await problem.innerText());
}
const numberIn = (page: Page, id: string) => page.locator(id).inputValue().then(Number);

/** Whether the Fill drop-down is wide enough for its chosen option's text, its padding and its arrow. */
async function fillShownInFull(page: Page): Promise<boolean> {
  return page.locator('#shape-1-fill').evaluate((select: HTMLSelectElement) => {
    const style = getComputedStyle(select);
    const probe = document.createElement('span');
    probe.style.font = style.font;
    probe.style.whiteSpace = 'nowrap';
    probe.textContent = select.selectedOptions[0]!.text;
    document.body.append(probe);
    const textPx = probe.getBoundingClientRect().width;
    probe.remove();
    // The arrow takes about 20 px beside the padding.
    return textPx + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 20 <= select.clientWidth;
  });
}

test('designer: a text turned and in Noto Sans Mono, a turned line, a second barcode turned, zoom, a box aligned with the title — printable, in both languages', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US', route: 'templates' });
  await ok(app, 'saveTemplate', { name: 'Roomy', template: ROOMY, replace: false });
  await page.getByTestId('nav-batches').click();
  await page.getByTestId('nav-templates').click();
  await page.locator('#tpl-open').selectOption('Roomy');
  await page.getByTestId('template-ok').waitFor();

  // The extinfo in the monospaced face, turned to read down the right edge.
  await page.getByTestId('select-text-1').click();
  await page.locator('#line-1-font').selectOption('mono');
  await page.locator('#text-1-rotation').selectOption('90');
  await fill(page, '#line-1-x', 72);
  await fill(page, '#line-1-y', 31.4);
  assert.equal(await page.getByTestId('element-text-1').getAttribute('data-rotation'), '90');
  // Chinese in the monospaced face is refused, naming the font and what to choose instead.
  await page.getByTestId('select-text-0').click();
  await page.locator('#line-0-font').selectOption('mono');
  await page.getByTestId('template-problem').getByText(/Noto Sans Mono has no glyph for .* in the title.*choose Noto Sans SC or Noto Serif SC/).waitFor();
  await page.locator('#line-0-font').selectOption('serif');
  await printable(page);

  // A line, turned upright between the barcodes and the extinfo.
  await page.getByTestId('add-line').click();
  await page.getByTestId('inspector-shape-0').waitFor();
  await fill(page, '#shape-0-x', 71);
  await fill(page, '#shape-0-y', 29.75);
  await fill(page, '#shape-0-length', 30);
  // A stroke out of its range is refused naming the field and the range; nothing is drawn of it.
  await fill(page, '#shape-0-stroke', 0.05);
  await page.getByText(/Stroke width \(mm\) \(template\.shapes\.0\.strokeMm\) must be at least 0\.1\./).waitFor();
  await fill(page, '#shape-0-stroke', 0.5);
  await page.locator('#shape-0-rotation').selectOption('90');

  // A second barcode: a Code 128 of the extinfo, turned 270°.
  await page.getByTestId('add-barcode').click();
  await page.getByTestId('barcode-fields-2').waitFor();
  await page.locator('#barcode-2-symbology').selectOption('code128');
  await page.locator('#barcode-2-value').fill('{extinfo}');
  await fill(page, '#barcode-2-x', 61);
  await fill(page, '#barcode-2-y', 16);
  await fill(page, '#barcode-2-width', 28);
  await fill(page, '#barcode-2-height', 12);
  await page.locator('#barcode-1-rotation').selectOption('270');
  await printable(page);
  assert.equal(await page.getByTestId('select-barcode-1').innerText(), 'Barcode 2');

  // A black box, then aligned with the title by their bottoms: Shift-click chooses both.
  await page.getByTestId('add-box').click();
  await fill(page, '#shape-1-x', 48);
  await fill(page, '#shape-1-y', 46);
  await fill(page, '#shape-1-width', 6);
  await fill(page, '#shape-1-height', 6);
  // Named per kind, alike on the chips and the inspector: the first box is Box 1, not Box 2.
  assert.equal(await page.getByTestId('select-shape-0').innerText(), 'Line 1');
  assert.equal(await page.getByTestId('select-shape-1').innerText(), 'Box 1');
  assert.equal(await page.getByTestId('inspector-shape-1').locator('legend').innerText(), 'Box 1');
  // Text lines are Text N, so no chip reads like the drawn line's.
  assert.equal(await page.getByTestId('select-text-0').innerText(), 'Text 1: {title}');
  // Without a batch the fields show stand-ins, in the user's language.
  const sampleOf = (placeholder: string) => page.locator('.chip:has(.chip-sample)', { hasText: placeholder }).first().locator('.chip-sample');
  await sampleOf('{brand_tag}').getByText('Brand', { exact: true }).waitFor();
  assert.ok(await fillShownInFull(page), 'the Fill drop-down shows "None (outline)" in full');
  await page.locator('#shape-1-fill').selectOption('black');
  await page.getByTestId('select-text-0').click({ modifiers: ['Shift'] });
  assert.match(await page.getByTestId('arrange-bar').innerText(), /2 chosen/);
  assert.ok(await page.getByTestId('distribute-across').isDisabled(), 'spacing evenly needs three');
  await page.getByTestId('align-bottom').click();
  // Dragged, the chosen move together (Alt held: no snapping): the box 2 mm right takes the title along.
  assert.equal(await numberIn(page, '#line-0-x'), 4);
  const canvas = (await page.getByTestId('label-canvas').boundingBox())!;
  const pxPerMm = canvas.width / (100 * 1.1);
  const box = (await page.getByTestId('element-shape-1').locator('.element-box').boundingBox())!;
  await page.keyboard.down('Alt');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 2 * pxPerMm, box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.up('Alt');
  const titleX = await numberIn(page, '#line-0-x');
  assert.ok(Math.abs(titleX - 6) <= 0.3, `the title moved with the box: x ${titleX}`);
  await page.getByTestId('select-shape-1').click();
  assert.ok(Math.abs((await numberIn(page, '#shape-1-x')) - 50) <= 0.3, 'the box moved 2 mm');
  // Aligned to the title's descent (a thousandth of a mm), the field shows a hundredth.
  for (const field of ['#shape-1-x', '#shape-1-y']) assert.match(await page.locator(field).inputValue(), /^\d+(\.\d{1,2})?$/, field);
  const boxBottom = (await numberIn(page, '#shape-1-y')) + 6;
  // The title's box ends its descent below its baseline (56 mm, 9 pt Noto Serif SC: 0.286 em).
  assert.ok(Math.abs(boxBottom - (56 + 0.286 * 9 * (25.4 / 72))) < 0.01, `box bottom ${boxBottom}`);
  await printable(page);

  // Zoom: 100 % is the label fitted; + twice is 200 %, the label twice as wide and scrolled.
  const fitted = (await page.getByTestId('label-canvas').boundingBox())!.width;
  await page.getByTestId('zoom-in').click();
  await page.getByTestId('zoom-in').click();
  assert.equal(await page.getByTestId('zoom-percent').innerText(), '200 %');
  const zoomed = (await page.getByTestId('label-canvas').boundingBox())!.width;
  assert.ok(Math.abs(zoomed / fitted - 2) < 0.05, `${fitted} → ${zoomed} px`);
  await screenshotSizes(page, 'designer-basics-zoomed-en');
  await page.getByTestId('zoom-fit').click();
  assert.equal(await page.getByTestId('zoom-percent').innerText(), '100 %');

  await page.getByTestId('select-barcode-1').click();
  await screenshotSizes(page, 'designer-basics-en');

  // Saved and opened again, everything stays: version 2 with its turns, fonts, shapes and barcodes.
  await page.locator('#tpl-name').fill('Roomy');
  // It replaces the design it was opened from: asked first.
  const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => (resolve(dialog.message()), void dialog.accept())));
  await page.getByTestId('save-template').click();
  assert.match(await asked, /A design named "Roomy" exists already\. Replace it\?/);
  await page.getByTestId('unsaved').waitFor({ state: 'detached' });
  const [saved] = await ok<{ name: string; template: { version: number; barcodes: { rotation: number }[]; shapes: unknown[]; text: { font: string; rotation: number }[] } }[]>(app, 'listTemplates', {});
  assert.equal(saved!.template.version, 2);
  assert.deepEqual(saved!.template.barcodes.map((b) => b.rotation), [0, 270]);
  assert.equal(saved!.template.shapes.length, 2);
  assert.deepEqual(saved!.template.text.map((t) => [t.font, t.rotation]), [['serif', 0], ['mono', 90]]);

  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('template-ok').waitFor();
  await page.getByText('添加线条').waitFor();
  await page.getByTestId('select-text-1').click();
  await page.getByText('Noto Sans Mono(等宽,不含中文)').waitFor({ state: 'attached' });
  await page.getByTestId('select-shape-1').click();
  assert.equal(await page.getByTestId('select-shape-0').innerText(), '线条 1');
  assert.equal(await page.getByTestId('select-shape-1').innerText(), '方框 1');
  assert.equal(await page.getByTestId('select-text-0').innerText(), '文字 1:{title}');
  await sampleOf('{brand_tag}').getByText('品牌', { exact: true }).waitFor();
  await sampleOf('{title}').getByText('示例商品', { exact: true }).waitFor();
  await sampleOf('{batch}').getByText('示例批次', { exact: true }).waitFor();
  await page.locator('#shape-1-fill').selectOption('none');
  assert.ok(await fillShownInFull(page), 'the Fill drop-down shows 无(仅边框) in full');
  await screenshotSizes(page, 'designer-basics-box-zh-CN');
  await page.getByTestId('select-text-1').click();
  await screenshotSizes(page, 'designer-basics-zh-CN');
  await page.getByTestId('zoom-in').click();
  await screenshotSizes(page, 'designer-basics-zoomed-zh-CN');
});
