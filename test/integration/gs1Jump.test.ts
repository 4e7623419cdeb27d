import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { runFastCli } from '../support/childProcess';
import { tempDir } from '../support/tempDir';
import { parseGs1DigitalLink } from '../../shared/jump/gs1DigitalLink';
import { gs1DigitalLinkProblem } from '../../electron/core/sheets/symbols/gs1DigitalLink';

// A brand publishes one prefix per GTIN, ending at it: every code under it is a GS1 Digital Link.
const GTIN = '06901234567892';
const PREFIX = `https://qr.brand.example/01/${GTIN}/`;
const qrpack = (data: string, args: string[]) => runFastCli(['--data', data, ...args]);

/** A 63.5 × 38.1 mm label: the code, GTIN / lot / serial / expiry beside it, GS1's line under it. */
function gs1Template(dir: string): string {
  const line = { sizePt: 7, bold: false, align: 'left', widthMm: 28, lines: 1, xMm: 32 };
  const template = {
    ...(JSON.parse(qrpack(dir, ['template', '--stock', 'avery-l7160']).stdout) as Record<string, unknown>),
    name: 'GS1 Digital Link',
    qr: { xMm: 4, yMm: 3, sizeMm: 21, ecc: 'M' },
    text: [
      { ...line, text: 'GTIN {gtin}', yMm: 4 },
      { ...line, text: 'LOT {lot}', yMm: 9 },
      { ...line, text: 'SN {serial}', yMm: 14 },
      { ...line, text: 'EXP {expiry:DD/MM/YYYY}', yMm: 19 },
      { text: '{gs1}', xMm: 2, yMm: 29.5, sizePt: 6, bold: false, align: 'left', widthMm: 59, lines: 2 },
    ],
  };
  const file = path.join(dir, 'gs1.json');
  fs.writeFileSync(file, JSON.stringify(template));
  return file;
}

test('GS1 Digital Link over the sandbox: rule, verification file, publish, 100,000 codes planned, export, verification parses each code as a till does', () => {
  const data = tempDir();
  assert.equal(qrpack(data, ['jump-rule', 'add', '--prefix', PREFIX, '--path', 'pages/product/index', '--open-version', 'release']).status, 0);
  const verifyDir = tempDir();
  const verifyFile = qrpack(data, ['jump-rule', 'verify-file', '--out', verifyDir]);
  assert.equal(verifyFile.status, 0, verifyFile.stderr);
  assert.equal(qrpack(data, ['jump-rule', 'publish', '--prefix', PREFIX]).status, 0);

  const issued = qrpack(data, ['issue', '--jump-prefix', PREFIX, '--gs1', '--product', 'ean13:6901234567892', '--lot', 'LOT7', '--expiry', '2027-06-30', '--pattern', 'S{seq:6}', '--count', '100000']);
  assert.equal(issued.status, 0, issued.stderr);
  assert.match(issued.stdout, /^batch 1\nbatch 1 done: 100,000 codes written in [\d.]+ s/);

  const db = new Database(path.join(data, 'qrpack.sqlite'), { readonly: true });
  const rows = db.prepare<[], { extinfo: string; content: string }>(`SELECT extinfo, content FROM codes WHERE batch_id = 1 AND seq IN (1, 2, 100000) ORDER BY seq`).all();
  const options = db.prepare<[], string>(`SELECT options_json FROM batches WHERE id = 1`).pluck().get()!;
  db.close();
  assert.deepEqual(JSON.parse(options), { gs1: { gtin: GTIN, lot: 'LOT7', expiry: '270630', expiryDate: '2027-06-30' } });
  assert.deepEqual(rows[0], { extinfo: 'S000001', content: `${PREFIX}10/LOT7/21/S000001?17=270630` });
  for (const row of rows) {
    assert.deepEqual(parseGs1DigitalLink(row.content), { gtin: GTIN, lot: 'LOT7', serial: row.extinfo, expiry: '270630' });
    assert.equal(gs1DigitalLinkProblem(row.content), null);
  }

  // GTIN + serial is unique (GS1): the same serials again under the prefix are refused, whatever the lot.
  const again = qrpack(data, ['issue', '--jump-prefix', PREFIX, '--gs1', '--lot', 'LOT8', '--pattern', 'S{seq:6}', '--start', '99999', '--count', '3']);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /2 serials were already planned under the prefix/);

  const out = path.join(tempDir(), 'gs1.pdf');
  const exported = qrpack(data, ['export', '1', '--template', gs1Template(tempDir()), '--out', out, '--verify', 'sample']);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, /100,000 labels on 4,762 pages/);
  assert.match(exported.stdout, /verified: 124 labels decoded one by one, 0 failed/);
});

test('verification parses each code read as a GS1 Digital Link: a log that says another serial fails it, named', () => {
  const data = tempDir();
  assert.equal(qrpack(data, ['jump-rule', 'add', '--prefix', PREFIX, '--path', 'pages/product/index', '--open-version', 'release']).status, 0);
  assert.equal(qrpack(data, ['jump-rule', 'publish', '--prefix', PREFIX]).status, 0);
  assert.equal(qrpack(data, ['issue', '--jump-prefix', PREFIX, '--gs1', '--lot', 'L/7', '--expiry', '2027-06-30', '--pattern', 'A+{seq:3}', '--count', '21']).status, 0);
  const out = path.join(tempDir(), 'gs1.pdf');
  const exported = qrpack(data, ['export', '1', '--template', gs1Template(tempDir()), '--out', out]);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, /verified: 21 labels decoded one by one, 0 failed/);
  assert.equal(qrpack(data, ['verify', out]).status, 0);

  // A stock's default design prints GS1's line in place of the serial; a label too small for it is refused, naming the line.
  const herma = qrpack(data, ['export', '1', '--stock', 'herma-4102', '--out', path.join(tempDir(), 'herma.pdf')]);
  assert.equal(herma.status, 0, herma.stderr);
  const small = qrpack(data, ['export', '1', '--stock', 'avery-l7651', '--out', path.join(tempDir(), 'small.pdf')]);
  assert.equal(small.status, 2);
  assert.match(small.stderr, /Text line 2 \("\(01\) 06901234567892 \(10\) L\/7 \(21\) A\+001.*does not fit its box/);

  // The label still reads as the URI printed, but the log's serial for it is no longer the URI's AI 21.
  const db = new Database(path.join(data, 'qrpack.sqlite'));
  db.prepare(`UPDATE codes SET extinfo = 'A+999' WHERE batch_id = 1 AND seq = 5`).run();
  db.close();
  const checked = qrpack(data, ['verify', out]);
  assert.equal(checked.status, 4, checked.stdout + checked.stderr);
  assert.match(checked.stdout, /1 of 21 labels failed:\n {2}page 1 {2}A\+999 {2}GS1 Digital Link not the log's {2}read "https:\/\/qr\.brand\.example\/01\/06901234567892\/10\/L%2F7\/21\/A%2B005\?17=270630"/);

  // Raster exports (thermal printers) parse each code read the same way.
  const png = qrpack(data, ['export', '1', '--template', gs1Template(tempDir()), '--format', 'png', '--dpi', '300', '--out', path.join(tempDir(), 'gs1.png')]);
  assert.equal(png.status, 4, png.stdout + png.stderr);
  assert.match(png.stdout, /verified: 21 labels decoded one by one, 1 failed/);
  assert.match(png.stderr, /GS1 Digital Link not the log's: A\+999 \(.*gs1-0001\.failed\.png page 1\) — read "https:\/\/qr\.brand\.example\/01\/06901234567892\/10\/L%2F7\/21\/A%2B005\?17=270630"/);
});

test('bad GS1 input: a clear refusal naming the option, in both languages, and nothing written', () => {
  const data = tempDir();
  const other = 'https://qr.brand.example/p/';
  for (const prefix of [PREFIX, other, 'https://qr.brand.example/01/06900873042720/']) {
    assert.equal(qrpack(data, ['jump-rule', 'add', '--prefix', prefix, '--path', 'pages/a', '--open-version', 'release']).status, 0);
    assert.equal(qrpack(data, ['jump-rule', 'publish', '--prefix', prefix]).status, 0);
  }
  const cases: [string[], RegExp, RegExp][] = [
    [['--jump-prefix', other, '--gs1'], /must end at the GTIN, as …\/01\/\{GTIN-14\}\//, /必须以 GTIN 结尾/],
    [['--jump-prefix', 'https://qr.brand.example/01/06900873042720/', '--gs1'], /GTIN 06900873042720: the last digit is the check digit and should be 2/, /校验位,应为 2/],
    [['--jump-prefix', PREFIX, '--gs1', '--product', 'ean13:9520123456788'], /one prefix per GTIN/, /每个 GTIN 一个前缀/],
    [['--jump-prefix', PREFIX, '--gs1', '--lot', 'LOT 7'], /Lot \(--lot\): 1 to 20/, /批号\(--lot\)/],
    [['--jump-prefix', PREFIX, '--gs1', '--expiry', '2027-02-30'], /Expiry \(--expiry\): a date as YYYY-MM-DD/, /有效期\(--expiry\)/],
    [['--jump-prefix', PREFIX, '--lot', 'LOT7'], /--lot is for GS1 Digital Link codes: add --gs1/, /请加上 --gs1/],
    [['--product', 'ean13:6901234567892', '--size', '300', '--expiry', '2027-06-30'], /--expiry goes with --jump-prefix URL --gs1/, /--expiry 须与/],
  ];
  for (const [args, en, zh] of cases) {
    const full = ['issue', ...args, '--pattern', 'S{seq:3}', '--count', '3'];
    const inEnglish = qrpack(data, full);
    assert.equal(inEnglish.status, 2, `${args.join(' ')}\n${inEnglish.stderr}`);
    assert.match(inEnglish.stderr, en);
    assert.doesNotMatch(inEnglish.stderr, /bwipp|at .*\.js|Error:/);
    assert.match(qrpack(data, ['--lang', 'zh-CN', ...full]).stderr, zh);
  }
  const badSerials = qrpack(data, ['issue', '--jump-prefix', PREFIX, '--gs1', '--csv', writeSerials(['S1', 'S 2', 'x'.repeat(21), '序列'])]);
  assert.equal(badSerials.status, 2);
  assert.match(badSerials.stderr, /2 × characters GS1 does not allow in a serial \(AI 21 takes letters/);
  assert.match(badSerials.stderr, /1 × longer than 20 characters \(GS1's limit for AI 21\): line 3/);
  assert.equal(qrpack(data, ['batches', '--json']).stdout.trim(), '[]', 'nothing was planned');
});

function writeSerials(serials: string[]): string {
  const file = path.join(tempDir(), 'serials.txt');
  fs.writeFileSync(file, serials.join('\n'));
  return file;
}
