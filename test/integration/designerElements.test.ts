import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { AppError } from '../../electron/core/appError';
import { parseTemplate, type Template, type TemplateInput } from '../../electron/core/sheets/design/template';
import { TemplateStore } from '../../electron/core/sheets/design/templateStore';
import { decodeLinearBarcodes } from '../../electron/core/sheets/verify/qrDecoder';
import { decodeCells } from '../../electron/core/sheets/verify/verifyTask';
import { tempDir } from '../support/tempDir';
import { ok, testApp } from '../support/testApp';

// The designer's basics (#27 item 4) as they print: elements turned 90/180/270°, lines and boxes,
// the three bundled fonts, two barcodes on a label — rendered by poppler from the PDF written and
// looked at where each should land; and the refusals a turn, a font or a stroke can earn.

const app = testApp();
const out = tempDir();
const KEY = { keystandard: 'ean13', keystr: '6901234567892' };
await ok(app, 'createProduct', { ...KEY, brandInfo: { base_info: { title: '矿泉水', thumb_url: 'http://mmbiz.qpic.cn/x/0', brand_tag: 'QR Pack', category_id: 0, retail_price: '1.00', store_mgr_type: 'auto', color: 'auto' } } });
const planned = await app.batches.plan('sandbox', { product: KEY, qrcodeSizePx: 100, name: 'Lot 9', source: { kind: 'pattern', pattern: 'RT-{seq:4}', start: 1, count: 3, step: 1 } });
await app.batches.run(planned.id, { concurrency: 2 });
const batchId = planned.id;

/** A 100 × 60 mm roll label (a page each), so where a thing lands is easy to say in millimetres. */
const STOCK = { id: 'roll-100x60', name: 'roll 100×60', kind: 'roll', pageWidthMm: 100, pageHeightMm: 60, labelWidthMm: 100, labelHeightMm: 60, columns: 1, rows: 1, firstXMm: 0, firstYMm: 0, pitchXMm: 100, pitchYMm: 60 } as const;

/**
 * The code at the top left (turned 90°: the same square); a mono extinfo turned 90° reading down
 * the right edge; a serif title; a vertical rule (a line turned 90°) between them; a black box and
 * a turned empty box; an EAN-13 of the product key and a Code 128 of the extinfo turned 270°.
 */
const design: TemplateInput = {
  format: 'qrpack-template',
  version: 2,
  name: 'turned',
  stock: STOCK,
  printerDpi: 300,
  slug: false,
  qr: { xMm: 4, yMm: 4, sizeMm: 20, rotation: 90 },
  text: [
    // Box 40 mm wide, centred on (92, 30) once turned: x 72–112 before the turn, 90–94 after.
    { text: '{extinfo}', font: 'mono', xMm: 72, yMm: 31.4, sizePt: 10, widthMm: 40, rotation: 90 },
    { text: '品名 {title}', font: 'serif', xMm: 4, yMm: 56, sizePt: 9, widthMm: 40 },
  ],
  shapes: [
    // 30 mm long, 0.5 mm thick, turned about (86, 30): x 85.75–86.25, y 15–45.
    { kind: 'line', xMm: 71, yMm: 29.75, lengthMm: 30, strokeMm: 0.5, rotation: 90 },
    { kind: 'box', xMm: 48, yMm: 48, widthMm: 6, heightMm: 6, fill: 'black' },
    // 16 × 5 mm empty box turned 90° about (75, 52): its bounds x 72.5–77.5, y 44–60, inside the label.
    { kind: 'box', xMm: 67, yMm: 49.5, widthMm: 16, heightMm: 5, strokeMm: 0.4, rotation: 90 },
  ],
  barcodes: [
    // 4 dots a module at 300 dpi (X 0.339 mm).
    { symbology: 'ean13', value: '{keystr}', xMm: 32, yMm: 4, widthMm: 32.2, heightMm: 30 },
    // 24 × 12 mm, turned 270° about (75, 22): x 69–81, y 10–34, reading upwards.
    { symbology: 'code128', value: '{extinfo}', xMm: 63, yMm: 16, widthMm: 24, heightMm: 12, rotation: 270 },
  ],
};

/** Page 1 of a PDF rendered by poppler at 300 dpi, greyscale. */
async function rendered(file: string): Promise<{ dark: (xMm: number, yMm: number) => boolean; crop: (x0: number, y0: number, x1: number, y1: number) => Promise<{ data: Uint8Array; width: number; height: number }> }> {
  const prefix = path.join(out, path.basename(file, '.pdf'));
  execFileSync('pdftoppm', ['-r', '300', '-gray', '-png', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
  const png = `${prefix}.png`;
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const px = (mm: number) => Math.round((mm * 300) / 25.4);
  return {
    dark: (xMm, yMm) => data[px(yMm) * info.width + px(xMm)]! < 128,
    crop: async (x0, y0, x1, y1) => {
      const image = await sharp(png).extract({ left: px(x0), top: px(y0), width: px(x1) - px(x0), height: px(y1) - px(y0) }).greyscale().raw().toBuffer({ resolveWithObject: true });
      return { data: new Uint8Array(image.data), width: image.info.width, height: image.info.height };
    },
  };
}

/** The extent of the ink inside a region (mm), scanned at 0.1 mm. */
function inkExtent(dark: (x: number, y: number) => boolean, x0: number, y0: number, x1: number, y1: number) {
  let ext = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  for (let x = x0; x <= x1; x += 0.1) {
    for (let y = y0; y <= y1; y += 0.1) {
      if (dark(x, y)) ext = { x0: Math.min(ext.x0, x), y0: Math.min(ext.y0, y), x1: Math.max(ext.x1, x), y1: Math.max(ext.y1, y) };
    }
  }
  return ext;
}

test('turned text, a turned rule, boxes and a second, turned barcode land where the design puts them; every code and both barcodes are verified', async () => {
  const template = parseTemplate(JSON.stringify(design), 'turned.json');
  const file = path.join(out, 'turned.pdf');
  const result = await app.exports.export({ batchId, template, out: file, verify: 'full', title: '矿泉水' });
  assert.deepEqual(result.verify.failures, [], 'the QR code and both barcodes of every label read back');
  assert.equal(result.verify.checked, 3);

  const page = await rendered(file);
  // The rule turned upright: ink at x = 86 from 15 to 45 mm down, none 1 mm beside it.
  for (const y of [16, 25, 35, 44]) assert.ok(page.dark(86, y), `rule at (86, ${y})`);
  for (const y of [16, 30, 44]) assert.ok(!page.dark(87, y) && !page.dark(85, y), `rule only 0.5 mm thick at y ${y}`);
  assert.ok(!page.dark(86, 13) && !page.dark(86, 47), 'the rule ends where it is 30 mm long');
  // The mono extinfo turned 90°: its ink is a tall narrow column in x 90–94, about 14 mm of 10 pt monospace.
  const text = inkExtent(page.dark, 87.5, 8, 99.5, 52);
  assert.ok(text.x0 >= 89.5 && text.x1 <= 94.5, `turned text within x 90–94: ${JSON.stringify(text)}`);
  assert.ok(text.y1 - text.y0 > 3 * (text.x1 - text.x0), `taller than wide: ${JSON.stringify(text)}`);
  // The black box is solid; the turned empty box has ink on its outline and none inside.
  assert.ok(page.dark(51, 51), 'black box filled');
  assert.ok(page.dark(72.7, 52) && page.dark(77.3, 52), 'empty box: its long sides, turned upright, at x 72.5 and 77.5');
  assert.ok(page.dark(75, 44.2) && !page.dark(75, 43.5), 'empty box: its short side on top at y 44');
  assert.ok(!page.dark(75, 52), 'empty box: nothing inside');
  // The second barcode turned 270°: its bars run across (a column through it crosses many bars, a row none).
  const bars = await page.crop(67, 5, 83, 39);
  assert.deepEqual(await decodeLinearBarcodes(bars, 'code128'), ['RT-0001']);
  const across = inkExtent(page.dark, 67, 20, 83, 20.05);
  assert.ok(across.x1 - across.x0 > 6, `a row through the turned bars is ink from side to side: ${JSON.stringify(across)}`);
  // The serif title and the first barcode where they always were.
  assert.ok(inkExtent(page.dark, 4, 52, 44, 58).x1 > 10, 'title printed');
  const retail = await page.crop(27, 2, 68, 35);
  assert.deepEqual(await decodeLinearBarcodes(retail, 'ean13'), ['6901234567892']);
  // A label whose second barcode does not read is named with which barcode failed.
  const content = app.db.prepare<[number], string>('SELECT content FROM codes WHERE batch_id = ? AND seq = 1').pluck().get(batchId)!;
  const blank = { data: new Uint8Array(bars.width * bars.height).fill(255), width: bars.width, height: bars.height };
  const cell = await page.crop(1, 1, 27, 27);
  const label = (second: typeof bars) => ({ cell, want: content, bars: [{ image: retail, want: '6901234567892', symbology: 'ean13' as const }, { image: second, want: 'RT-0001', symbology: 'code128' as const }] });
  assert.deepEqual(await decodeCells([label(bars)]), []);
  assert.deepEqual(await decodeCells([label(blank)]), [{ index: 0, found: null, what: 'barcode', barcode: 2 }]);
  // Subset-embedded, as Noto Sans SC: Noto Sans Mono and Noto Serif SC are in the file as subsets.
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  assert.match(fonts, /[A-Z]{6}\+NotoSansMono-Regular/);
  assert.match(fonts, /[A-Z]{6}\+NotoSerifSC-Regular/);
  assert.ok(fs.statSync(file).size < 400_000, `subsets, not whole fonts: ${fs.statSync(file).size} bytes`);
});

test('a ZPL export of the turned design prints the label as rendered and verifies every code', async () => {
  const template = parseTemplate(JSON.stringify(design), 'turned.json');
  const file = path.join(out, 'turned.zpl');
  const result = await app.exports.export({ batchId, template, out: file, format: 'zpl', verify: 'full', title: '矿泉水' });
  assert.deepEqual(result.verify.failures, []);
  assert.equal(fs.readFileSync(file, 'latin1').match(/\^XA/g)?.length, 3);
});

/** The refusal an export gets for `change` to the design, in both languages. */
async function refused(change: (t: Template) => Template, en: RegExp, zh: RegExp): Promise<void> {
  const template = change(parseTemplate(JSON.stringify(design), 'turned.json'));
  await assert.rejects(app.exports.export({ batchId, template, out: path.join(out, 'refused.pdf'), title: '矿泉水' }), (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.match(error.text.en, en);
    assert.match(error.text['zh-CN'], zh);
    return true;
  });
  assert.ok(!fs.existsSync(path.join(out, 'refused.pdf')));
}

test('the checks use the turned bounds: a text, a rule or a barcode that fits flat but not turned is refused, and the other way round', async () => {
  // The extinfo laid flat (from x 72, on y 31) runs into the turned Code 128; turned upright it was clear, as the first test printed.
  await refused((t) => ({ ...t, text: t.text.map((l, i) => (i === 0 ? { ...l, rotation: 0 } : l)) }), /Text line 1 \("RT-000\d"\) overlaps the barcode or its quiet zones/, /第 1 行文字.“RT-000\d”.压到了条码或其静区/);
  // The rule laid flat at its place (x 71–101) runs past the label's edge; turned upright it did not.
  await refused((t) => ({ ...t, shapes: t.shapes.map((s, i) => (i === 0 ? { ...s, rotation: 0 } : s)) }), /Line 1 runs past the label's edge \(71\.00–101\.00 mm across/, /线条 1 超出标签边缘/);
  // Laid over the code's quiet zone, a rule is refused as text would be.
  await refused((t) => ({ ...t, shapes: t.shapes.map((s, i) => (i === 0 ? { ...s, xMm: 10, yMm: 20, rotation: 0 } : s)) }), /Line 1 crosses the QR code's quiet zone/, /线条 1 压到了二维码的静区/);
  // The Code 128 turned 90° instead of 270° is the same box: still fine; turned flat it overlaps the EAN-13.
  await refused((t) => ({ ...t, barcodes: t.barcodes.map((b, i) => (i === 1 ? { ...b, rotation: 0 } : b)) }), /Barcode 2 or its quiet zones overlap barcode 1's/, /条码 2 或其静区与条码 1 的重叠/);
});

test('Noto Sans Mono has no Chinese: a line in it that would print Chinese is refused, naming the font and what to choose', async () => {
  await refused(
    (t) => ({ ...t, text: t.text.map((l, i) => (i === 1 ? { ...l, font: 'mono' } : l)) }),
    /Noto Sans Mono has no glyph for "品" \(U\+54C1\), "名" \(U\+540D\) in text line 2 of the design.*choose Noto Sans SC or Noto Serif SC for this line/,
    /Noto Sans Mono 没有设计的第 2 行文字中 "品" \(U\+54C1\), "名" \(U\+540D\) 的字形.*请为这一行改用 Noto Sans SC 或 Noto Serif SC/,
  );
  // The title's own characters too, named as the title.
  await refused((t) => ({ ...t, text: [t.text[0]!, { ...t.text[1]!, text: '{title}', font: 'mono' }] }), /Noto Sans Mono has no glyph for "矿" .* in the title/, /Noto Sans Mono 没有标题中 "矿"/);
});

test('a stroke the printer cannot draw is refused with the least it can; a stroke, a turn or a font outside the allowed set is refused naming the field and range', async () => {
  await refused(
    (t) => ({ ...t, printerDpi: 203, shapes: t.shapes.map((s) => ({ ...s, strokeMm: 0.15 })) }),
    /Line 1 is 0\.15 mm thick, under 2 dots \(0\.25 mm\) of a 203 dpi printer.*make its stroke at least 0\.25 mm/,
    /线条 1 粗 0\.15 毫米,不足 203 dpi 打印机的 2 个点\(0\.25 毫米\)/,
  );
  const bad = (change: Record<string, unknown>) => () => parseTemplate(JSON.stringify({ ...design, ...change }), 'bad.json');
  const both = (en: RegExp, zh: RegExp) => (error: unknown) => (assert.ok(error instanceof AppError), assert.match(error.text.en, en), assert.match(error.text['zh-CN'], zh), true);
  assert.throws(bad({ qr: { ...design.qr, rotation: 45 } }), both(/bad\.json is not a QR Pack template: Rotation \(degrees\) \(qr\.rotation\) must be one of 0, 90, 180, 270\./, /旋转\(度\)\(qr\.rotation\)须为以下之一:0、90、180、270/));
  assert.throws(bad({ shapes: [{ kind: 'line', xMm: 1, yMm: 1, lengthMm: 10, strokeMm: 9 }] }), both(/Stroke width \(mm\) \(shapes\.0\.strokeMm\) must be at most 5\./, /线宽\(毫米\)\(shapes\.0\.strokeMm\)不能大于 5/));
  assert.throws(bad({ shapes: [{ kind: 'line', xMm: 1, yMm: 1, lengthMm: 10, strokeMm: 0.01 }] }), both(/must be at least 0\.1\./, /不能小于 0\.1/));
  assert.throws(bad({ text: [{ text: 'x', xMm: 1, yMm: 5, sizePt: 6, font: 'comic' }] }), both(/Font \(text\.0\.font\) must be one of "sans", "serif", "mono"\./, /字体\(text\.0\.font\)须为以下之一:"sans"、"serif"、"mono"/));
});

test('a version 1 design (one barcode, nothing turned, one font) still opens, as version 2; saved again it is version 2', () => {
  const dir = tempDir();
  const v1 = {
    format: 'qrpack-template',
    version: 1,
    name: 'old',
    stock: 'avery-l7160',
    qr: { xMm: 3, yMm: 5, sizeMm: 20 },
    text: [{ text: '{title}', xMm: 30, yMm: 6, sizePt: 8 }],
    barcode: { symbology: 'ean13', xMm: 30, yMm: 14, widthMm: 28, heightMm: 20 },
  };
  fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify(v1));
  const store = new TemplateStore(dir);
  const [found] = store.list();
  assert.equal(found?.template.version, 2);
  assert.deepEqual(found.template.barcodes, [{ symbology: 'ean13', value: '{keystr}', xMm: 30, yMm: 14, widthMm: 28, heightMm: 20, digits: true, rotation: 0 }]);
  assert.equal(found.template.qr.rotation, 0);
  assert.deepEqual([found.template.text[0]!.font, found.template.text[0]!.rotation], ['sans', 0]);
  assert.deepEqual(found.template.shapes, []);
  assert.ok(!('barcode' in found.template));
  store.save('old', found.template, { replace: true });
  const saved = JSON.parse(fs.readFileSync(path.join(dir, 'old.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(saved.version, 2);
  assert.equal(saved.barcode, undefined);
  assert.deepEqual(parseTemplate(JSON.stringify(saved), 'old.json'), found.template, 'reads back the same');
  // Both at once is a mistake, not a guess.
  assert.throws(() => parseTemplate(JSON.stringify({ ...v1, barcodes: [v1.barcode] }), 'both.json'), /both\.json is not a QR Pack template: "barcode"/);
});
