import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { AppError } from '../../electron/core/appError';
import { cropGrey } from '../../electron/core/sheets/verify/pdfRasterizer';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { findStock } from '../../electron/core/sheets/design/stocks';
import { defaultTemplate, type Template } from '../../electron/core/sheets/design/template';
import { contentStreams, pdfStreams } from '../support/pdfInspect';
import { tempDir } from '../support/tempDir';
import { testApp } from '../support/testApp';

const PRODUCT = { keystandard: 'ean13', keystr: '6900873042720' };
const app = testApp();
const out = tempDir();
const plan = await app.batches.plan('sandbox', { product: PRODUCT, qrcodeSizePx: 100, name: '七号批次', source: { kind: 'pattern', pattern: 'LOT7-{seq:6}', start: 1, count: 150, step: 1 } });
await app.batches.run(plan.id, { concurrency: 16 });
const batchId = plan.id;
const TITLE = '示例饮料 Demo';
const l7651 = defaultTemplate('avery-l7651');

function manifestRows(file: string): Record<string, string>[] {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i]!, cell])));
}

test('a three-page sheet: geometry to 0.01 mm, one filled path per code, 100 % K, no RGB anywhere', async () => {
  const file = path.join(out, 'three.pdf');
  const manifest = path.join(out, 'three.csv');
  const result = await app.exports.export({ batchId, template: l7651, out: file, manifest, verify: 'off', title: TITLE });
  assert.equal(result.pages, 3);
  const stock = findStock('avery-l7651')!;
  const rows = manifestRows(manifest);
  assert.equal(rows.length, 150);
  assert.deepEqual(Object.keys(rows[0]!), ['extinfo', 'content', 'page', 'index', 'qr_x_mm', 'qr_y_mm', 'qr_size_mm', 'seq', 'file']);
  // The page is the die-cut sheet itself: nothing is added around it.
  const margin = 0;
  for (const row of rows) {
    const slot = Number(row.index) - 1;
    const x = margin + stock.firstXMm + (slot % stock.columns) * stock.pitchXMm + l7651.qr.xMm;
    const y = margin + stock.firstYMm + Math.floor(slot / stock.columns) * stock.pitchYMm + l7651.qr.yMm;
    assert.ok(Math.abs(Number(row.qr_x_mm) - x) < 0.01 && Math.abs(Number(row.qr_y_mm) - y) < 0.01, `${row.extinfo} at ${row.qr_x_mm},${row.qr_y_mm}`);
    assert.ok(Math.abs(Number(row.qr_size_mm) - l7651.qr.sizeMm!) < 0.01);
  }
  // The content stream places each symbol where the manifest says, to 0.01 mm.
  const streams = contentStreams(file);
  const placements = streams.flatMap((s) => [...s.matchAll(/q ([\d.]+) 0 0 [\d.]+ ([\d.]+) ([\d.]+) cm\n[\d\s]+ re/g)].map((m) => [Number(m[2]) * (25.4 / 72), Number(m[3]) * (25.4 / 72)]));
  assert.equal(placements.length, 150);
  placements.forEach(([x, y], i) => {
    assert.ok(Math.abs(x! - Number(rows[i]!.qr_x_mm)) < 0.01 && Math.abs(y! - Number(rows[i]!.qr_y_mm)) < 0.01, `label ${i + 1}`);
  });
  for (const stream of streams) {
    const ops = stream.replace(/<[0-9a-fA-F]*>/g, ' ');
    assert.doesNotMatch(ops, /\b(rg|RG|sc|SC|scn|SCN|cs|CS|g|G|Do|BI)\b/, 'only CMYK operators, no images');
    assert.match(ops, /0 0 0 1 k/);
    // One fill per symbol: as many `f` as codes on the page.
    const symbols = (ops.match(/ cm\n/g) ?? []).length;
    assert.equal((ops.match(/\bf\b/g) ?? []).length, symbols);
  }
  const info = execFileSync('pdfinfo', ['-box', file], { encoding: 'utf8' });
  const box = (name: string) => info.match(new RegExp(`${name}:\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)`))!.slice(1).map(Number);
  const pt = (mm: number) => (mm * 72) / 25.4;
  const media = box('MediaBox');
  assert.ok(Math.abs(media[2]! - pt(210 + 2 * margin)) < 0.01 && Math.abs(media[3]! - pt(297 + 2 * margin)) < 0.01);
  assert.deepEqual(box('TrimBox').map((v) => +v.toFixed(1)), [pt(margin), pt(margin), pt(margin + 210), pt(margin + 297)].map((v) => +v.toFixed(1)));
  assert.deepEqual(box('BleedBox'), box('TrimBox'), 'no bleed on a die-cut sheet (pdfinfo shows the TrimBox)');
});

test('fonts are embedded subsets, and the Chinese text is really there', async () => {
  const file = path.join(out, 'fonts.pdf');
  await app.exports.export({ batchId, template: l7651, out: file, verify: 'off', title: TITLE, range: { from: 1, to: 65 } });
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  assert.equal(fonts.length, 2);
  for (const line of fonts) assert.match(line, /^[A-Z]{6}\+NotoSansSC-(Regular|Bold)\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  assert.match(text, /示例饮料 Demo/);
  assert.match(text, /LOT7-000065/);
  assert.match(text, /batch \d+ 七号批次 · page 1\/1 · LOT7-000001 – LOT7-000065/, 'the slug line');
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  assert.match(info, /Title:\s+示例饮料 Demo — batch \d+ 七号批次/);
  assert.match(info, /Keywords:\s+qrpack; batch=\d+; range=1-65; template=avery-l7651 default/);
  assert.ok(pdfStreams(file).length > 2);
});

test('every label of a multi-page sheet decodes at 300 dpi to its logged content — ours and poppler\'s renderer', async () => {
  const file = path.join(out, 'decode.pdf');
  const manifest = path.join(out, 'decode.csv');
  const result = await app.exports.export({ batchId, template: l7651, out: file, manifest, verify: 'full', title: TITLE });
  assert.equal(result.verify.checked, 150);
  assert.deepEqual(result.verify.failures, []);
  // Independently: poppler rasterises page 2; every cell is decoded on its own.
  execFileSync('pdftoppm', ['-r', '300', '-f', '2', '-l', '2', '-gray', '-png', file, path.join(out, 'poppler')]);
  const png = fs.readdirSync(out).find((name) => name.startsWith('poppler') && name.endsWith('.png'))!;
  const { data, info } = await sharp(path.join(out, png)).greyscale().raw().toBuffer({ resolveWithObject: true });
  const image = { data: new Uint8Array(data), width: info.width, height: info.height };
  const px = 300 / 25.4;
  const rows = manifestRows(manifest).filter((r) => r.page === '2');
  assert.equal(rows.length, 65);
  const logged = new Map(app.batches.repo.codes({ batchId }).map((c) => [c.extinfo, c.content]));
  for (const row of rows) {
    const quiet = (Number(row.qr_size_mm) / 29) * 4;
    const cell = cropGrey(image, (Number(row.qr_x_mm) - quiet) * px, (Number(row.qr_y_mm) - quiet) * px, (Number(row.qr_size_mm) + 2 * quiet) * px, (Number(row.qr_size_mm) + 2 * quiet) * px);
    assert.deepEqual(await decodeQrCodes(cell), [logged.get(row.extinfo!)], row.extinfo);
  }
});

test('a text line longer than its room is shrunk to fit (not below 4 pt) rather than refused', async () => {
  const file = path.join(out, 'shrunk.pdf');
  // 5 pt on the default design: "示例饮料 Demo 550ml" needs 17.9 mm where the label leaves 16.9.
  await app.exports.export({ batchId, template: l7651, out: file, verify: 'off', title: `${TITLE} 550ml`, range: { from: 1, to: 65 } });
  const sizes = [...contentStreams(file)[0]!.matchAll(/\/(\w+) ([\d.]+) Tf/g)].map((m) => Number(m[2]));
  const titleSize = Math.min(...sizes);
  assert.ok(titleSize >= 4 && titleSize < 5, `the title drawn at ${titleSize} pt`);
});

test('templates that cannot print are refused with the reason, and nothing is written', async () => {
  const before = app.db.prepare('SELECT count(*) FROM exports').pluck().get();
  const tiny: Template = { ...l7651, qr: { ...l7651.qr, sizeMm: 5 }, printerDpi: 300 };
  // A one-line box: the text can neither shrink to 4 pt on one line nor wrap.
  const tooLong: Template = { ...l7651, text: [{ ...l7651.text[0]!, text: '{title} {title} {title}', lines: 1, minSizePt: 4 }] };
  const overQuietZone: Template = { ...l7651, text: [{ ...l7651.text[1]!, xMm: l7651.qr.xMm + 2, yMm: l7651.qr.yMm + 5 }] };
  for (const [template, en, zh] of [
    [tiny, /modules would be 0\.17 mm, below the 0\.34 mm \(4 dots\) a 300 dpi printer needs/, /300 dpi 打印机所需/],
    [tooLong, /Text line 1 \("示例饮料 Demo 示例饮料 Demo 示例饮料 Demo"\) does not fit its box \([\d.]+ mm wide, 1 line of 5 pt\) even at 4 pt: shorten the text, widen the box, or give it more lines\./, /即使缩小到 4 磅也放不进它的文本框/],
    [overQuietZone, /overlaps the code's quiet zone/, /静区/],
  ] as const) {
    const file = path.join(out, 'refused.pdf');
    await assert.rejects(app.exports.export({ batchId, template, out: file, verify: 'off', title: TITLE }), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.match(error.text.en, en);
      assert.match(error.text['zh-CN'], zh);
      return true;
    });
    assert.equal(fs.existsSync(file), false);
  }
  assert.equal(app.db.prepare('SELECT count(*) FROM exports').pluck().get(), before);
  await assert.rejects(app.exports.export({ batchId, template: l7651, out: path.join(out, 'x.pdf'), range: { from: 140, to: 151 } }), /outside batch/);
});

test('a reprint of a range, in cut-and-stack order, split into files; every export recorded with its sha256', async () => {
  const base = path.join(out, 'reprint.pdf');
  const manifest = path.join(out, 'reprint.csv');
  const result = await app.exports.export({ batchId, template: { ...l7651, order: 'cut-stack' }, out: base, manifest, verify: 'sample', range: { from: 11, to: 140 }, splitPages: 1, title: TITLE });
  assert.equal(result.pages, 2);
  assert.equal(result.reprint, true, 'earlier exports covered these codes');
  assert.deepEqual(result.files.map((f) => path.basename(f.file)), ['reprint-0001.pdf', 'reprint-0002.pdf']);
  assert.deepEqual(result.verify.failures, []);
  const rows = manifestRows(manifest);
  // Cut-and-stack: slot 1 of page 1 and 2 hold positions 11 and 12; slot 2 holds 13 and 14.
  const at = (page: string, index: string) => rows.find((r) => r.page === page && r.index === index && r.file === (page === '1' ? 'reprint-0001.pdf' : 'reprint-0002.pdf'));
  assert.equal(at('1', '1')!.seq, '11');
  assert.equal(at('1', '1')!.file, 'reprint-0001.pdf');
  assert.deepEqual([at('1', '1')!.seq, at('1', '2')!.seq, at('1', '3')!.seq], ['11', '13', '15']);
  const records = app.db.prepare<[number], { file: string; sha256: string; range_from: number; range_to: number; is_reprint: number; pages: number; verify_mode: string }>('SELECT * FROM exports WHERE batch_id = ? ORDER BY id DESC LIMIT 2').all(batchId);
  for (const record of records) {
    assert.equal(record.sha256, createHash('sha256').update(fs.readFileSync(record.file)).digest('hex'));
    assert.deepEqual([record.range_from, record.range_to, record.is_reprint, record.pages, record.verify_mode], [11, 140, 1, 1, 'sample']);
  }
});

test('PNG per label and 1-bit TIFF per sheet, at the chosen dpi, decodable', async () => {
  const png = await app.exports.export({ batchId, template: defaultTemplate('roll-50x30'), out: path.join(out, 'roll.png'), format: 'png', dpi: 300, rasterScope: 'label', range: { from: 1, to: 2 }, verify: 'full', title: TITLE });
  assert.equal(png.files.length, 2);
  assert.deepEqual([png.verify.checked, png.verify.failures.length], [2, 0], 'rasters are verified on the rasters');
  const meta = await sharp(png.files[0]!.file).metadata();
  assert.deepEqual([meta.width, meta.height, meta.channels, meta.density], [Math.round((50 * 300) / 25.4), Math.round((30 * 300) / 25.4), 1, 300]);
  const tiff = await app.exports.export({ batchId, template: defaultTemplate('roll-50x30'), out: path.join(out, 'roll.tif'), format: 'tiff', dpi: 203, range: { from: 3, to: 3 }, verify: 'off', title: TITLE });
  const tmeta = await sharp(tiff.files[0]!.file).metadata();
  assert.equal(tmeta.format, 'tiff');
  assert.deepEqual([tmeta.bitsPerSample, tmeta.space, tmeta.density], [1, 'b-w', 203]);
  assert.match(execFileSync('file', [tiff.files[0]!.file], { encoding: 'utf8' }), /bi-level group 4/);
  const grey = await sharp(tiff.files[0]!.file).greyscale().raw().toBuffer({ resolveWithObject: true });
  const content = app.batches.repo.codes({ batchId }).find((c) => c.seq === 3)!.content;
  assert.deepEqual(await decodeQrCodes({ data: new Uint8Array(grey.data), width: grey.info.width, height: grey.info.height }), [content]);
});

test('a logo is printed in grey from one embedded image, never RGB, and kept off the quiet zone', async () => {
  const logoFile = path.join(out, 'logo.png');
  // A colourful logo with transparency: it must come out grey, on white.
  await sharp({ create: { width: 120, height: 120, channels: 4, background: { r: 220, g: 30, b: 30, alpha: 0.8 } } }).png().toFile(logoFile);
  const template: Template = { ...l7651, logo: { file: logoFile, xMm: 31, yMm: 7, widthMm: 5, heightMm: 5, rotation: 0 } };
  const file = path.join(out, 'logo.pdf');
  const result = await app.exports.export({ batchId, template, out: file, range: { from: 1, to: 65 }, verify: 'full', title: TITLE });
  assert.deepEqual(result.verify.failures, []);
  const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  assert.equal(images.length, 65, 'drawn on every label');
  for (const line of images) assert.match(line, /\bgray\b/);
  assert.equal(new Set(images.map((l) => l.trim().split(/\s+/)[10])).size, 1, 'one image object, referenced 65 times');
  const overQuiet: Template = { ...l7651, logo: { file: logoFile, xMm: l7651.qr.xMm + 1, yMm: l7651.qr.yMm + 1, widthMm: 4, heightMm: 4, rotation: 0 } };
  await assert.rejects(app.exports.export({ batchId, template: overQuiet, out: path.join(out, 'bad-logo.pdf') }), /logo overlaps the code's quiet zone/);
  await assert.rejects(app.exports.export({ batchId, template: { ...template, logo: { ...template.logo!, file: '/no/such.png' } }, out: path.join(out, 'bad-logo.pdf') }), /does not exist/);
});

test("WeChat's own pic_url images, downloaded once and cached, for raster exports; refused for PDF", async () => {
  const dir = path.join(app.dataDir, 'pic-cache');
  const result = await app.exports.export({ batchId, template: defaultTemplate('avery-l7160'), out: path.join(out, 'wechat.png'), format: 'png', dpi: 300, codes: 'wechat', range: { from: 1, to: 21 }, verify: 'full', title: TITLE });
  assert.equal(result.verify.checked, 21);
  assert.deepEqual(result.verify.failures, []);
  assert.equal(fs.readdirSync(dir).filter((f) => f.endsWith('.png')).length, 21, 'each image downloaded once');
  const again = await app.exports.export({ batchId, template: defaultTemplate('avery-l7160'), out: path.join(out, 'wechat2.png'), format: 'png', dpi: 300, codes: 'wechat', range: { from: 1, to: 21 }, verify: 'sample', title: TITLE });
  assert.deepEqual(again.verify.failures, []);
  await assert.rejects(app.exports.export({ batchId, template: l7651, out: path.join(out, 'w.pdf'), codes: 'wechat' }), /a PDF keeps its codes vector in 100 % K/);
});

test('error correction H gives a bigger symbol at the same size; a batch not fully issued is refused', async () => {
  const file = path.join(out, 'h.pdf');
  const h = await app.exports.export({ batchId, template: { ...l7651, qr: { ...l7651.qr, ecc: 'H' } }, out: file, verify: 'sample', range: { from: 1, to: 5 }, title: TITLE });
  assert.deepEqual(h.verify.failures, []);
  const modules = Number(/q ([\d.]+) 0 0/.exec(contentStreams(file)[0] ?? '')![1]);
  const mModules = Number(/q ([\d.]+) 0 0/.exec(contentStreams(path.join(out, 'fonts.pdf'))[0]!)![1]);
  assert.ok(modules < mModules, 'smaller modules: more of them at H');
  const pending = await app.batches.plan('sandbox', { product: PRODUCT, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'P-{seq}', start: 1, count: 3, step: 1 } });
  await assert.rejects(app.exports.export({ batchId: pending.id, template: l7651, out: path.join(out, 'p.pdf') }), /Only 0 of the 3 codes/);
});
