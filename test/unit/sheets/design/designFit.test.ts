import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barcodeModulesOf, fitProblem, sampleBarcode } from '../../../../electron/core/sheets/design/designFit';
import { findStock } from '../../../../electron/core/sheets/design/stocks';
import { defaultTemplate } from '../../../../electron/core/sheets/design/template';

// What the designer checks a change against: one label of the preview batch, the template check's words.

const fields = { extinfo: 'LOT7-000001', seq: 1, keystr: '6900873042720', title: '示例饮料 Demo', batch: 'Lot 7', date: '2026-12-04' };
const sample = { fields, modules: 29 };

test('a default design fits; a code too small, or a barcode value its symbology cannot carry, is named in both languages', () => {
  const stock = findStock('avery-l7160')!;
  const template = defaultTemplate(stock.id);
  assert.equal(fitProblem(template, stock, sample), null);
  assert.match(fitProblem({ ...template, qr: { ...template.qr, sizeMm: 3 } }, stock, sample)!.en, /modules would be/);
  const bars = { symbology: 'ean13' as const, value: '{keystr}', xMm: 40, yMm: 10, widthMm: 22, heightMm: 18, digits: true, rotation: 0 as const };
  const ean = { ...template, barcodes: [bars] };
  const problem = fitProblem(ean, stock, sample)!;
  assert.match(problem.en, /wrong EAN-13 check digit/);
  assert.match(problem['zh-CN'], /校验位不对/);
  assert.ok('problem' in sampleBarcode(bars, fields));
  assert.deepEqual(barcodeModulesOf(ean, sample), [undefined], 'a barcode that cannot be encoded has no modules to keep clear');
  const code128 = { ...ean, barcodes: [{ ...bars, symbology: 'code128' as const }] };
  assert.ok((barcodeModulesOf(code128, sample)[0] ?? 0) > 50);
});
