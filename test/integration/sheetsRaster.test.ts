import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { tempDir } from '../support/tempDir';
import { testApp } from '../support/testApp';

// The raster writer: 1-bit PNG as the help says, TIFF G4 stored min-is-white as label printers
// and RIPs expect; each read back from the file by an independent reader and decoded.

const app = testApp();
const out = tempDir();
const plan = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Lot 7', source: { kind: 'pattern', pattern: 'LOT7-{seq:6}', start: 1, count: 21, step: 1 } });
await app.batches.run(plan.id, { concurrency: 8 });
const batchId = plan.id;
const contents = new Set(app.batches.repo.codes({ batchId }).map((c) => c.content));

/** A PNG's IHDR: bit depth and colour type (0 = greyscale). */
function pngHeader(file: string): { bitDepth: number; colourType: number } {
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return { bitDepth: bytes[24]!, colourType: bytes[25]! };
}

async function decodedFile(file: string): Promise<string[]> {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  return decodeQrCodes({ data: new Uint8Array(data), width: info.width, height: info.height });
}

test('--format png writes 1-bit greyscale PNGs, and every code in them decodes', async () => {
  const result = await app.exports.export({ batchId, template: defaultTemplate('avery-l7160'), out: path.join(out, 'sheet.png'), format: 'png', dpi: 300, verify: 'full', title: 'T' });
  assert.deepEqual([result.verify.checked, result.verify.failures.length], [21, 0]);
  const file = result.files[0]!.file;
  assert.deepEqual(pngHeader(file), { bitDepth: 1, colourType: 0 });
  assert.match(execFileSync('file', [file], { encoding: 'utf8' }), /1-bit grayscale/);
  const found = await decodedFile(file);
  assert.equal(found.length, 21);
  for (const content of found) assert.ok(contents.has(content), content);
  const labels = await app.exports.export({ batchId, template: defaultTemplate('roll-50x30'), out: path.join(out, 'label.png'), format: 'png', dpi: 203, rasterScope: 'label', range: { from: 1, to: 2 }, verify: 'full', title: 'T' });
  for (const f of labels.files) assert.deepEqual(pngHeader(f.file), { bitDepth: 1, colourType: 0 });
});

test('--format tiff is 1-bit G4 stored min-is-white: paper reads white, the code black, and it decodes', async () => {
  const result = await app.exports.export({ batchId, template: defaultTemplate('roll-50x30'), out: path.join(out, 'roll.tif'), format: 'tiff', dpi: 300, range: { from: 1, to: 1 }, verify: 'full', title: 'T' });
  const file = result.files[0]!.file;
  const described = execFileSync('file', [file], { encoding: 'utf8' });
  assert.match(described, /bps=1/);
  assert.match(described, /bi-level group 4/);
  assert.match(described, /PhotometricInterpretation=WhiteIsZero/);
  const { data } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  assert.equal(data[0], 255, 'the label corner is paper');
  assert.ok(data.includes(0), 'something is printed');
  assert.deepEqual(await decodedFile(file), [app.batches.repo.codes({ batchId }).find((c) => c.seq === 1)!.content]);
});
