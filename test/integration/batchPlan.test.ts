import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QrPackApp } from '../../electron/core/app';
import { AppError } from '../../electron/core/appError';
import { expandPattern } from '../../electron/core/issuing/batchPlan';
import { PRODUCT } from '../support/sandbox';
import { testApp } from '../support/testApp';

const fileSource = (content: string, fileName = 'codes.csv', column?: string) => ({
  product: PRODUCT,
  qrcodeSizePx: 100,
  source: { kind: 'file' as const, fileName, content, column },
});

const rowCounts = (app: QrPackApp) =>
  app.db.prepare('SELECT (SELECT count(*) FROM batches) AS batches, (SELECT count(*) FROM codes) AS codes').get();

async function refused(app: QrPackApp, input: Parameters<QrPackApp['batches']['plan']>[1], expectEn: RegExp, expectZh?: RegExp): Promise<void> {
  const before = rowCounts(app);
  await assert.rejects(
    app.batches.plan('sandbox', input),
    (error: unknown) => {
      assert.ok(error instanceof AppError, String(error));
      assert.match(error.text.en, expectEn);
      if (expectZh) assert.match(error.text['zh-CN'], expectZh);
      return true;
    },
  );
  assert.deepEqual(rowCounts(app), before, 'a refused plan writes nothing');
}

test('patterns expand with zero padding, start and step', () => {
  const expanded = (...args: Parameters<typeof expandPattern>) => [...expandPattern(...args)];
  assert.deepEqual(expanded('LOT7-{seq:6}', 9, 3, 5).map((p) => p.extinfo), ['LOT7-000009', 'LOT7-000014', 'LOT7-000019']);
  assert.deepEqual(expanded('A{seq}B', 1, 2, 1).map((p) => p.extinfo), ['A1B', 'A2B']);
  assert.throws(() => expandPattern('LOT7', 1, 3, 1), /exactly one \{seq\}/);
  assert.throws(() => expandPattern('{seq}-{seq}', 1, 3, 1), /exactly one/);
  assert.throws(() => expandPattern('X{seq:2}', 95, 10, 1), /wider than \{seq:2\}/);
});

test('an accepted plan is stored whole before any call: every code pending, in order', async () => {
  const app = testApp();
  const batch = await app.batches.plan('sandbox', { ...fileSource('\uFEFFextinfo,colour\r\nA-1,red\r\n"B-2",blue\r\nC.3,green\r\n'), name: 'Lot 7' });
  assert.equal(batch.state, 'planned');
  assert.equal(batch.codeCount, 3);
  assert.equal(batch.name, 'Lot 7');
  const codes = app.batches.repo.codes({ batchId: batch.id });
  assert.deepEqual(codes.map((c) => [c.seq, c.extinfo, c.status]), [[1, 'A-1', 'pending'], [2, 'B-2', 'pending'], [3, 'C.3', 'pending']]);
});

test('bad plans are refused with the offenders and their lines, and nothing is written', async () => {
  const app = testApp();
  await refused(app, fileSource('extinfo\nA1\nA 2\nA1\nB*\n'), /line 3 "A 2"[\s\S]*duplicate: line 4 "A1" \(first at line 2\)/, /第 3 行 "A 2"/);
  await refused(app, fileSource('extinfo\nA1\n\nA3\n'), /empty extinfo: line 3/);
  await refused(app, fileSource('A1\n\nA3\n', 'codes.txt'), /empty extinfo: line 2/);
  await refused(app, fileSource('a,b\nx,y\n'), /has 2 columns \(a, b\): say which/, /请指定 extinfo 所在的列/);
  await refused(app, fileSource('a,b\nx,y\n', 'codes.csv', 'serial'), /no column "serial"/);
  await refused(app, fileSource('extinfo\n"unclosed\n'), /malformed/);
  await refused(app, fileSource(''), /empty/);
  await refused(app, fileSource(`extinfo\n${'x'.repeat(65)}\n`), /longer than 64/);
  await refused(app, fileSource('extinfo\n中文\n'), /characters other than/);
  await refused(app, { ...fileSource('extinfo\nA1\n'), qrcodeSizePx: 10 }, /qrcode_size|value in the request/);
});

test('a BOM and CRLF are read as plain UTF-8; TXT files have no header; blank lines at the end are ignored', async () => {
  const app = testApp();
  const fromTxt = await app.batches.plan('sandbox', fileSource('\uFEFFT-1\r\nT-2\r\n\r\n\r\n', 'codes.txt'));
  assert.deepEqual(app.batches.repo.codes({ batchId: fromTxt.id }).map((c) => c.extinfo), ['T-1', 'T-2']);
  const picked = await app.batches.plan('sandbox', fileSource('\uFEFFsku,serial\r\nS,P-1\r\nS,P-2\r\n', 'x.csv', 'serial'));
  assert.deepEqual(app.batches.repo.codes({ batchId: picked.id }).map((c) => c.extinfo), ['P-1', 'P-2']);
});

test('an extinfo already in the log for the same product is refused; another product or account may use it', async () => {
  const app = testApp();
  await app.batches.plan('sandbox', fileSource('extinfo\nK-1\nK-2\n'));
  await refused(app, fileSource('extinfo\nK-0\nK-2\n'), /already exist[\s\S]*line 3 "K-2" \(batch 1\)/, /日志中/);
  await app.batches.plan('sandbox', { ...fileSource('extinfo\nK-2\n'), product: { keystandard: 'ean13', keystr: '6900873042721' } });
  const other = app.accounts.ensureForAppId('wx1234567890abcdef', { apiBase: 'https://api.weixin.qq.com', tokenMode: 'stable' });
  await app.batches.plan(other.id, fileSource('extinfo\nK-2\n'));
});

test('product keys, sizes and patterns WeChat would refuse are refused before anything is written', async () => {
  const app = testApp();
  const plan = (product: { keystandard: string; keystr: string }, qrcodeSizePx = 100, pattern = 'P-{seq}', start = 1, count = 3, step = 1) => ({
    product,
    qrcodeSizePx,
    source: { kind: 'pattern' as const, pattern, start, count, step },
  });
  await refused(app, plan({ keystandard: 'ean13', keystr: 'abc' }), /An EAN-13 barcode \(ean13\) is 13 digits; "abc" is not/, /EAN-13 条码\(ean13\)应为13 位数字/);
  await refused(app, plan({ keystandard: 'foo', keystr: '123' }), /Unknown code standard "foo": use one of ean13, ean8, upc-a, upc-e, qrcode/);
  await refused(app, plan({ keystandard: 'ean13', keystr: '6'.repeat(300) }), /13 digits; "6{30}…" is not/);
  await refused(app, plan({ keystandard: 'ean13', keystr: '６９００８７３０４２７２０' }), /13 digits/);
  await refused(app, plan({ keystandard: 'ean8', keystr: '1234567' }), /8 digits/);
  for (const size of [0, 49, 2001, 100.5]) await refused(app, plan(PRODUCT, size), /--size\) is a whole number of pixels from 50 to 2000/, /50 到 2000/);
  await refused(app, plan(PRODUCT, 100, 'X{seq:100}'), /\{seq:100\}: the number of digits is from 1 to 16/);
  await refused(app, plan(PRODUCT, 100, 'X{seq}', 9007199254740990, 10), /run past 9007199254740991/);
  await refused(app, plan(PRODUCT, 100, 'X{seq}', 1, 1_000_001), /at most 1,000,000 codes/);
});

test('a huge value in a refused file is quoted short, and a CSV row too long to be a list of extinfos is refused', async () => {
  const app = testApp();
  const huge = 'y'.repeat(5000);
  let message = '';
  await refused(app, fileSource(`extinfo\n${huge}\n`), /longer than 64 characters: line 2 "y{40}…"/);
  await app.batches.plan('sandbox', fileSource(`extinfo\n${huge}\n`)).catch((error: AppError) => (message = error.text.en));
  assert.ok(message.length < 400, `the message stays short (${message.length} characters)`);
  await refused(app, fileSource(`extinfo\n"${'z'.repeat(70_000)}"\n`), /row longer than 64 KB near line/);
});

test('duplicates are found in a large plan streamed from a file, with their lines', async () => {
  const app = testApp();
  const lines = Array.from({ length: 50_000 }, (_, i) => `D-${i}`);
  lines[40_000] = 'D-7';
  await refused(app, fileSource(`${lines.join('\n')}\n`, 'codes.txt'), /1 × duplicate: line 40001 "D-7" \(first at line 8\)/);
  const accepted = await app.batches.plan('sandbox', fileSource(`${lines.map((l, i) => (i === 40_000 ? 'D-x' : l)).join('\n')}\n`, 'codes.txt'));
  assert.equal(accepted.codeCount, 50_000);
});
