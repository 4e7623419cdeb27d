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

function refused(app: QrPackApp, input: Parameters<QrPackApp['batches']['plan']>[1], expectEn: RegExp, expectZh?: RegExp): void {
  const before = rowCounts(app);
  assert.throws(
    () => app.batches.plan('sandbox', input),
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
  assert.deepEqual(expandPattern('LOT7-{seq:6}', 9, 3, 5).map((p) => p.extinfo), ['LOT7-000009', 'LOT7-000014', 'LOT7-000019']);
  assert.deepEqual(expandPattern('A{seq}B', 1, 2, 1).map((p) => p.extinfo), ['A1B', 'A2B']);
  assert.throws(() => expandPattern('LOT7', 1, 3, 1), /exactly one \{seq\}/);
  assert.throws(() => expandPattern('{seq}-{seq}', 1, 3, 1), /exactly one/);
  assert.throws(() => expandPattern('X{seq:2}', 95, 10, 1), /wider than \{seq:2\}/);
});

test('an accepted plan is stored whole before any call: every code pending, in order', () => {
  const app = testApp();
  const batch = app.batches.plan('sandbox', { ...fileSource('\uFEFFextinfo,colour\r\nA-1,red\r\n"B-2",blue\r\nC.3,green\r\n'), name: 'Lot 7' });
  assert.equal(batch.state, 'planned');
  assert.equal(batch.codeCount, 3);
  assert.equal(batch.name, 'Lot 7');
  const codes = app.batches.repo.codes({ batchId: batch.id });
  assert.deepEqual(codes.map((c) => [c.seq, c.extinfo, c.status]), [[1, 'A-1', 'pending'], [2, 'B-2', 'pending'], [3, 'C.3', 'pending']]);
});

test('bad plans are refused with the offenders and their lines, and nothing is written', () => {
  const app = testApp();
  refused(app, fileSource('extinfo\nA1\nA 2\nA1\nB*\n'), /line 3 "A 2"[\s\S]*duplicate: line 4 "A1" \(first at line 2\)/, /第 3 行 "A 2"/);
  refused(app, fileSource('extinfo\nA1\n\nA3\n'), /empty extinfo: line 3/);
  refused(app, fileSource('A1\n\nA3\n', 'codes.txt'), /empty extinfo: line 2/);
  refused(app, fileSource('a,b\nx,y\n'), /has 2 columns \(a, b\): say which/, /请指定 extinfo 所在的列/);
  refused(app, fileSource('a,b\nx,y\n', 'codes.csv', 'serial'), /no column "serial"/);
  refused(app, fileSource('extinfo\n"unclosed\n'), /malformed/);
  refused(app, fileSource(''), /empty/);
  refused(app, fileSource(`extinfo\n${'x'.repeat(65)}\n`), /longer than 64/);
  refused(app, fileSource('extinfo\n中文\n'), /characters other than/);
  refused(app, { ...fileSource('extinfo\nA1\n'), qrcodeSizePx: 10 }, /qrcode_size|value in the request/);
});

test('a BOM and CRLF are read as plain UTF-8; TXT files have no header; blank lines at the end are ignored', () => {
  const app = testApp();
  const fromTxt = app.batches.plan('sandbox', fileSource('\uFEFFT-1\r\nT-2\r\n\r\n\r\n', 'codes.txt'));
  assert.deepEqual(app.batches.repo.codes({ batchId: fromTxt.id }).map((c) => c.extinfo), ['T-1', 'T-2']);
  const picked = app.batches.plan('sandbox', fileSource('\uFEFFsku,serial\r\nS,P-1\r\nS,P-2\r\n', 'x.csv', 'serial'));
  assert.deepEqual(app.batches.repo.codes({ batchId: picked.id }).map((c) => c.extinfo), ['P-1', 'P-2']);
});

test('an extinfo already in the log for the same product is refused; another product or account may use it', () => {
  const app = testApp();
  app.batches.plan('sandbox', fileSource('extinfo\nK-1\nK-2\n'));
  refused(app, fileSource('extinfo\nK-0\nK-2\n'), /already exist[\s\S]*line 3 "K-2" \(batch 1\)/, /日志中/);
  app.batches.plan('sandbox', { ...fileSource('extinfo\nK-2\n'), product: { keystandard: 'ean13', keystr: '6900873042721' } });
  const other = app.accounts.ensureForAppId('wx1234567890abcdef', 'https://api.weixin.qq.com', 'stable');
  app.batches.plan(other.id, fileSource('extinfo\nK-2\n'));
});
