import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { openUi, SCREEN_SIZES, screenshotSizes } from '../support/browser';

// The designer makes room (#27): Add text, Add barcode, Add line and Add box put the new element
// where the label has room, the barcode one the sandbox's product can carry, and the design still prints; another
// stock carries the design over, scaled, naming what no longer fits, with Undo and Keep. The
// stock picker shows every stock's name whole.

const CSV = ['extinfo', ...Array.from({ length: 12 }, (_, i) => `RM-${String(i + 1).padStart(3, '0')}`)].join('\n');

/** Whether the stock picker is wide enough for its widest name (text measured in the picker's own font). */
const widestNameFits = (page: Page) =>
  page.locator('#tpl-start').evaluate((select: HTMLSelectElement) => {
    const style = getComputedStyle(select);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const widest = Math.max(...[...select.options].map((o) => context.measureText(o.text).width));
    // Its padding and the drop-down arrow take some 30 px of its width.
    return { widest: Math.ceil(widest), room: Math.floor(select.getBoundingClientRect().width - 30) };
  });

test('designer: new text and a barcode go in free room and the design still prints; another stock carries it over and names what no longer fits', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Room', source: { kind: 'file', fileName: 'room.csv', content: CSV } });
  await app.batches.run(batch.id);
  await page.getByTestId('nav-templates').click();
  await page.locator('#tpl-start').selectOption('a4-25x28');
  await page.locator('#tpl-batch').selectOption(String(batch.id));
  await page.getByTestId('template-ok').waitFor();

  // Add text: the new line lands in free room, not across the code — the design still prints.
  const drawn = await page.getByTestId('template-preview').getAttribute('src');
  await page.getByTestId('add-text').click();
  await page.getByTestId('inspector-text-2').waitFor();
  await page.waitForFunction((before) => document.querySelector('[data-testid="template-preview"]')?.getAttribute('src') !== before, drawn);
  await page.getByTestId('template-ok').waitFor();
  const apart = await page.evaluate(() => {
    const zone = document.querySelector('[data-testid="element-qr"] .quiet-zone')!.getBoundingClientRect();
    const line = document.querySelector('[data-testid="element-text-2"] .element-box')!.getBoundingClientRect();
    return line.left >= zone.right || line.right <= zone.left || line.top >= zone.bottom || line.bottom <= zone.top;
  });
  assert.ok(apart, 'the new line is clear of the quiet zone');

  // Add barcode: the sandbox product's key has a wrong EAN-13 check digit, so a Code 128 of it, sized
  // to print; on this small label the code gives it room, and says so.
  const withText = await page.getByTestId('template-preview').getAttribute('src');
  await page.getByTestId('add-barcode').click();
  await page.waitForFunction((before) => document.querySelector('[data-testid="template-preview"]')?.getAttribute('src') !== before, withText);
  await page.getByTestId('barcode-fields').waitFor();
  assert.equal(await page.locator('#barcode-symbology').inputValue(), 'code128');
  assert.equal(await page.locator('#barcode-value').inputValue(), '{keystr}');
  await page.getByTestId('notice').getByText(/Code 128 \{keystr\} added\. To make room for it, the QR code was made smaller/).waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="template-problem"]') && document.querySelector('[data-testid="template-ok"]'));
  await page.getByTestId('template-ok').waitFor();
  await screenshotSizes(page, 'templates-room-added-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('template-ok').getByText(/可以印刷/).waitFor();
  await screenshotSizes(page, 'templates-room-added-zh-CN');
  await page.getByTestId('language-select').selectOption('en');

  // A thermal roll (a 300 dpi printer): the design comes along, scaled; what no longer fits is named, element by element.
  const onPress = await page.getByTestId('template-preview').getAttribute('src');
  await page.locator('#tpl-start').selectOption('roll-50x30');
  await page.waitForFunction((before) => document.querySelector('[data-testid="template-preview"]')?.getAttribute('src') !== before, onPress);
  const carried = page.getByTestId('carry-notice');
  await carried.getByText(/Carried over to Thermal roll 50×30 mm, one label per page, scaled to \d+ %\./).waitFor();
  assert.equal(await page.locator('#tpl-start').inputValue(), 'roll-50x30');
  assert.equal(await page.getByTestId('select-barcode-0').count(), 1, 'the barcode came along');
  assert.equal(await page.getByTestId('select-text-2').count(), 1, 'the added line came along');
  const names = await page.getByTestId('carry-not-fitting').locator('li').allInnerTexts();
  assert.ok(names.length > 0, 'something no longer fits at the thermal printer’s resolution');
  for (const name of names) assert.match(name, /^(the QR code|text line \d “.+”|the barcode \(.+\)|barcode \d \(.+\)|the logo|line \d+|box \d+)$/);
  // The preview agrees: the design cannot print as it is.
  await page.getByTestId('template-problem').waitFor();
  assert.doesNotMatch(await page.getByTestId('template-problem').innerText(), /nothing was written/);
  await screenshotSizes(page, 'templates-room-carried-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await carried.getByText(/已沿用到 热敏卷标 50×30 毫米/).waitFor();
  assert.match(await page.getByTestId('carry-not-fitting').innerText(), /第 \d 行文字|条码|二维码|标志/);
  await screenshotSizes(page, 'templates-room-carried-zh-CN');
  await page.getByTestId('language-select').selectOption('en');

  // Undo: back on the first stock with the design as it was, printable.
  await page.getByTestId('carry-undo').click();
  assert.equal(await page.getByTestId('carry-notice').count(), 0);
  assert.equal(await page.locator('#tpl-start').inputValue(), 'a4-25x28');
  await page.getByTestId('template-ok').waitFor();

  // A larger label: everything fits, and Keep closes the message.
  await page.locator('#tpl-start').selectOption('herma-4102');
  await carried.getByText(/Carried over to Herma 4102 .*Everything still fits\./).waitFor();
  await page.getByTestId('carry-keep').click();
  assert.equal(await page.getByTestId('carry-notice').count(), 0);
  assert.equal(await page.locator('#tpl-start').inputValue(), 'herma-4102');
});

test('designer: the stock picker shows every stock’s name whole, in both languages, at both window sizes', async () => {
  const { page } = await openUi({ systemLocale: 'en-US', route: 'templates' });
  await page.getByTestId('template-ok').waitFor();
  for (const language of ['en', 'zh-CN'] as const) {
    await page.getByTestId('language-select').selectOption(language);
    await page.getByTestId('template-ok').waitFor();
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      const { widest, room } = await widestNameFits(page);
      assert.ok(widest <= room, `${language} at ${size.width}×${size.height}: the widest name (${widest} px) fits the picker (${room} px)`);
    }
    await page.locator('#tpl-start').selectOption('avery-l7651');
    await screenshotSizes(page, `templates-stock-picker-${language}`);
  }
});

/** Whether two elements' boxes on the canvas lie apart (by their drawn rectangles). */
const apartOnCanvas = (page: Page, a: string, b: string) =>
  page.evaluate(
    ([one, other]) => {
      const r = document.querySelector(one!)!.getBoundingClientRect();
      const q = document.querySelector(other!)!.getBoundingClientRect();
      return r.left >= q.right || r.right <= q.left || r.top >= q.bottom || r.bottom <= q.top;
    },
    [a, b],
  );

test('designer: Add line then Add box on the small L7160’s default design put both in free room, and it still prints', async () => {
  const { page } = await openUi({ systemLocale: 'en-US', route: 'templates' });
  await page.locator('#tpl-start').selectOption('avery-l7160');
  await page.getByTestId('template-ok').waitFor();
  const preview = () => page.getByTestId('template-preview').getAttribute('src');
  for (const [kind, id] of [['line', 'shape-0'], ['box', 'shape-1']] as const) {
    const before = await preview();
    await page.getByTestId(`add-${kind}`).click();
    await page.getByTestId(`inspector-${id}`).waitFor();
    await page.waitForFunction((drawn) => document.querySelector('[data-testid="template-preview"]')?.getAttribute('src') !== drawn, before);
    await page.waitForFunction(() => !document.querySelector('[data-testid="template-problem"]') && document.querySelector('[data-testid="template-ok"]'));
    assert.equal(await page.getByTestId('notice').count(), 0, `no "no free room" notice after Add ${kind}`);
  }
  // Both clear of the code's quiet zone, of each other and of both text boxes, as drawn on the canvas.
  const boxOf = (id: string) => `[data-testid="element-${id}"] .element-box`;
  for (const id of ['shape-0', 'shape-1']) {
    for (const other of ['[data-testid="element-qr"] .quiet-zone', boxOf('text-0'), boxOf('text-1')]) assert.ok(await apartOnCanvas(page, boxOf(id), other), `${id} is clear of ${other}`);
  }
  assert.ok(await apartOnCanvas(page, boxOf('shape-0'), boxOf('shape-1')), 'the line and the box lie apart');
  await page.getByTestId('template-ok').waitFor();
  await screenshotSizes(page, 'templates-line-box-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('template-ok').getByText(/可以印刷/).waitFor();
  await screenshotSizes(page, 'templates-line-box-zh-CN');
});
