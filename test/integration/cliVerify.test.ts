import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { PDFDocument, rgb } from 'pdf-lib';
import { runFastCli } from '../support/childProcess';
import { overCodes } from '../support/pdfTamper';
import { tempDir } from '../support/tempDir';

const data = tempDir();
const dir = tempDir();
const qrpack = (args: string[], lang = 'en') => runFastCli(['--data', data, '--lang', lang, ...args]);
const PT_PER_MM = 72 / 25.4;

const issued = qrpack(['issue', '--product', 'ean13:6900873042720', '--size', '100', '--pattern', 'V-{seq:4}', '--count', '130']);
assert.equal(issued.status, 0, issued.stderr);
const exported = qrpack(['export', '1', '--stock', 'avery-l7651', '--out', path.join(dir, 'lot.pdf'), '--manifest', path.join(dir, 'lot.csv'), '--verify', 'off']);
assert.equal(exported.status, 0, exported.stderr);
const manifest = parse(fs.readFileSync(path.join(dir, 'lot.csv'), 'utf8'), { columns: true }) as Record<string, string>[];

/** The exported PDF with a white box laid over one label's code, as a later overlay might. */
async function covered(label: Record<string, string>, out: string): Promise<void> {
  const pdf = await PDFDocument.load(fs.readFileSync(path.join(dir, 'lot.pdf')));
  const page = pdf.getPage(Number(label.page) - 1);
  const size = Number(label.qr_size_mm) * PT_PER_MM;
  page.drawRectangle({ x: Number(label.qr_x_mm) * PT_PER_MM, y: page.getHeight() - Number(label.qr_y_mm) * PT_PER_MM - size, width: size, height: size, color: rgb(1, 1, 1) });
  fs.writeFileSync(out, await pdf.save());
}

test('qrpack verify: an intact export passes, every label decoded against the log', () => {
  const ok = qrpack(['verify', path.join(dir, 'lot.pdf')]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout.trim(), '130 labels decoded one by one, all match the log (export 1, batch 1)');
});

test('a code covered after export fails verify, named by extinfo and page; found through the manifest when renamed', async () => {
  const label = manifest.find((row) => row.page === '2' && row.index === '7')!;
  const prepress = path.join(dir, 'from-prepress.pdf');
  await covered(label, prepress);
  const named = qrpack(['verify', prepress]);
  assert.equal(named.status, 2, 'a renamed file alone is not found');
  assert.match(named.stderr, /is not a PDF exported from this data folder's log .* Give --manifest/);

  const failed = qrpack(['verify', prepress, '--manifest', path.join(dir, 'lot.csv')]);
  assert.equal(failed.status, 4, failed.stderr);
  assert.match(failed.stdout, /^note: the file changed since it was exported/);
  assert.match(failed.stdout, new RegExp(`1 of 130 labels failed:\\n {2}page 2 {2}${label.extinfo} {2}read nothing decodable\\n$`));
  const zh = qrpack(['verify', prepress, '--manifest', path.join(dir, 'lot.csv')], 'zh-CN');
  assert.equal(zh.status, 4);
  assert.match(zh.stdout, new RegExp(`130 个标签中有 1 个未通过:\\n {2}第 2 页 {2}${label.extinfo} {2}读到 无法解码`));
});

test('a code replaced by another that reads well fails verify, with what it read: the file is decoded, not trusted', async () => {
  const label = manifest.find((row) => row.page === '1' && row.index === '12')!;
  const other = manifest.find((row) => row.page === '2' && row.index === '3')!;
  const swapped = path.join(dir, 'swapped.pdf');
  fs.copyFileSync(path.join(dir, 'lot.pdf'), swapped);
  await overCodes(swapped, [{ spot: label, content: other.content! }]);
  const failed = qrpack(['verify', swapped, '--manifest', path.join(dir, 'lot.csv')]);
  assert.equal(failed.status, 4, failed.stderr);
  assert.ok(failed.stdout.endsWith(`1 of 130 labels failed:\n  page 1  ${label.extinfo}  read "${other.content}"\n`), failed.stdout);
});

test('verify refuses what is not an export of this log, in both languages', async () => {
  const blank = await PDFDocument.create();
  blank.addPage();
  const other = path.join(dir, 'other.pdf');
  fs.writeFileSync(other, await blank.save());
  for (const [args, en, zh] of [
    [['verify', other], /other\.pdf is not a PDF exported from this data folder's log/, /other\.pdf 不是从此数据文件夹的日志导出的 PDF/],
    [['verify', path.join(dir, 'missing.pdf')], /There is no file .*missing\.pdf/, /文件 .*missing\.pdf 不存在/],
    [['verify'], /verify: give the PDF/, /verify:请给出 PDF 文件/],
  ] as const) {
    const r = qrpack([...args]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, en);
    assert.match(qrpack([...args], 'zh-CN').stderr, zh);
  }
});
