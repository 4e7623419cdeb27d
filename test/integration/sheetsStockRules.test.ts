import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { findStock } from '../../electron/core/sheets/design/stocks';
import { pressMarks } from '../../electron/core/sheets/design/stockRules';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { contentStreams } from '../support/pdfInspect';
import { tempDir } from '../support/tempDir';
import { testApp } from '../support/testApp';

// Bleed and marks per stock kind, as exported: die-cut sheets and rolls refuse them, a press grid
// keeps its page the press sheet with marks on every cut line.

const app = testApp();
const out = tempDir();
const plan = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Lot 7', source: { kind: 'pattern', pattern: 'LOT7-{seq:6}', start: 1, count: 70, step: 1 } });
await app.batches.run(plan.id, { concurrency: 8 });
const batchId = plan.id;
const pt = (mm: number) => (mm * 72) / 25.4;

test('bleed or crop marks on a die-cut sheet or a roll are refused in plain words, and nothing is written', async () => {
  const file = path.join(out, 'refused.pdf');
  await assert.rejects(app.exports.export({ batchId, template: { ...defaultTemplate('avery-l7651'), bleedMm: 3, cropMarks: true }, out: file }), /avery-l7651 is a die-cut label sheet.*leave --bleed at 0 and --crop-marks off/s);
  await assert.rejects(app.exports.export({ batchId, template: { ...defaultTemplate('roll-50x30'), cropMarks: true }, out: file }), /roll-50x30 is a roll of labels/);
  await assert.rejects(app.exports.export({ batchId, template: { ...defaultTemplate('sra3-40x40'), bleedMm: 3 }, out: file }), /At most 1\.50 mm/);
  assert.deepEqual(fs.readdirSync(out), []);
});

test('a press grid with marks and bleed: the page is the SRA3 press sheet, marks on every cut line, the slug on the sheet, every code decodes', async () => {
  const file = path.join(out, 'sra3.pdf');
  const stock = findStock('sra3-40x40')!;
  const template = { ...defaultTemplate('sra3-40x40'), bleedMm: 1.5, cropMarks: true };
  await app.exports.export({ batchId, template, out: file, verify: 'full', title: 'T' });
  const info = execFileSync('pdfinfo', ['-box', file], { encoding: 'utf8' });
  const box = (name: string) => info.match(new RegExp(`${name}:\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)`))!.slice(1).map(Number);
  assert.deepEqual(box('MediaBox').map((v) => +v.toFixed(1)), [0, 0, +pt(320).toFixed(1), +pt(450).toFixed(1)], 'the page is the SRA3 press sheet, not grown');
  assert.deepEqual(box('TrimBox'), box('MediaBox'));
  const strokes = contentStreams(file).flatMap((s) => [...s.matchAll(/([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S/g)]);
  assert.equal(strokes.length, pressMarks(stock, 1.5, true).length);
  // The slug line's words lie on the sheet (poppler's word boxes), below the grid.
  const words = [...execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' }).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)];
  const slug = words.filter((w) => Number(w[2]) > pt(stock.firstYMm + 9 * stock.pitchYMm + stock.labelHeightMm));
  assert.ok(slug.some((w) => w[5] === 'QR'), 'the slug line is printed');
  for (const w of slug) assert.ok(Number(w[3]) <= pt(320) && Number(w[4]) <= pt(450), `"${w[5]}" runs off the sheet`);
  execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', file, path.join(out, 'sra3')]);
  const png = fs.readdirSync(out).find((n) => n.startsWith('sra3') && n.endsWith('.png'))!;
  const { data, info: px } = await sharp(path.join(out, png)).greyscale().raw().toBuffer({ resolveWithObject: true });
  const found = await decodeQrCodes({ data: new Uint8Array(data), width: px.width, height: px.height });
  assert.equal(new Set(found).size, 70);
});
