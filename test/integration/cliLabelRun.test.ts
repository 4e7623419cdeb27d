import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { PDFDocument, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { findStock } from '../../electron/core/sheets/design/stocks';
import { cropGrey } from '../../electron/core/sheets/verify/pdfRasterizer';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { runFastCli } from '../support/childProcess';
import { tempDir } from '../support/tempDir';

// #27: a partly used sheet (--start-at) and copies (--copies-per-code, --repeat), through the
// built CLI (`npm run build` first), read back by qrpack verify and by poppler.

const data = tempDir();
const dir = tempDir();
const qrpack = (args: string[], lang = 'en') => runFastCli(['--data', data, '--lang', lang, ...args]);
const l7160 = findStock('avery-l7160')!;

const issued = qrpack(['issue', '--product', 'ean13:6900873042720', '--size', '100', '--pattern', 'R-{seq:4}', '--count', '30']);
assert.equal(issued.status, 0, issued.stderr);

const manifestOf = (file: string) => parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];

test('--start-at 5 with 2 labels per code, the run twice: every label at its position, copies named, verified', async () => {
  const out = path.join(dir, 'run.pdf');
  const csv = path.join(dir, 'run.csv');
  const r = qrpack(['export', '1', '--stock', 'avery-l7160', '--out', out, '--manifest', csv, '--start-at', '5', '--copies-per-code', '2', '--repeat', '2']);
  assert.equal(r.status, 0, r.stderr);
  // 30 codes × 2 × 2 = 120 labels after 4 empty positions: 124 positions, 6 sheets of 21.
  assert.match(r.stdout, /120 labels on 6 pages/);
  assert.match(r.stdout, /starting at label 5 of the first sheet \(positions 1-4 left empty\); each code on 2 consecutive labels; the whole run 2 times/);
  assert.match(r.stdout, /verified: 120 labels decoded one by one, 0 failed/);

  const rows = manifestOf(csv);
  assert.equal(rows.length, 120);
  rows.forEach((row, n) => {
    const position = n + 4;
    const code = Math.floor((n % 60) / 2) + 1;
    const copy = Math.floor(n / 60) * 2 + (n % 2) + 1;
    assert.deepEqual(
      [row.extinfo, row.page, row.index, row.copy, row.copies, row.seq],
      [`R-${String(code).padStart(4, '0')}`, String(Math.floor(position / 21) + 1), String((position % 21) + 1), String(copy), '4', String(code)],
      `label ${n + 1}`,
    );
  });
  // The manifest's millimetres are the die-cut's: the first label in the second column of row 2.
  const first = rows[0]!;
  const origin = { xMm: l7160.firstXMm + l7160.pitchXMm, yMm: l7160.firstYMm + l7160.pitchYMm };
  assert.ok(Number(first.qr_x_mm) > origin.xMm && Number(first.qr_x_mm) < origin.xMm + l7160.labelWidthMm, first.qr_x_mm);
  assert.ok(Number(first.qr_y_mm) > origin.yMm && Number(first.qr_y_mm) < origin.yMm + l7160.labelHeightMm, first.qr_y_mm);

  assert.match(execFileSync('pdfinfo', [out], { encoding: 'utf8' }), /Keywords:\s+qrpack; batch=1; range=1-30; template=.*; start-at=5; copies-per-code=2; repeat=2/);
  // qrpack verify reads the file back at the recorded positions (copies are each their code's,
  // not a duplicate), also found through its manifest when renamed.
  const verified = qrpack(['verify', out, '--manifest', csv]);
  assert.equal(verified.status, 0, verified.stderr + verified.stdout);
  assert.match(verified.stdout, /^120 labels decoded one by one, all match the log/);
  const renamed = path.join(dir, 'renamed.pdf');
  fs.copyFileSync(out, renamed);
  fs.rmSync(out);
  const found = qrpack(['verify', renamed, '--manifest', csv]);
  assert.equal(found.status, 0, found.stderr + found.stdout);
  assert.match(found.stdout, /^120 labels decoded one by one, all match the log \(export 1,/);

  // Independently, poppler's render of the first sheet: positions 1-4 hold no code, 5 and 6 the
  // first code twice, 7 the second.
  execFileSync('pdftoppm', ['-r', '200', '-f', '1', '-l', '1', '-gray', '-png', renamed, path.join(dir, 'sheet')]);
  const png = fs.readdirSync(dir).find((name) => name.startsWith('sheet') && name.endsWith('.png'))!;
  const { data: pixels, info } = await sharp(path.join(dir, png)).greyscale().raw().toBuffer({ resolveWithObject: true });
  const image = { data: new Uint8Array(pixels), width: info.width, height: info.height };
  const px = 200 / 25.4;
  const labelAt = (slot: number) =>
    cropGrey(image, (l7160.firstXMm + (slot % 3) * l7160.pitchXMm) * px, (l7160.firstYMm + Math.floor(slot / 3) * l7160.pitchYMm) * px, l7160.labelWidthMm * px, l7160.labelHeightMm * px);
  for (const slot of [0, 1, 2, 3]) {
    assert.deepEqual(await decodeQrCodes(labelAt(slot)), [], `position ${slot + 1} is left empty`);
    assert.ok(labelAt(slot).data.every((v) => v > 200), `nothing printed at position ${slot + 1}`);
  }
  assert.deepEqual(await decodeQrCodes(labelAt(4)), [rows[0]!.content]);
  assert.deepEqual(await decodeQrCodes(labelAt(5)), [rows[0]!.content]);
  assert.deepEqual(await decodeQrCodes(labelAt(6)), [rows[2]!.content]);
});

test('raster sheets and a roll\'s ZPL take copies; a PNG sheet starts at its label too', () => {
  const base = path.join(dir, 'sheet-png');
  const png = qrpack(['export', '1', '--stock', 'avery-l7160', '--format', 'png', '--dpi', '300', '--out', `${base}.png`, '--manifest', `${base}.csv`, '--start-at', '20', '--range', '1-3', '--copies-per-code', '2']);
  assert.equal(png.status, 0, png.stderr);
  assert.match(png.stdout, /verified: 6 labels decoded one by one, 0 failed/);
  const rows = manifestOf(`${base}.csv`);
  assert.deepEqual(rows.map((r) => [r.extinfo, r.index, r.file, r.copy]), [
    ['R-0001', '20', 'sheet-png-0001.png', '1'],
    ['R-0001', '21', 'sheet-png-0001.png', '2'],
    ['R-0002', '1', 'sheet-png-0002.png', '1'],
    ['R-0002', '2', 'sheet-png-0002.png', '2'],
    ['R-0003', '3', 'sheet-png-0002.png', '1'],
    ['R-0003', '4', 'sheet-png-0002.png', '2'],
  ]);

  const zpl = path.join(dir, 'roll.zpl');
  const roll = qrpack(['export', '1', '--stock', 'roll-50x30', '--format', 'zpl', '--printer-dpi', '300', '--out', zpl, '--range', '1-5', '--copies-per-code', '3', '--repeat', '2']);
  assert.equal(roll.status, 0, roll.stderr);
  assert.equal(fs.readFileSync(zpl, 'utf8').match(/\^XA/g)!.length, 30);
  assert.match(roll.stdout, /verified: 30 labels decoded/);
});

test('a start, copies or repeat out of range is refused naming the option and its range, in both languages, and nothing is written', () => {
  const out = path.join(dir, 'refused.pdf');
  const cases: [string[], RegExp, RegExp][] = [
    [['--stock', 'avery-l7160', '--start-at', '22'], /--start-at: a whole number from 1 to 21 is required \(got "22"\)/, /--start-at:须为1 到 21 之间的整数/],
    [['--stock', 'avery-l7160', '--start-at', '0'], /--start-at: a whole number from 1 to 21/, /--start-at:须为1 到 21/],
    [['--stock', 'avery-l7651', '--start-at', 'five'], /--start-at: a whole number from 1 to 65/, /--start-at:须为1 到 65/],
    [['--stock', 'roll-50x30', '--start-at', '3'], /Start at label \(--start-at\) is for a sheet partly used before: roll-50x30 is a roll/, /起始标签.--start-at.用于已用过一部分的标签纸:roll-50x30 是卷筒标签/],
    [['--stock', 'avery-l7160', '--order', 'cut-stack', '--start-at', '3'], /works with the sequence order/, /只用于顺序排列/],
    [['--stock', 'avery-l7160', '--copies-per-code', '0'], /--copies-per-code: a whole number from 1 to 100/, /--copies-per-code:须为1 到 100 之间的整数/],
    [['--stock', 'avery-l7160', '--repeat', '101'], /--repeat: a whole number from 1 to 100/, /--repeat:须为1 到 100 之间的整数/],
  ];
  const exportsBefore = qrpack(['info', '--json']).stdout;
  for (const [args, en, zh] of cases) {
    const r = qrpack(['export', '1', '--out', out, ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, en);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+|ZodError/);
    assert.match(qrpack(['export', '1', '--out', out, ...args], 'zh-CN').stderr, zh);
    assert.equal(fs.existsSync(out), false, 'nothing written');
  }
  assert.equal(qrpack(['info', '--json']).stdout, exportsBefore);
});

test('qrpack export --help says what each option means, apart from the printer\'s copies', () => {
  const help = qrpack(['help', 'export']).stdout;
  assert.match(help, /--start-at N {6}a sheet partly used before/);
  assert.match(help, /--copies-per-code K {2}each code on K consecutive labels/);
  assert.match(help, /--repeat K {8}the whole run K times over in the file/);
  assert.match(help, /unlike qrpack print --copies/);
  assert.match(qrpack(['help', 'print']).stdout, /--copies N {7}1-999 copies of the file, collated, made by the printer \(default 1\);\n {19}labels repeated inside the file: qrpack export --copies-per-code \/ --repeat/);
});

test('a copy covered after export fails verify on its own, named with its page: each position is checked, not each code once', async () => {
  const out = path.join(dir, 'copies.pdf');
  const csv = path.join(dir, 'copies.csv');
  const r = qrpack(['export', '1', '--stock', 'avery-l7160', '--out', out, '--manifest', csv, '--range', '1-10', '--start-at', '3', '--copies-per-code', '3', '--verify', 'off']);
  assert.equal(r.status, 0, r.stderr);
  const rows = manifestOf(csv);
  // The second copy of R-0007: the first label of the second sheet (2 positions skipped, 19 labels before it).
  const second = rows.find((row) => row.extinfo === 'R-0007' && row.copy === '2')!;
  assert.deepEqual([second.page, second.index], ['2', '1']);
  const pdf = await PDFDocument.load(fs.readFileSync(out));
  const page = pdf.getPage(Number(second.page) - 1);
  const ptPerMm = 72 / 25.4;
  const size = Number(second.qr_size_mm) * ptPerMm;
  page.drawRectangle({ x: Number(second.qr_x_mm) * ptPerMm, y: page.getHeight() - Number(second.qr_y_mm) * ptPerMm - size, width: size, height: size, color: rgb(1, 1, 1) });
  const covered = path.join(dir, 'copies-covered.pdf');
  fs.writeFileSync(covered, await pdf.save());
  const failed = qrpack(['verify', covered, '--manifest', csv]);
  assert.equal(failed.status, 4, failed.stderr + failed.stdout);
  assert.match(failed.stdout, /1 of 30 labels failed:\n {2}page 2 {2}R-0007 {2}read nothing decodable\n$/);
});
