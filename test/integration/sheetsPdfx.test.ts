import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import PDFDocument from 'pdfkit';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { OUTPUT_INTENT, outputProfileBytes } from '../../electron/core/sheets/writers/pdf/pdfx';
import { pdfxProblems } from '../support/pdfxCheck';
import { tempDir } from '../support/tempDir';
import { testApp } from '../support/testApp';

// PDF/X-4 (ISO 15930-7) checked with the strongest free tools on Debian: qpdf --check (syntax,
// streams, cross-reference), the standard's structural list read through qpdf's JSON
// (test/support/pdfxCheck), Ghostscript rendering strictly (stop on any warning) and measuring
// ink per separation, and poppler and Ghostscript renders decoded label by label.

const app = testApp();
const out = tempDir();
const plan = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Lot <7> & "8"', source: { kind: 'pattern', pattern: 'LOT7-{seq:6}', start: 1, count: 150, step: 1 } });
await app.batches.run(plan.id, { concurrency: 16 });
const batchId = plan.id;
const logged = new Set(app.batches.repo.codes({ batchId }).map((c) => c.content));

/** Every code on a page rendered by a renderer at 300 dpi, decoded from the whole page. */
async function decodedPage(png: string): Promise<string[]> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  return decodeQrCodes({ data: new Uint8Array(data), width: info.width, height: info.height });
}

test('the output profile is a CMYK output (printer) profile of the FOGRA39 condition', () => {
  const icc = outputProfileBytes();
  assert.equal(icc.subarray(36, 40).toString('latin1'), 'acsp');
  assert.equal(icc.subarray(12, 16).toString('latin1'), 'prtr');
  assert.equal(icc.subarray(16, 20).toString('latin1'), 'CMYK');
  assert.equal(icc.readUInt32BE(0), icc.length);
  assert.equal(OUTPUT_INTENT.outputConditionIdentifier, 'FOGRA39');
});

test('every exported PDF is PDF/X-4: the claim, XMP, OutputIntent and boxes pass the structural check and qpdf --check', async () => {
  const files: string[] = [];
  const plain = path.join(out, 'plain.pdf');
  await app.exports.export({ batchId, template: defaultTemplate('avery-l7651'), out: plain, verify: 'off', title: 'Title & <more>' });
  files.push(plain);
  const split = await app.exports.export({ batchId, template: defaultTemplate('a4-25x28'), out: path.join(out, 'split.pdf'), verify: 'off', splitPages: 1, title: 'T' });
  files.push(...split.files.map((f) => f.file));
  const marked = path.join(out, 'marks.pdf');
  await app.exports.export({ batchId, template: { ...defaultTemplate('sra3-40x40'), cropMarks: true, bleedMm: 1.5 }, out: marked, verify: 'off', range: { from: 1, to: 70 }, title: 'T' });
  files.push(marked);
  assert.equal(files.length, 4);
  for (const file of files) {
    assert.deepEqual(pdfxProblems(file), [], file);
    assert.match(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' }), /No syntax or stream encoding errors/);
    const info = execFileSync('pdfinfo', ['-custom', file], { encoding: 'utf8' });
    assert.match(info, /GTS_PDFXVersion:\s+PDF\/X-4/);
    assert.equal(fs.readFileSync(file).subarray(0, 8).toString('latin1'), '%PDF-1.6');
  }
});

test('the structural check fails a PDF with no PDF/X claim (so the check above can fail)', async () => {
  const file = path.join(out, 'not-x.pdf');
  const doc = new PDFDocument({ pdfVersion: '1.7', info: { Title: 'A & B' } });
  const done = new Promise<void>((resolve) => doc.pipe(fs.createWriteStream(file)).on('finish', () => resolve()));
  doc.text('x');
  doc.end();
  await done;
  const problems = pdfxProblems(file).join('\n');
  for (const expected of [/built on PDF 1.6/, /GTS_PDFXVersion is undefined/, /Trapped/, /OutputIntents/, /xmp:ModifyDate/, /not well-formed XML/, /neither TrimBox nor ArtBox/]) {
    assert.match(problems, expected);
  }
});

test('Ghostscript renders every page without a single warning, with ink on K only; poppler and Ghostscript renders decode every label', async (t) => {
  const file = path.join(out, 'render.pdf');
  await app.exports.export({ batchId, template: defaultTemplate('avery-l7651'), out: file, verify: 'off', title: '示例 Demo' });
  // -dPDFSTOPONWARNING: Ghostscript's PDF interpreter stops at the first thing it had to repair.
  const ink = execFileSync('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-dPDFSTOPONERROR', '-dPDFSTOPONWARNING', '-sDEVICE=inkcov', '-o', '-', file], { encoding: 'utf8' });
  const pages = ink.trim().split('\n').map((line) => line.trim().split(/\s+/).slice(0, 4).map(Number));
  assert.equal(pages.length, 3);
  for (const [c, m, y, k] of pages) {
    assert.deepEqual([c, m, y], [0, 0, 0], 'no cyan, magenta or yellow ink');
    assert.ok(k! > 0.05, `black ink ${k}`);
  }
  const dir = path.join(out, 'renders');
  fs.mkdirSync(dir);
  execFileSync('pdftoppm', ['-r', '300', '-gray', '-png', file, path.join(dir, 'poppler')]);
  execFileSync('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-dPDFSTOPONERROR', '-r300', '-sDEVICE=pnggray', '-o', path.join(dir, 'gs-%d.png'), file]);
  for (const renderer of ['poppler', 'gs']) {
    await t.test(renderer, async () => {
      const found: string[] = [];
      for (const png of fs.readdirSync(dir).filter((name) => name.startsWith(renderer)).sort()) found.push(...(await decodedPage(path.join(dir, png))));
      assert.equal(found.length, 150);
      assert.equal(new Set(found).size, 150);
      for (const content of found) assert.ok(logged.has(content), content);
    });
  }
});

test('font subsets carry tags unique to their file, so merged jobs do not collide in a RIP', async () => {
  const tags: string[] = [];
  for (const name of ['tags-a.pdf', 'tags-b.pdf']) {
    const file = path.join(out, name);
    await app.exports.export({ batchId, template: defaultTemplate('avery-l7651'), out: file, verify: 'off', range: { from: 1, to: 65 }, title: '示例 Demo' });
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    assert.equal(fonts.length, 2);
    for (const line of fonts) tags.push(/^([A-Z]{6})\+NotoSansSC-(Regular|Bold)\s/.exec(line)![1]!);
  }
  assert.equal(new Set(tags).size, 4, tags.join(' '));
});
