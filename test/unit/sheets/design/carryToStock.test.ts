import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smallestTextPt } from '../../../../shared/sheets/textFit';
import { DEMO_PRODUCT } from '../../../../electron/sandbox/sandboxServer';
import { carryToStock } from '../../../../electron/core/sheets/design/carryToStock';
import { fitProblem, type FitSample } from '../../../../electron/core/sheets/design/designFit';
import { fillPlaceholders, MIN_DOTS_PER_MODULE, symbolSizeMm } from '../../../../electron/core/sheets/design/labelLayout';
import { placeElement } from '../../../../electron/core/sheets/design/newElements';
import { findStock } from '../../../../electron/core/sheets/design/stocks';
import { defaultTemplate, type Template } from '../../../../electron/core/sheets/design/template';
import { encodeQr } from '../../../../electron/core/sheets/symbols/qrEncoder';
import { productCodeStandIn } from '../../../../electron/core/sheets/design/designCheck';

// A design carried to another stock: scaled to the new label, the code and the text kept
// printable, and what no longer fits named.

const sample: FitSample = {
  fields: { extinfo: 'LOT7-000001', seq: 1, keystr: DEMO_PRODUCT.keystr, title: '示例饮料 Demo', batch: 'Lot 7', date: '2026-12-04' },
  modules: encodeQr(productCodeStandIn('LOT7-000001'), 'M').size,
};
// A4 sheets large and small, a thermal roll, a press grid.
const STOCKS = ['avery-l7651', 'avery-l7160', 'avery-l4732', 'herma-4102', 'roll-50x30', 'a4-25x28'];

/** A stock's default design with a text line and a barcode added, as a person would. */
function designed(id: string): Template {
  const stock = findStock(id)!;
  const withText = placeElement(defaultTemplate(id), stock, sample, 'text').template;
  return placeElement(withText, stock, sample, 'barcode').template;
}

test('carried between every pair of stocks, a design keeps the code printable and text legible, and names exactly what no longer fits', () => {
  let named = 0;
  for (const fromId of STOCKS) {
    const from = findStock(fromId)!;
    const template = designed(fromId);
    assert.equal(fitProblem(template, from, sample), null, fromId);
    for (const toId of STOCKS.filter((id) => id !== fromId)) {
      const to = findStock(toId)!;
      const carried = carryToStock(template, from, to, sample);
      const t = carried.template;
      const pair = `${fromId} → ${toId}`;
      assert.equal(t.stock, toId);
      assert.equal(t.printerDpi, to.kind === 'roll' ? 300 : 600, `${pair}: the new stock's printer`);
      assert.equal(carried.scale, Math.min(to.labelWidthMm / from.labelWidthMm, to.labelHeightMm / from.labelHeightMm), `${pair}: one scale for both directions`);
      const smallestCode = ((MIN_DOTS_PER_MODULE * 25.4) / t.printerDpi) * sample.modules;
      assert.ok(symbolSizeMm(t, sample.modules) >= smallestCode - 1e-6, `${pair}: the code is at least its smallest printable size`);
      for (const line of t.text) {
        const floor = smallestTextPt(fillPlaceholders(line.text, sample.fields), t.printerDpi);
        assert.ok(line.sizePt >= floor - 1e-9, `${pair}: ${line.text} at ${line.sizePt} pt ≥ ${floor} pt`);
        if (line.minSizePt !== undefined) assert.ok(line.minSizePt >= floor - 1e-9 && line.minSizePt <= line.sizePt, `${pair}: ${line.text}'s smallest size`);
      }
      assert.equal(t.text.length, template.text.length, `${pair}: every text line is carried`);
      assert.equal(t.barcodes.length, template.barcodes.length, `${pair}: the barcode is carried`);
      // What the check refuses is exactly what is named: nothing named means it prints.
      const problem = fitProblem(t, to, sample);
      assert.equal(problem === null, carried.notFitting.length === 0, `${pair}: ${problem?.en} / ${carried.notFitting.map((n) => n.en).join(', ')}`);
      for (const name of carried.notFitting) {
        assert.match(name.en, /^(the QR code|text line \d “.+”|the barcode \(.+\)|barcode \d \(.+\)|the logo|line \d+|box \d+)$/, pair);
        assert.match(name['zh-CN'], /^(二维码|第 \d 行文字“.+”|条码(.+)|条码 \d(.+)|标志|线条 \d+|方框 \d+)$/, pair);
      }
      named += carried.notFitting.length;
    }
  }
  assert.ok(named > 0, 'some pair (a large label onto a small one) leaves something out, and names it');
});

test('a design carried to a similar label keeps its layout, scaled, and still prints', () => {
  const from = findStock('avery-l7651')!;
  const to = findStock('herma-4097')!;
  const template = designed(from.id);
  const carried = carryToStock(template, from, to, sample);
  assert.deepEqual(carried.notFitting, []);
  assert.equal(carried.scale, 1, 'the labels are as tall: nothing is scaled');
  assert.equal(carried.template.qr.sizeMm, template.qr.sizeMm);
  assert.ok(carried.template.qr.xMm > template.qr.xMm, 'centred on the wider label');
});

test('bleed and crop marks stay only on a press grid', () => {
  const from = findStock('a4-25x28')!;
  const pressDesign = { ...designed(from.id), bleedMm: 1, cropMarks: true };
  const onSheet = carryToStock(pressDesign, from, findStock('avery-l7160')!, sample).template;
  assert.equal(onSheet.bleedMm, 0);
  assert.equal(onSheet.cropMarks, false);
  const onPress = carryToStock(pressDesign, from, findStock('sra3-40x40')!, sample).template;
  assert.equal(onPress.cropMarks, true);
  assert.ok(onPress.bleedMm > 0 && onPress.bleedMm <= 1);
});
