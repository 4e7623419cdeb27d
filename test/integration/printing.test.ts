import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { CLI_ENTRY } from '../support/childProcess';
import { cupsMissing, printedPdfs, startCups, type TestCups } from '../support/cups';
import { projectRoot } from '../support/projectPaths';
import { tempDir } from '../support/tempDir';
import { renderZpl } from '../support/zplRender';

// Printing from QR Pack on a real CUPS: a cupsd of the test's own with Debian's virtual PDF
// printer (cups-pdf), whose PDFs are counted and decoded; and raw ZPL to a port 9100 server.

const env = (lang: string, extra: Record<string, string> = {}) => ({ ...process.env, LANG: lang, ...extra });
const qrpack = (args: string[], extra: Record<string, string> = {}, lang = 'en_US.UTF-8') =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args], { cwd: projectRoot, encoding: 'utf8', env: env(lang, extra) });

const data = tempDir();
const dir = tempDir();
assert.equal(qrpack(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'P-{seq:4}', '--count', '30']).status, 0);
const sheets = qrpack(['--data', data, 'export', '1', '--stock', 'avery-l7160', '--out', path.join(dir, 'lot.pdf'), '--title', 'T']);
assert.equal(sheets.status, 0, sheets.stderr);
const pdfExport = /lot\.pdf {2}2 pages {2}sha256 [0-9a-f]{64} {2}export (\d+)/.exec(sheets.stdout)![1]!;
const roll = qrpack(['--data', data, 'export', '1', '--stock', 'roll-50x30', '--format', 'zpl', '--printer-dpi', '300', '--range', '1-3', '--out', path.join(dir, 'roll.zpl'), '--title', '样品']);
assert.equal(roll.status, 0, roll.stderr);
const contents = execFileSync(process.execPath, ['--import', 'tsx', CLI_ENTRY, '--data', data, 'log', '--csv'], { cwd: projectRoot, encoding: 'utf8', env: env('en_US.UTF-8') })
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',')[6]!);

/** Every code on each page of a PDF, read from poppler's render at 300 dpi. */
async function decodedPages(file: string): Promise<string[][]> {
  const prefix = path.join(tempDir(), 'page');
  execFileSync('pdftoppm', ['-r', '300', '-gray', '-png', file, prefix], { stdio: 'pipe' });
  const pages = fs.readdirSync(path.dirname(prefix)).sort().map((f) => path.join(path.dirname(prefix), f));
  return Promise.all(
    pages.map(async (page) => {
      const { data: grey, info } = await sharp(page).greyscale().raw().toBuffer({ resolveWithObject: true });
      return (await decodeQrCodes({ data: new Uint8Array(grey), width: info.width, height: info.height })).sort();
    }),
  );
}

/** A label printer's raw port on 127.0.0.1: what one connection sends, as text once it closes. */
async function labelPrinter(): Promise<{ port: number; received: Promise<string> }> {
  let done: (zpl: string) => void;
  const received = new Promise<string>((resolve) => (done = resolve));
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => {
      server.close();
      done(Buffer.concat(chunks).toString('latin1'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => server.close());
  return { port: (server.address() as net.AddressInfo).port, received };
}

const missing = cupsMissing();
const cups: TestCups | undefined = missing ? undefined : await startCups(tempDir());
after(() => cups?.stop());
const started = (): TestCups => cups!;

test('qrpack printers and qrpack print EXPORT on a real CUPS: 100 %, copies collated, a page range; every printed code decodes', { skip: missing ?? false }, async () => {
  const cups = started();
  const server = { CUPS_SERVER: cups.server };
  const printers = qrpack(['printers'], server);
  assert.equal(printers.status, 0, printers.stderr);
  assert.match(printers.stdout, new RegExp(`^. ${cups.queue} +cups-pdf:/`, 'm'));
  const listed = qrpack(['printers', '--json'], server);
  assert.deepEqual(JSON.parse(listed.stdout), [{ name: cups.queue, device: `cups-pdf:/qrpacktest-${cups.server.split(':')[1]}`, isDefault: false }]);

  const printed = qrpack(['--data', data, 'print', pdfExport, '--printer', cups.queue, '--copies', '2'], server);
  assert.equal(printed.status, 0, printed.stderr);
  assert.match(printed.stdout, new RegExp(`sent to ${cups.queue} \\(job ${cups.queue}-\\d+\\): 2 pages × 2 copies, at 100 %`));
  const [first] = await printedPdfs(cups, 1);
  const firstSheets = contents.slice(0, 21).sort();
  const secondSheet = contents.slice(21, 30).sort();
  // Two copies of two sheets, collated: 1, 2, 1, 2 — each code where the export put it.
  assert.deepEqual(await decodedPages(first!), [firstSheets, secondSheet, firstSheets, secondSheet]);
  // The page CUPS printed is the export's A4 page, not a page fitted to another paper.
  assert.match(execFileSync('pdfinfo', [first!], { encoding: 'utf8' }), /Page size: +595(\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);

  const second = qrpack(['--data', data, 'print', path.join(dir, 'lot.pdf'), '--printer', cups.queue, '--pages', '2-2'], server);
  assert.equal(second.status, 0, second.stderr);
  const both = await printedPdfs(cups, 2);
  assert.deepEqual(await decodedPages(both.find((f) => f !== first)!), [secondSheet]);
});

test('print refuses in plain words, en and zh-CN: an unknown printer (listing them), copies outside 1-999, pages outside the file', { skip: missing ?? false }, async () => {
  const cups = started();
  const server = { CUPS_SERVER: cups.server };
  const literal = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const cases: [string[], RegExp, RegExp][] = [
    [['--printer', 'Nowhere'], new RegExp(`There is no printer "Nowhere" \\(--printer\\)\\. The printers here: ${cups.queue}\\.`), literal(`没有名为“Nowhere”的打印机(--printer)。本机的打印机:${cups.queue}。`)],
    [['--printer', cups.queue, '--copies', '1000'], /--copies.*1.*999/, /--copies.*1.*999/],
    [['--printer', cups.queue, '--copies', '0'], /--copies.*1.*999/, /--copies.*1.*999/],
    [['--printer', cups.queue, '--copies', 'two'], /--copies.*1.*999/, /--copies.*1.*999/],
    [['--printer', cups.queue, '--pages', '2-3'], /Pages 2-3 \(--pages\) are outside lot\.pdf, which has 2 pages \(1-2\)/, literal('页码 2-3(--pages)超出了 lot.pdf 的范围,该文件共 2 页(1-2)')],
  ];
  const jobsBefore = fs.readdirSync(cups.outDir).length;
  for (const [args, en, zh] of cases) {
    const file = args.includes('2-3') ? path.join(dir, 'lot.pdf') : pdfExport;
    const english = qrpack(['--data', data, 'print', file, ...args], server);
    assert.notEqual(english.status, 0);
    assert.match(english.stderr, en);
    assert.doesNotMatch(english.stderr, /\n\s+at /, 'no stack');
    const chinese = qrpack(['--data', data, '--lang', 'zh-CN', 'print', file, ...args], server);
    assert.notEqual(chinese.status, 0);
    assert.match(chinese.stderr, zh);
  }
  assert.equal(fs.readdirSync(cups.outDir).length, jobsBefore, 'nothing printed');
});

test('ZPL to a CUPS queue goes raw (lp -o raw) to the label printer behind it, which gets the labels as written; each renders and decodes', { skip: missing ?? false }, async () => {
  const cups = started();
  const printer = await labelPrinter();
  // A label printer on the network, as CUPS knows one: a raw queue on its port 9100.
  cups.addRawQueue('qrpack-zpl', `socket://127.0.0.1:${printer.port}`);
  const sent = qrpack(['--data', data, 'print', path.join(dir, 'roll.zpl'), '--printer', 'qrpack-zpl', '--pages', '1-2'], { CUPS_SERVER: cups.server });
  assert.equal(sent.status, 0, sent.stderr);
  const zpl = await printer.received;
  const labels = await renderZpl(zpl, { widthMm: 50, heightMm: 30, dotsPerMm: 12 });
  assert.deepEqual(await Promise.all(labels.map((label) => decodeQrCodes(label))), [[contents[0]], [contents[1]]]);
});

test('with no CUPS running, printers and print say so in plain words, en and zh-CN', async () => {
  const nobody = { CUPS_SERVER: '127.0.0.1:1' };
  const english = qrpack(['printers'], nobody);
  assert.notEqual(english.status, 0);
  assert.match(english.stderr, /The printing service \(CUPS\) is not running on this computer/);
  // A terminal keeps the CLI's way round CUPS: a label printer's raw port.
  assert.match(english.stderr, /--printer socket:\/\/HOST:9100/);
  const chinese = qrpack(['--lang', 'zh-CN', '--data', data, 'print', pdfExport, '--printer', 'Office'], nobody);
  assert.notEqual(chinese.status, 0);
  assert.match(chinese.stderr, /本机的打印服务\(CUPS\)没有运行/);
  assert.match(chinese.stderr, /--printer socket:\/\/主机:9100/);
});

test('ZPL raw to a label printer\'s port 9100: the bytes arrive as written, labels and copies in order, and each renders and decodes', async () => {
  const printer = await labelPrinter();
  const sent = qrpack(['--data', data, 'print', path.join(dir, 'roll.zpl'), '--printer', `socket://127.0.0.1:${printer.port}`, '--pages', '2-3', '--copies', '2']);
  assert.equal(sent.status, 0, sent.stderr);
  assert.match(sent.stdout, new RegExp(`sent to socket://127.0.0.1:${printer.port}: 2 pages × 2 copies`));
  const zpl = await printer.received;
  const labels = await renderZpl(zpl, { widthMm: 50, heightMm: 30, dotsPerMm: 12 });
  const found = await Promise.all(labels.map((label) => decodeQrCodes(label)));
  assert.deepEqual(found, [[contents[1]], [contents[2]], [contents[1]], [contents[2]]]);
  const refused = qrpack(['--data', data, 'print', path.join(dir, 'lot.pdf'), '--printer', `socket://127.0.0.1:${printer.port}`]);
  assert.match(refused.stderr, /raw port .* takes ZPL only/);
});
