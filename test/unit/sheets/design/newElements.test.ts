import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PRODUCT } from '../../../../electron/sandbox/sandboxServer';
import { fitProblem, type FitSample } from '../../../../electron/core/sheets/design/designFit';
import { codeZone, textZone } from '../../../../electron/core/sheets/design/freeSpace';
import { placeElement } from '../../../../electron/core/sheets/design/newElements';
import { BUILT_IN_STOCKS, findStock } from '../../../../electron/core/sheets/design/stocks';
import { defaultTemplate } from '../../../../electron/core/sheets/design/template';
import { barcodeValue } from '../../../../electron/core/sheets/symbols/linearBarcode';
import { encodeQr } from '../../../../electron/core/sheets/symbols/qrEncoder';
import { productCodeStandIn } from '../../../../electron/core/sheets/design/designCheck';

// New elements go in free room, and the design still prints: a text line, a barcode the product
// can carry (on every stock the app offers), a logo.

const sample = (keystr: string, title = '示例饮料 Demo'): FitSample => ({
  fields: { extinfo: 'LOT7-000001', seq: 1, keystr, title, batch: 'Lot 7', date: '2026-12-04' },
  modules: encodeQr(productCodeStandIn('LOT7-000001'), 'M').size,
});
const overlaps = (a: { x0: number; y0: number; x1: number; y1: number }, b: typeof a) => a.x0 < b.x1 && a.x1 > b.x0 && a.y0 < b.y1 && a.y1 > b.y0;

test("the sandbox's product key is no valid EAN-13 (its check digit is wrong), so an EAN-13 of it cannot print", () => {
  assert.ok('problem' in barcodeValue('ean13', DEMO_PRODUCT.keystr));
});

test('Add text puts the line in free room, clear of the code’s quiet zone, and the design still prints — on every stock', () => {
  const s = sample(DEMO_PRODUCT.keystr);
  for (const stock of BUILT_IN_STOCKS) {
    const template = defaultTemplate(stock.id);
    const placed = placeElement(template, stock, s, 'text');
    assert.equal(placed.roomy, true, stock.id);
    assert.equal(placed.selected, 'text-2');
    const line = placed.template.text[2]!;
    assert.ok(!overlaps(textZone(line, stock.labelWidthMm), codeZone(placed.template, s.modules)), `${stock.id}: the new line is clear of the quiet zone`);
    assert.equal(fitProblem(placed.template, stock, s), null, `${stock.id}: ${fitProblem(placed.template, stock, s)?.en}`);
  }
});

test("Add barcode gives a Code 128 of the sandbox product's key, sized to the stock, and the design passes the check on every stock the app offers", () => {
  for (const keystr of [DEMO_PRODUCT.keystr, '6901234567892']) {
    const s = sample(keystr);
    for (const stock of BUILT_IN_STOCKS) {
      const withText = placeElement(defaultTemplate(stock.id), stock, s, 'text').template;
      const placed = placeElement(withText, stock, s, 'barcode');
      assert.equal(placed.roomy, true, `${keystr} on ${stock.id}`);
      // No stock's label holds a retail EAN-13 of GS1's least size beside the code (#32): Code 128 it is.
      assert.equal(placed.template.barcodes.length, 1, stock.id);
      assert.equal(placed.template.barcodes[0]?.symbology, 'code128', stock.id);
      assert.equal(placed.template.barcodes[0]?.value, '{keystr}');
      assert.equal(fitProblem(placed.template, stock, s), null, `${keystr} on ${stock.id}: ${fitProblem(placed.template, stock, s)?.en}`);
      assert.equal(placed.template.text.length, 3, 'the text lines stay');
      if (placed.notice) assert.match(placed.notice.en, /QR code was made smaller/, `${stock.id}: only a smaller code is ever announced`);
    }
  }
});

test('a logo goes in free room beside a long title, and the design prints', () => {
  const s = sample(DEMO_PRODUCT.keystr, '山泉水 550ml Spring water 天然矿泉水');
  for (const id of ['avery-l7160', 'herma-4102', 'roll-50x30', 'sra3-40x40']) {
    const stock = findStock(id)!;
    const placed = placeElement(defaultTemplate(id), stock, s, 'logo', '/data/logos/x.png');
    assert.equal(placed.roomy, true, id);
    assert.equal(placed.template.logo?.file, '/data/logos/x.png');
    assert.equal(fitProblem(placed.template, stock, s), null, `${id}: ${fitProblem(placed.template, stock, s)?.en}`);
  }
});

test('with no free room left the element is still added, and the person is told so plainly, in both languages', () => {
  const stock = findStock('avery-l4732')!;
  const s = sample(DEMO_PRODUCT.keystr);
  let template = defaultTemplate(stock.id);
  let last = placeElement(template, stock, s, 'text');
  for (let i = 0; i < 8 && last.roomy; i++) {
    template = last.template;
    last = placeElement(template, stock, s, 'text');
  }
  assert.equal(last.roomy, false, 'the small label fills up');
  assert.equal(last.template.text.length, template.text.length + 1, 'the line is added all the same');
  assert.match(last.notice!.en, /no free room on this label/);
  assert.match(last.notice!['zh-CN'], /没有空余位置/);
});
