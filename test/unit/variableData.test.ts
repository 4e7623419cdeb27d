import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCalendarDate, isDateFormat, parseCalendarDate } from '../../shared/sheets/dateFormat';
import { columnsUsed, fillPlaceholders, variesByLabel } from '../../electron/core/sheets/design/labelLayout';
import { barcodeValue, encodeLinear, gtinCheckDigit } from '../../electron/core/sheets/symbols/linearBarcode';

const fields = { extinfo: 'A-1', seq: 1, keystr: '6901234567892', title: 'T', batch: 'B', date: '2026-11-24', columns: { lot: 'L7', bbd: '20270331', '重量': '500 g' } };

test('dates as CSV files write them are read; days that do not exist are not', () => {
  for (const text of ['2027-03-31', '2027/03/31', '2027.03.31', '20270331', '2027-03-31T08:00:00Z']) assert.deepEqual(parseCalendarDate(text), { year: 2027, month: 3, day: 31 }, text);
  for (const text of ['2027-02-30', '2027-13-01', '31/03/2027', '2027-03/31', 'soon', '']) assert.equal(parseCalendarDate(text), null, text);
  const date = { year: 2027, month: 3, day: 5 };
  assert.equal(formatCalendarDate(date, 'YYYY.MM.DD'), '2027.03.05');
  assert.equal(formatCalendarDate(date, 'D/M/YY'), '5/3/27');
  assert.equal(formatCalendarDate(date, 'YYYY年M月D日'), '2027年3月5日');
  assert.ok(isDateFormat('DD-MM') && !isDateFormat('xyz'));
});

test('placeholders: CSV columns, formatted dates, and what varies per label', () => {
  assert.equal(fillPlaceholders('Lot {col:lot} BBD {col:bbd|DD/MM/YYYY} {col:重量} {date:YYYY.MM.DD}', fields), 'Lot L7 BBD 31/03/2027 500 g 2026.11.24');
  assert.equal(fillPlaceholders('{col:missing}|{col:lot|YYYY}', fields), '|L7', 'a value that is no date is left as it is');
  assert.deepEqual(columnsUsed('{col:lot} {col:bbd|YYYY}'), [{ column: 'lot' }, { column: 'bbd', dateFormat: 'YYYY' }]);
  assert.ok(variesByLabel('{col:lot}') && variesByLabel('x{extinfo}') && !variesByLabel('{keystr}') && !variesByLabel('{date:YYYY}'));
});

test('GTIN check digits (GS1) are added or checked; Code 128 takes printable ASCII', () => {
  assert.equal(gtinCheckDigit('690123456789'), 2);
  assert.equal(gtinCheckDigit('9638507'), 4);
  assert.equal(gtinCheckDigit('03600029145'), 2);
  assert.deepEqual(barcodeValue('ean13', '690123456789'), { value: '6901234567892' });
  assert.deepEqual(barcodeValue('upca', '036000291452'), { value: '036000291452' });
  assert.match((barcodeValue('ean13', '6901234567890') as { problem: { en: string } }).problem.en, /last digit should be 2/);
  assert.match((barcodeValue('ean8', '12a4567') as { problem: { en: string } }).problem.en, /EAN-8 takes 7 digits/);
  assert.match((barcodeValue('code128', '批号7') as { problem: { en: string } }).problem.en, /printable ASCII/);
  assert.ok('value' in barcodeValue('code128', 'LOT-7/A b'));
});

test('encoded symbols have the modules and guard bars of their standard', () => {
  const ean13 = encodeLinear('ean13', '6901234567892');
  assert.equal(ean13.modules, 95);
  assert.equal(ean13.bars.filter(([, , guard]) => guard).length, 6, 'start, centre and end guards: two bars each');
  assert.deepEqual(ean13.digits.map((d) => d.text).join(''), '6901234567892');
  assert.equal(encodeLinear('ean8', '96385074').modules, 67);
  assert.equal(encodeLinear('upca', '036000291452').modules, 95);
  const code128 = encodeLinear('code128', 'LOT-7');
  assert.equal((code128.modules - 35) % 11, 0, 'start, check and stop (35 modules with the final bar) plus 11 per symbol');
  assert.equal(encodeLinear('code128', 'LOT-7'), code128, 'the same value is encoded once');
});

test('verification renders at the resolution the smallest module needs: 3 pixels a module, within 72–600 dpi', async () => {
  const { verifyDpi } = await import('../../electron/core/sheets/verify/sheetVerification');
  const { defaultTemplate } = await import('../../electron/core/sheets/design/template');
  const template = defaultTemplate('avery-l7651');
  const moduleMm = template.qr.sizeMm! / 29;
  const dpi = verifyDpi(template, 29);
  assert.ok((dpi / 25.4) * moduleMm >= 3 && (dpi / 25.4) * moduleMm < 3.1, `${dpi} dpi gives ${((dpi / 25.4) * moduleMm).toFixed(2)} px a module`);
  assert.ok(verifyDpi(template, 29, 0.2) > dpi, 'a thinner barcode module asks for more pixels');
  assert.equal(verifyDpi({ ...template, qr: { ...template.qr, sizeMm: 290 } }, 29), 72);
  assert.equal(verifyDpi(template, 29, 0.01), 600);
});
