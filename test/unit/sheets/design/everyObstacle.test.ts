import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PRODUCT } from '../../../../electron/sandbox/sandboxServer';
import { carryToStock } from '../../../../electron/core/sheets/design/carryToStock';
import { barcodeModulesOf, fitProblem, type FitSample } from '../../../../electron/core/sheets/design/designFit';
import { barcodeZone, textZone, type Rect } from '../../../../electron/core/sheets/design/freeSpace';
import { placeElement } from '../../../../electron/core/sheets/design/newElements';
import { BUILT_IN_STOCKS, findStock } from '../../../../electron/core/sheets/design/stocks';
import { defaultTemplate, type Template } from '../../../../electron/core/sheets/design/template';
import { shapeBounds } from '../../../../electron/core/sheets/design/templateCheck';

// A second barcode (turned) and a box are obstacles like the first barcode: a new element goes
// around them, and a design carried to another stock keeps them apart or names what no longer fits.

const sample: FitSample = {
  fields: { extinfo: 'LOT7-000001', seq: 1, keystr: DEMO_PRODUCT.keystr, title: '示例饮料 Demo', batch: 'Lot 7', date: '2026-12-04' },
  modules: 29,
};
const overlaps = (a: Rect, b: Rect) => a.x0 < b.x1 - 1e-6 && a.x1 > b.x0 + 1e-6 && a.y0 < b.y1 - 1e-6 && a.y1 > b.y0 + 1e-6;
const l7160 = findStock('avery-l7160')!;
const base = defaultTemplate(l7160.id);
/** Beside the code: a Code 128 at the top, a box under its left end, and a second Code 128 turned 90° at the right edge. */
const design: Template = {
  ...base,
  text: base.text.map((line, i) => (i === 0 ? { ...line, lines: 1 } : line)),
  barcodes: [
    { symbology: 'code128', value: '{keystr}', xMm: 39.044, yMm: 5.3, widthMm: 17.018, heightMm: 6.4, digits: false, rotation: 0 },
    { symbology: 'code128', value: 'A1', xMm: 54, yMm: 16.75, widthMm: 10, heightMm: 6.5, digits: false, rotation: 90 },
  ],
  shapes: [{ kind: 'box', xMm: 38, yMm: 13, widthMm: 6, heightMm: 6, strokeMm: 0.1, fill: 'none', rotation: 0 }],
};
const zonesOf = (t: Template, labelWidthMm: number): [string, Rect][] => {
  const modules = barcodeModulesOf(t, sample);
  return [
    ...t.barcodes.map((b, i): [string, Rect] => [`barcode ${i + 1}`, barcodeZone(b, modules[i])]),
    ...t.shapes.map((s, i): [string, Rect] => [`box ${i + 1}`, shapeBounds(s, i).box]),
    ...t.text.map((l, i): [string, Rect] => [`text ${i + 1}`, textZone(l, labelWidthMm)]),
  ];
};

test('a new text line and a third barcode go around a turned second barcode and a box; without them they would sit there', () => {
  assert.equal(fitProblem(design, l7160, sample), null, 'the design prints as it is');
  const [, second] = zonesOf(design, l7160.labelWidthMm)[1]!;
  const box = shapeBounds(design.shapes[0]!, 0).box;
  assert.ok(second.y1 - second.y0 > second.x1 - second.x0, 'the second barcode counts as turned: taller than wide');
  const bare = { ...design, barcodes: design.barcodes.slice(0, 1), shapes: [] };
  for (const kind of ['text', 'barcode'] as const) {
    const placed = placeElement(design, l7160, sample, kind);
    assert.equal(placed.roomy, true, kind);
    assert.equal(fitProblem(placed.template, l7160, sample), null, `${kind}: ${fitProblem(placed.template, l7160, sample)?.en}`);
    const zones = zonesOf(placed.template, l7160.labelWidthMm);
    const added = kind === 'text' ? zones.at(-1)![1] : zones[2]![1];
    if (kind === 'barcode') assert.equal(placed.selected, 'barcode-2');
    assert.ok(!overlaps(added, second) && !overlaps(added, box), `${kind} at ${JSON.stringify(added)} clear of ${JSON.stringify(second)} and ${JSON.stringify(box)}`);
    // Where the same element goes on the label without the second barcode and the box: over them.
    const alone = zonesOf(placeElement(bare, l7160, sample, kind).template, l7160.labelWidthMm);
    const there = kind === 'text' ? alone.at(-1)![1] : alone[1]![1];
    assert.ok(overlaps(there, second) || overlaps(there, box), `${kind}: the test's obstacles stand where free room would otherwise be`);
  }
});

test('carried to every stock, the barcodes, the box and the text stay apart or are named; the stroke never drops under what the printer draws', () => {
  let named = 0;
  for (const to of BUILT_IN_STOCKS) {
    const carried = carryToStock(design, l7160, to, sample);
    const t = carried.template;
    assert.equal(t.barcodes.length, 2, `${to.id}: both barcodes are carried`);
    assert.equal(t.shapes.length, 1, `${to.id}: the box is carried`);
    assert.equal(t.barcodes[1]!.rotation, 90, `${to.id}: turned as it was`);
    const minStrokeMm = (2 * 25.4) / t.printerDpi;
    assert.ok(t.shapes[0]!.strokeMm >= Math.max(0.1, minStrokeMm) - 1e-9, `${to.id}: stroke ${t.shapes[0]!.strokeMm} mm at ${t.printerDpi} dpi`);
    const problem = fitProblem(t, to, sample);
    assert.equal(problem === null, carried.notFitting.length === 0, `${to.id}: ${problem?.en} / ${carried.notFitting.map((n) => n.en).join(', ')}`);
    for (const name of carried.notFitting) assert.match(name.en, /^(the QR code|text line \d “.+”|barcode \d \(Code 128 .+\)|the logo|box 1)$/, to.id);
    named += carried.notFitting.length;
    if (carried.notFitting.length) continue;
    const zones = zonesOf(t, to.labelWidthMm);
    for (const [a, za] of zones) for (const [b, zb] of zones) if (a < b) assert.ok(!overlaps(za, zb), `${to.id}: ${a} and ${b} overlap`);
  }
  assert.ok(named > 0, 'on the smallest labels something is named');
});
