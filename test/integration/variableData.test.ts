import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { PDFDocument, rgb } from 'pdf-lib';
import { runFastCli } from '../support/childProcess';
import { tempDir } from '../support/tempDir';

// Variable data on the label (#17): a CSV plan's columns with each code, formatted dates, and a
// linear barcode beside the QR code — all through the CLI a print shop scripts, checked in the PDF.

const data = tempDir();
const dir = tempDir();
const qrpack = (args: string[], lang = 'en') => runFastCli(['--data', data, '--lang', lang, ...args]);
const pageText = (file: string, page = 1) => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', file, '-'], { encoding: 'utf8' });
const PT_PER_MM = 72 / 25.4;
/** A valid GTIN (check digit 2): the barcode must decode to the product key. */
const GTIN = '6901234567892';
const COUNT = 30;

const csv = path.join(dir, 'plan.csv');
fs.writeFileSync(csv, ['extinfo,lot,bbd,gtin', ...Array.from({ length: COUNT }, (_, i) => `VD-${String(i + 1).padStart(3, '0')},L${(i % 7) + 1},2027-03-${String(i + 1).padStart(2, '0')},${i === 4 ? '12345' : '96385074'}`)].join('\n'));
const product = path.join(dir, 'product.json');
fs.writeFileSync(
  product,
  JSON.stringify({
    keystandard: 'ean13',
    keystr: GTIN,
    brand_info: {
      base_info: { title: '条码测试 Barcode test', thumb_url: 'http://mmbiz.qpic.cn/x/0', brand_tag: 'QR Pack', category_id: 0, retail_price: '1.00', store_mgr_type: 'auto', color: 'auto' },
      detail_info: { detail_list: [{ title: '产品名称', desc: '测试' }] },
      action_info: { action_list: [{ type: 'text', text: 'QR Pack' }] },
    },
  }),
);
assert.equal(qrpack(['product', 'create', '--file', product]).status, 0);
const issued = qrpack(['issue', '--product', `ean13:${GTIN}`, '--size', '100', '--csv', csv]);
assert.equal(issued.status, 0, issued.stderr);

/** Avery L7160 with a smaller code, the lot and date beside it, and a barcode below them. */
function design(changes: (t: Record<string, any>) => void): string {
  const template = JSON.parse(qrpack(['template', '--stock', 'avery-l7160']).stdout);
  template.qr = { xMm: 3, yMm: 3, sizeMm: 18, ecc: 'M' };
  template.text = [
    { text: 'Lot {col:lot} · BBD {col:bbd|YYYY.MM.DD}', xMm: 26, yMm: 6, sizePt: 7, bold: true, align: 'left' },
    { text: '{extinfo}', xMm: 26, yMm: 10, sizePt: 7, bold: false, align: 'left' },
  ];
  changes(template);
  const file = path.join(dir, `design-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(template));
  return file;
}

test('a CSV of extinfo,lot,bbd prints lot and formatted date on each label, and the manifest carries them', () => {
  const out = path.join(dir, 'lots.pdf');
  const manifestFile = path.join(dir, 'lots.csv');
  const exported = qrpack(['export', '1', '--template', design(() => {}), '--out', out, '--manifest', manifestFile, '--verify', 'full']);
  assert.equal(exported.status, 0, exported.stderr);
  const text = pageText(out, 1) + pageText(out, 2);
  for (let i = 0; i < COUNT; i++) {
    assert.match(text, new RegExp(`Lot L${(i % 7) + 1} · BBD 2027\\.03\\.${String(i + 1).padStart(2, '0')}`), `label ${i + 1}`);
  }
  assert.equal(text.split('BBD 2027.03.').length - 1, COUNT, 'one date line per label');
  const rows = parse(fs.readFileSync(manifestFile, 'utf8'), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, COUNT);
  assert.deepEqual(Object.keys(rows[0]!).slice(-3), ['lot', 'bbd', 'gtin']);
  assert.deepEqual([rows[6]!.extinfo, rows[6]!.lot, rows[6]!.bbd], ['VD-007', 'L7', '2027-03-07']);
  // The log holds each code's row beside its extinfo.
  const logged = JSON.parse(qrpack(['log', '--batch', '1', '--json']).stdout) as { extinfo: string; data: string }[];
  assert.deepEqual(JSON.parse(logged[6]!.data), { lot: 'L7', bbd: '2027-03-07', gtin: '96385074' });
});

test('an EAN-13 of the product key beside each QR code decodes on every label; covering one fails verify, named', async () => {
  const out = path.join(dir, 'ean.pdf');
  const manifestFile = path.join(dir, 'ean.csv');
  // X = 0.296 mm (7 dots at 600 dpi, 90 %): GS1 asks bars of 20.52 mm, so the box is 24 mm tall.
  const file = design((t) => (t.barcode = { symbology: 'ean13', xMm: 30, yMm: 14, widthMm: 28, heightMm: 24 }));
  const exported = qrpack(['export', '1', '--template', file, '--out', out, '--manifest', manifestFile, '--verify', 'full']);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, new RegExp(`verified: ${COUNT} labels decoded one by one, 0 failed`));
  // The digits under the bars, in GS1's groups: 6 901234 567892.
  assert.equal(pageText(out).split(/6\s+901234\s+567892/).length - 1, 21, 'human-readable digits on each label of page 1');
  const intact = qrpack(['verify', out]);
  assert.equal(intact.status, 0, intact.stderr);

  // A white box over one label's bars: its QR code still reads, the barcode does not.
  const label = (parse(fs.readFileSync(manifestFile, 'utf8'), { columns: true }) as Record<string, string>[])[9]!;
  const pdf = await PDFDocument.load(fs.readFileSync(out));
  const page = pdf.getPage(Number(label.page) - 1);
  const labelX = Number(label.qr_x_mm) - 3;
  const labelY = Number(label.qr_y_mm) - 3;
  page.drawRectangle({ x: (labelX + 33) * PT_PER_MM, y: page.getHeight() - (labelY + 38) * PT_PER_MM, width: 12 * PT_PER_MM, height: 25 * PT_PER_MM, color: rgb(1, 1, 1) });
  const prepress = path.join(dir, 'ean-covered.pdf');
  fs.writeFileSync(prepress, await pdf.save());
  const failed = qrpack(['verify', prepress, '--manifest', manifestFile]);
  assert.equal(failed.status, 4, failed.stderr);
  assert.match(failed.stdout, new RegExp(`1 of ${COUNT} labels failed:\\n {2}page 1 {2}${label.extinfo} {2}barcode {2}read nothing decodable`));
});

test('Code 128 from a column decodes on every label', () => {
  const out = path.join(dir, 'code128.pdf');
  const file = design((t) => (t.barcode = { symbology: 'code128', value: 'LOT-{col:lot}-{extinfo}', xMm: 27, yMm: 14, widthMm: 33, heightMm: 18 }));
  const exported = qrpack(['export', '1', '--template', file, '--out', out, '--verify', 'full']);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, /verified: 30 labels decoded one by one, 0 failed/);
  assert.match(pageText(out), /LOT-L3-VD-003/);
});

test('what the codes cannot print is refused before anything is written, in both languages', () => {
  const cases: [string, RegExp, RegExp][] = [
    [design((t) => (t.text[1].text = '{col:weight}')), /The design prints \{col:weight\}, but batch 1 has no column "weight"\. Its columns: "lot", "bbd", "gtin"\./, /设计中使用了 \{col:weight\},但批次 1 没有“weight”列/],
    [design((t) => (t.text[1].text = '{col:lot|YYYY.MM.DD}')), /Column "lot" is printed as a date, but 30 codes hold no date \(write them as 2027-03-31.*\): position 1 "VD-001" → "L1"/, /“lot”列按日期打印,但有 30 个码的值不是日期/],
    [design((t) => (t.text[1].text = '{date:yes}')), /\{date:yes\}: a date format is written with YYYY, YY, MM, M, DD, D/, /日期格式须由 YYYY、YY、MM、M、DD、D 组成/],
    [design((t) => (t.barcode = { symbology: 'ean8', value: '{col:gtin}', xMm: 30, yMm: 14, widthMm: 22, heightMm: 18 })), /The EAN-8 barcode \(\{col:gtin\}\) cannot be printed: EAN-8 takes 7 digits .*"12345" is not\. — 1 label, position 5 "VD-005"/, /EAN-8 条码.\{col:gtin\}.无法打印.EAN-8 需要 7 位数字.*位置 5 "VD-005"/],
    [
      design((t) => {
        t.printerDpi = 300;
        t.barcode = { symbology: 'ean13', xMm: 30, yMm: 14, widthMm: 10, heightMm: 18 };
      }),
      /The EAN-13 bars would be 0\.11 mm per module, 1 whole dot of a 300 dpi printer; a module needs at least 2 whole dots \(0\.17 mm\): make the barcode at least 16\.09 mm wide\./,
      /EAN-13 条码每个模块只有 0\.11 毫米,即 300 dpi 打印机的 1 个整点;每个模块至少需要 2 个整点/,
    ],
    [design((t) => (t.barcode = { symbology: 'ean13', xMm: 20, yMm: 14, widthMm: 30, heightMm: 18 })), /The EAN-13 barcode or its quiet zones overlap the QR code's quiet zone/, /EAN-13 条码或其静区压到了二维码的静区/],
  ];
  for (const [file, en, zh] of cases) {
    const out = path.join(dir, 'refused.pdf');
    const refused = qrpack(['export', '1', '--template', file, '--out', out, '--verify', 'off']);
    assert.equal(refused.status, 2, `${file}: ${refused.stdout}`);
    assert.match(refused.stderr, en);
    assert.ok(!fs.existsSync(out), 'nothing written');
    const zhRefused = qrpack(['export', '1', '--template', file, '--out', out, '--verify', 'off'], 'zh-CN');
    assert.match(zhRefused.stderr, zh);
  }
});

test("the demo product's key has a wrong check digit: an EAN-13 of it is refused with the digit it should have", () => {
  assert.equal(qrpack(['issue', '--product', 'ean13:6900873042720', '--size', '100', '--pattern', 'D-{seq:2}', '--count', '3']).status, 0);
  const file = design((t) => {
    t.text = [t.text[1]];
    t.barcode = { symbology: 'ean13', xMm: 30, yMm: 14, widthMm: 28, heightMm: 20 };
  });
  const refused = qrpack(['export', '2', '--template', file, '--out', path.join(dir, 'demo.pdf')]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /"6900873042720" has a wrong EAN-13 check digit: the last digit should be 2\./);
});
