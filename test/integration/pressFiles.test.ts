import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { findStock } from '../../electron/core/sheets/design/stocks';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { tempDir } from '../support/tempDir';
import { testApp } from '../support/testApp';

// The files an export leaves (issue 32): nothing that failed verification under the name a press
// operator prints, a manifest that finds its own export, raster manifests that name the images.

const app = testApp();
const out = tempDir();
const plan = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Lot 7', source: { kind: 'pattern', pattern: 'LOT7-{seq:6}', start: 1, count: 130, step: 1 } });
await app.batches.run(plan.id, { concurrency: 8 });
const batchId = plan.id;
const accountId = app.getSettings().activeAccountId;
const manifestOf = (file: string) => parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];

test('files that failed verification are kept only as NAME.failed.EXT (manifest too), never under --out', async () => {
  const template = defaultTemplate('avery-l7160');
  await app.exports.export({ batchId, template, out: path.join(out, 'first.png'), format: 'png', dpi: 300, codes: 'wechat', range: { from: 1, to: 3 }, verify: 'off', title: 'T' });
  // WeChat's image of the second code replaced by a blank one: that label no longer decodes.
  const pic = app.db.prepare('SELECT pic_url FROM codes WHERE batch_id = ? AND seq = 2').pluck().get(batchId) as string;
  const cached = app.exports['pics' as never] as { fileOf(url: string): string };
  await sharp({ create: { width: 430, height: 430, channels: 3, background: { r: 255, g: 255, b: 255 } } }).png().toFile(cached.fileOf(pic));
  const before = fs.readdirSync(out);
  const result = await app.exports.export({ batchId, template, out: path.join(out, 'bad.png'), manifest: path.join(out, 'bad.csv'), format: 'png', dpi: 300, codes: 'wechat', range: { from: 1, to: 3 }, verify: 'full', title: 'T' });
  assert.equal(result.verify.failures.length, 1);
  assert.equal(result.verify.failures[0]!.file, path.join(out, 'bad-0001.failed.png'));
  assert.deepEqual(result.files.map((f) => path.basename(f.file)), ['bad-0001.failed.png']);
  const added = fs.readdirSync(out).filter((f) => !before.includes(f)).sort();
  assert.deepEqual(added, ['bad-0001.failed.png', 'bad.failed.csv'], 'nothing under the --out or --manifest name');
  const recorded = app.db.prepare('SELECT file FROM exports ORDER BY id DESC LIMIT 1').pluck().get();
  assert.equal(recorded, path.join(out, 'bad-0001.failed.png'));
});

test('verify --manifest finds the export the manifest describes, not another with the same file name elsewhere', async () => {
  const a = path.join(out, 'a');
  const b = path.join(out, 'b');
  fs.mkdirSync(a);
  fs.mkdirSync(b);
  const template = defaultTemplate('avery-l4732');
  await app.exports.export({ batchId, template, out: path.join(a, 'avery-l4732.pdf'), manifest: path.join(a, 'avery-l4732.csv'), range: { from: 1, to: 80 }, verify: 'off', title: 'T' });
  await app.exports.export({ batchId, template, out: path.join(b, 'avery-l4732.pdf'), manifest: path.join(b, 'avery-l4732.csv'), range: { from: 1, to: 130 }, verify: 'off', title: 'T' });
  // A prepress step hands back the first export re-saved (other bytes) under another name.
  const prepress = path.join(out, 'from-prepress.pdf');
  fs.writeFileSync(prepress, await (await PDFDocument.load(fs.readFileSync(path.join(a, 'avery-l4732.pdf')))).save());
  const check = await app.exports.verifyFile(accountId, prepress, { manifest: path.join(a, 'avery-l4732.csv') });
  assert.equal(check.unchanged, false);
  assert.deepEqual([check.checked, check.failures.length], [80, 0]);
  const second = await app.exports.verifyFile(accountId, prepress.replace('.pdf', '-b.pdf'), { manifest: path.join(b, 'avery-l4732.csv') }).catch((e: Error) => e);
  assert.match(String(second), /There is no file/);
  const bPrepress = path.join(out, 'from-prepress-b.pdf');
  fs.writeFileSync(bPrepress, await (await PDFDocument.load(fs.readFileSync(path.join(b, 'avery-l4732.pdf')))).save());
  assert.deepEqual((await app.exports.verifyFile(accountId, bPrepress, { manifest: path.join(b, 'avery-l4732.csv') })).checked, 130);
});

test('raster manifests name the image each label is in; per label, the code is placed in the label; images are always numbered', async () => {
  const template = defaultTemplate('avery-l7160');
  const stock = findStock('avery-l7160')!;
  const sheets = await app.exports.export({ batchId, template, out: path.join(out, 'r.png'), manifest: path.join(out, 'r.csv'), format: 'png', dpi: 300, range: { from: 1, to: 21 }, verify: 'full', title: 'T' });
  assert.deepEqual(sheets.files.map((f) => path.basename(f.file)), ['r-0001.png'], 'one sheet: numbered as many are');
  const rows = manifestOf(path.join(out, 'r.csv'));
  assert.deepEqual([...new Set(rows.map((r) => r.file))], ['r-0001.png']);
  assert.ok(rows.every((r) => r.page === '1'));
  const labels = await app.exports.export({ batchId, template: defaultTemplate('roll-50x30'), out: path.join(out, 'l.png'), manifest: path.join(out, 'l.csv'), format: 'png', dpi: 300, rasterScope: 'label', range: { from: 1, to: 3 }, verify: 'full', title: 'T' });
  assert.deepEqual(labels.files.map((f) => path.basename(f.file)), ['l-0001.png', 'l-0002.png', 'l-0003.png']);
  const roll = defaultTemplate('roll-50x30');
  for (const [i, row] of manifestOf(path.join(out, 'l.csv')).entries()) {
    assert.equal(row.file, `l-000${i + 1}.png`);
    assert.deepEqual([row.page, row.index, Number(row.qr_x_mm), Number(row.qr_y_mm)], ['1', '1', +roll.qr.xMm.toFixed(3), +roll.qr.yMm.toFixed(3)]);
    // The code is where the manifest says in that image (cropped there with its quiet zone, it decodes).
    const image = path.join(out, row.file!);
    const px = 300 / 25.4;
    const quiet = Number(row.qr_size_mm) / 25 * 4;
    const side = Math.round((Number(row.qr_size_mm) + 2 * quiet) * px);
    const { data, info } = await sharp(image).extract({ left: Math.round((Number(row.qr_x_mm) - quiet) * px), top: Math.round((Number(row.qr_y_mm) - quiet) * px), width: side, height: side }).greyscale().raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual(await decodeQrCodes({ data: new Uint8Array(data), width: info.width, height: info.height }), [row.content]);
  }
  // A sheet-scope manifest's positions are on the sheet image.
  const slot5 = rows.find((r) => r.index === '5')!;
  assert.ok(Math.abs(Number(slot5.qr_x_mm) - (stock.firstXMm + stock.pitchXMm + template.qr.xMm)) < 0.01);
});

test("the PDF's XMP stream carries no stray /length key", async () => {
  const file = path.join(out, 'xmp.pdf');
  await app.exports.export({ batchId, template: defaultTemplate('avery-l7160'), out: file, range: { from: 1, to: 1 }, verify: 'off', title: 'T' });
  const dict = /<<[^>]*\/Type \/Metadata[^>]*>>/.exec(fs.readFileSync(file, 'latin1'))?.[0];
  assert.ok(dict, 'an XMP stream');
  assert.doesNotMatch(dict, /\/length\b/);
  assert.match(dict, /\/Length \d+/);
  execFileSync('qpdf', ['--check', file]);
});
