import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PRODUCT } from '../../../../electron/sandbox/sandboxServer';
import { fitProblem, type FitSample } from '../../../../electron/core/sheets/design/designFit';
import { barcodeZone, boxZone, codeZone, textZone, type Rect } from '../../../../electron/core/sheets/design/freeSpace';
import { newStrokeMm, placeElement } from '../../../../electron/core/sheets/design/newElements';
import { shapeBounds } from '../../../../electron/core/sheets/design/templateCheck';
import type { Template } from '../../../../electron/core/sheets/design/template';
import { BUILT_IN_STOCKS, findStock } from '../../../../electron/core/sheets/design/stocks';
import { defaultTemplate } from '../../../../electron/core/sheets/design/template';
import { barcodeValue } from '../../../../electron/core/sheets/symbols/linearBarcode';
import { encodeQr } from '../../../../electron/core/sheets/symbols/qrEncoder';
import { productCodeStandIn } from '../../../../electron/core/sheets/design/designCheck';

// New elements go in free room, and the design still prints: a text line, a barcode the product
// can carry (on every stock the app offers), a logo, a line, a box.

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

/** Everything on the label a new shape must keep clear of, as turned: the code's quiet zone, each text box, barcode (with its quiet zones), the logo and every earlier shape. */
function occupied(template: Template, labelWidthMm: number, modules: number, shapesBefore: number): { name: string; zone: Rect }[] {
  return [
    { name: 'the quiet zone', zone: codeZone(template, modules) },
    ...template.text.map((line, i) => ({ name: `text ${i}`, zone: textZone(line, labelWidthMm) })),
    ...template.barcodes.map((b, i) => ({ name: `barcode ${i}`, zone: barcodeZone(b, undefined) })),
    ...(template.logo ? [{ name: 'the logo', zone: boxZone(template.logo) }] : []),
    ...template.shapes.slice(0, shapesBefore).map((shape, i) => ({ name: `shape ${i}`, zone: shapeBounds(shape, i).box })),
  ];
}

/** Add line, then Add box, each checked to lie clear of what was there and to leave the design printable. */
function lineThenBox(template: Template, stockId: string, s: FitSample) {
  const stock = findStock(stockId)!;
  let design = template;
  for (const kind of ['line', 'box'] as const) {
    const placed = placeElement(design, stock, s, kind);
    const n = design.shapes.length;
    assert.equal(placed.roomy, true, `${kind} on ${stockId}`);
    assert.equal(placed.notice, null);
    assert.equal(placed.selected, `shape-${n}`);
    const shape = placed.template.shapes[n]!;
    assert.equal(shape.kind, kind);
    const box = shapeBounds(shape, n).box;
    for (const { name, zone } of occupied(placed.template, stock.labelWidthMm, s.modules, n)) {
      assert.ok(!overlaps(box, zone), `${stockId}: the new ${kind} ${JSON.stringify(box)} is clear of ${name} ${JSON.stringify(zone)}`);
    }
    assert.ok(box.x0 >= 1 - 1e-9 && box.y0 >= 1 - 1e-9 && box.x1 <= stock.labelWidthMm - 1 + 1e-9 && box.y1 <= stock.labelHeightMm - 1 + 1e-9, `${stockId}: inside the 1 mm margin`);
    assert.equal(fitProblem(placed.template, stock, s), null, `${kind} on ${stockId}: ${fitProblem(placed.template, stock, s)?.en}`);
    design = placed.template;
  }
  return design;
}

test('Add line then Add box put each in free room, clear of the quiet zone and every element, and the design still prints — on every stock', () => {
  const s = sample(DEMO_PRODUCT.keystr);
  for (const stock of BUILT_IN_STOCKS) {
    const design = lineThenBox(defaultTemplate(stock.id), stock.id, s);
    const [line, box] = design.shapes;
    // A rule long enough to read as one, a box of a sensible size, both with a stroke the printer draws.
    assert.ok(line?.kind === 'line' && line.lengthMm >= Math.min(40, stock.labelWidthMm - 2) / 3 - 0.1, `${stock.id}: line ${JSON.stringify(line)}`);
    assert.ok(box?.kind === 'box' && box.widthMm >= 1 && box.heightMm >= 1 && box.fill === 'none', `${stock.id}: box ${JSON.stringify(box)}`);
    assert.equal(line.strokeMm, 0.3);
  }
});

test('where the line and box went before (a rule along the foot, a box at the top left) the small labels and the roll cannot print: placement is what keeps them printable', () => {
  const s = sample(DEMO_PRODUCT.keystr);
  for (const id of ['avery-l7160', 'avery-l4732', 'roll-50x30']) {
    const stock = findStock(id)!;
    const template = defaultTemplate(id);
    const foot = { kind: 'line' as const, xMm: 1, yMm: stock.labelHeightMm - 1.5, lengthMm: stock.labelWidthMm - 2, strokeMm: 0.3, rotation: 0 as const };
    const corner = { kind: 'box' as const, xMm: 1, yMm: 1, widthMm: Math.min(10, stock.labelWidthMm / 4), heightMm: Math.min(6, stock.labelHeightMm / 4), strokeMm: 0.3, fill: 'none' as const, rotation: 0 as const };
    assert.match(fitProblem({ ...template, shapes: [foot] }, stock, s)?.en ?? '', /Line 1/, `${id}: the fixed rule lands on something`);
    assert.match(fitProblem({ ...template, shapes: [corner] }, stock, s)?.en ?? '', /Box 1 crosses the QR code's quiet zone/, `${id}: the fixed box lands on the quiet zone`);
    const placed = placeElement(placeElement(template, stock, s, 'line').template, stock, s, 'box').template;
    assert.notDeepEqual(placed.shapes, [foot, corner]);
    assert.equal(fitProblem(placed, stock, s), null, id);
  }
});

test('a line and a box go around turned elements by what they cover as turned, on the L7160 and the roll', () => {
  const s = sample(DEMO_PRODUCT.keystr);
  // The title kept to one line; in the room below it a text turned to read down and a turned black box.
  const places = { 'avery-l7160': { text: [40, 18, 14], box: [52, 14] }, 'roll-50x30': { text: [30, 14, 12], box: [40, 12] } } as const;
  for (const [id, at] of Object.entries(places)) {
    const stock = findStock(id)!;
    const base = defaultTemplate(id);
    const upright = { ...base.text[1]!, text: '{extinfo}', xMm: at.text[0], yMm: at.text[1], widthMm: at.text[2], lines: 1, rotation: 90 as const };
    const turnedBox = { kind: 'box' as const, xMm: at.box[0], yMm: at.box[1], widthMm: 8, heightMm: 3, strokeMm: 0.3, fill: 'black' as const, rotation: 90 as const };
    const turned: Template = { ...base, text: [{ ...base.text[0]!, lines: 1 }, base.text[1]!, upright], shapes: [turnedBox] };
    assert.equal(fitProblem(turned, stock, s), null, `${id}: the turned design prints: ${fitProblem(turned, stock, s)?.en}`);
    const design = lineThenBox(turned, id, s);
    assert.equal(design.text[0]!.lines, 1, `${id}: nothing was taken from the title`);
  }
});

test("a new line's and box's stroke is at least 2 printer dots and 0.1 mm, at any printer's resolution", () => {
  for (const dpi of [150, 203, 300, 600, 1200]) {
    const stroke = newStrokeMm(dpi);
    assert.ok(stroke >= (2 * 25.4) / dpi - 1e-9 && stroke >= 0.1, `${dpi} dpi: ${stroke} mm`);
  }
  assert.equal(newStrokeMm(150), 0.339, 'two dots of a 150 dpi printer are thicker than the usual 0.3 mm');
  const s = sample(DEMO_PRODUCT.keystr);
  const stock = findStock('sra3-40x40')!;
  const coarse = { ...defaultTemplate(stock.id), printerDpi: 150 };
  const placed = placeElement(coarse, stock, s, 'line').template;
  assert.equal(placed.shapes[0]?.strokeMm, 0.339);
  assert.doesNotMatch(fitProblem(placed, stock, s)?.en ?? '', /thick/);
});

test('with no free room left a line or a box is still added, and the person is told so plainly, in both languages', () => {
  const stock = findStock('avery-l4732')!;
  const s = sample(DEMO_PRODUCT.keystr);
  for (const kind of ['line', 'box'] as const) {
    let template = defaultTemplate(stock.id);
    let last = placeElement(template, stock, s, kind);
    for (let i = 0; i < 14 && last.roomy; i++) {
      template = last.template;
      last = placeElement(template, stock, s, kind);
    }
    assert.equal(last.roomy, false, `${kind}: the small label fills up`);
    assert.equal(last.template.shapes.length, template.shapes.length + 1, 'it is added all the same');
    assert.equal(last.selected, `shape-${template.shapes.length}`);
    assert.match(last.notice!.en, new RegExp(`no free room on this label for a ${kind}`));
    assert.match(last.notice!['zh-CN'], /没有空余位置放(线条|方框)/);
  }
  const full = { ...defaultTemplate(stock.id), shapes: Array.from({ length: 16 }, () => ({ kind: 'line' as const, xMm: 1, yMm: 1, lengthMm: 2, strokeMm: 0.3, rotation: 0 as const })) };
  assert.throws(() => placeElement(full, stock, s, 'box'), /at most 16 lines and boxes/);
});
