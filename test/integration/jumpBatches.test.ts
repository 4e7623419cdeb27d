import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import type { BatchView, WireError } from '../../shared/contract';
import { cropGrey } from '../../electron/core/sheets/verify/pdfRasterizer';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { tempDir } from '../support/tempDir';
import { ok, testApp } from '../support/testApp';

const PREFIX = 'https://qr.brand.example/p/';
const RULE = { prefix: PREFIX, path: 'pages/product/index', openVersion: 'release', exclusive: false, debugUrls: [`${PREFIX}TEST-1`, `${PREFIX}TEST-2`] };
const pattern = (start: number, count: number, p = 'LOT7-{seq:6}') => ({ kind: 'pattern', pattern: p, start, count, step: 1 });

async function refused(app: ReturnType<typeof testApp>, method: string, args: unknown): Promise<WireError> {
  const envelope = await app.dispatch(method, args);
  assert.equal(envelope.ok, false, `${method} should be refused`);
  return (envelope as { ok: false; error: WireError }).error;
}

const batchCount = (app: ReturnType<typeof testApp>) => app.db.prepare('SELECT count(*) FROM batches').pluck().get() as number;
const actionKinds = (app: ReturnType<typeof testApp>) => (app.db.prepare('SELECT kind, ok FROM actions ORDER BY id').all() as { kind: string; ok: number }[]).map((a) => `${a.kind}:${a.ok}`);

test('rule lifecycle through the service: add, edit, publish, delete, each audited; bad rules refused field by field with nothing sent', async () => {
  const app = testApp();
  await ok(app, 'saveJumpRule', { rule: RULE, edit: false });
  await ok(app, 'saveJumpRule', { rule: { ...RULE, path: 'pages/other/index' }, edit: true });
  let listed = await ok<{ rules: { prefix: string; path: string; published: boolean }[]; publishQuotaLeft: number }>(app, 'listJumpRules');
  assert.deepEqual(listed.rules.map((r) => [r.prefix, r.path, r.published]), [[PREFIX, 'pages/other/index', false]]);
  await ok(app, 'publishJumpRule', { prefix: PREFIX });
  listed = await ok(app, 'listJumpRules');
  assert.equal(listed.rules[0]!.published, true);
  assert.equal(listed.publishQuotaLeft, 99);
  const file = await ok<{ fileName: string; fileContent: string }>(app, 'getJumpVerificationFile');
  assert.match(file.fileName, /\.txt$/);

  const bad: [Record<string, unknown>, string, RegExp][] = [
    [{ prefix: 'qr.brand.example/p/' }, 'prefix', /not an http/],
    [{ prefix: 'https://192.168.1.2/p/' }, 'prefix', /domain name/],
    [{ path: 'pages/index?id=1' }, 'path', /query/],
    [{ debugUrls: ['https://elsewhere.example/p/1'] }, 'debugUrls', /Test link 1.*does not start with the prefix/],
    [{ debugUrls: Array.from({ length: 6 }, (_, i) => `${PREFIX}${i}`) }, 'debugUrls', /at most 5/],
  ];
  const before = actionKinds(app);
  for (const [change, field, message] of bad) {
    const error = await refused(app, 'saveJumpRule', { rule: { ...RULE, prefix: 'https://qr.brand.example/q/', debugUrls: [], ...change }, edit: false });
    assert.equal(error.code, 'invalid_argument');
    assert.deepEqual(error.fields?.map((f) => f.field), [field]);
    assert.match(error.message.en, message);
    assert.ok(error.message['zh-CN'].length > 0 && error.message['zh-CN'] !== error.message.en);
  }
  assert.deepEqual(actionKinds(app), before, 'a refused rule reaches neither WeChat nor the audit');

  // WeChat's own refusal is audited and explained.
  const duplicate = await refused(app, 'saveJumpRule', { rule: RULE, edit: false });
  assert.equal(duplicate.errcode, 85071);
  assert.match(duplicate.message.en, /already exists/);
  await ok(app, 'deleteJumpRule', { prefix: PREFIX });
  assert.deepEqual(actionKinds(app), ['addJumpRule:1', 'editJumpRule:1', 'publishJumpRule:1', 'addJumpRule:0', 'deleteJumpRule:1']);
});

test('jump batches: planned under a published prefix, issued locally, content = prefix + serial, exported and decoded label by label', async () => {
  const app = testApp();
  await ok(app, 'saveJumpRule', { rule: RULE, edit: false });

  const beforeBatches = batchCount(app);
  const unpublished = await refused(app, 'planJumpBatch', { prefix: PREFIX, source: pattern(1, 10) });
  assert.equal(unpublished.code, 'conflict');
  assert.match(unpublished.message.en, /not published/);
  const unknown = await refused(app, 'planJumpBatch', { prefix: 'https://qr.brand.example/none/', source: pattern(1, 10) });
  assert.equal(unknown.code, 'not_found');
  assert.match(unknown.message['zh-CN'], /没有前缀/);
  assert.equal(batchCount(app), beforeBatches, 'nothing written');

  // An unpublished rule prints its test links, as a test batch.
  const tests = await ok<BatchView>(app, 'planJumpBatch', { prefix: PREFIX, source: { kind: 'testLinks' } });
  assert.equal(tests.test, true);
  assert.equal(tests.codeCount, 2);
  assert.deepEqual(app.batches.repo.codes({ batchId: tests.id }).map((c) => c.content), RULE.debugUrls);

  await ok(app, 'publishJumpRule', { prefix: PREFIX });
  const batch = await ok<BatchView>(app, 'planJumpBatch', { prefix: PREFIX, name: 'Line 3', source: pattern(1, 1000) });
  assert.equal(batch.kind, 'jump');
  assert.equal(batch.keystr, PREFIX);
  assert.equal(batch.test, false);
  assert.equal(batch.state, 'done');
  assert.equal(batch.issued, 1000);
  const codes = app.batches.repo.codes({ batchId: batch.id });
  codes.forEach((code, i) => assert.equal(code.content, `${PREFIX}LOT7-${String(i + 1).padStart(6, '0')}`));

  const out = tempDir();
  const file = path.join(out, 'jump.pdf');
  const result = await ok<{ verify: { checked: number; failures: unknown[] }; labels: number; manifest: string }>(app, 'exportBatch', {
    batchId: batch.id,
    template: defaultTemplate('avery-l7651'),
    out: path.join(app.dataDir, 'exports', 'jump.pdf'),
    verify: 'full',
  });
  assert.equal(result.labels, 1000);
  assert.equal(result.verify.checked, 1000);
  assert.deepEqual(result.verify.failures, []);
  fs.copyFileSync(path.join(app.dataDir, 'exports', 'jump.pdf'), file);
  // Independently of the app's own check: poppler renders page 3, each cell decodes to prefix + serial.
  execFileSync('pdftoppm', ['-r', '300', '-f', '3', '-l', '3', '-gray', '-png', file, path.join(out, 'page')]);
  const png = fs.readdirSync(out).find((name) => name.startsWith('page') && name.endsWith('.png'))!;
  const { data, info } = await sharp(path.join(out, png)).greyscale().raw().toBuffer({ resolveWithObject: true });
  const image = { data: new Uint8Array(data), width: info.width, height: info.height };
  const rows = fs.readFileSync(result.manifest, 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const onPage = rows.filter((r) => r[2] === '3');
  assert.equal(onPage.length, 65);
  const px = 300 / 25.4;
  for (const [extinfo, content, , , x, y, size] of onPage) {
    assert.equal(content, PREFIX + extinfo);
    const quiet = (Number(size) / 25) * 4;
    const cell = cropGrey(image, (Number(x) - quiet) * px, (Number(y) - quiet) * px, (Number(size) + 2 * quiet) * px, (Number(size) + 2 * quiet) * px);
    assert.deepEqual(await decodeQrCodes(cell), [PREFIX + extinfo]);
  }

  // Serials are unique per prefix across the log: an overlap is refused with its offenders.
  const overlap = await refused(app, 'planJumpBatch', { prefix: PREFIX, source: pattern(995, 10) });
  assert.equal(overlap.code, 'conflict');
  assert.match(overlap.message.en, /6 serials were already planned under the prefix .*line 1 "LOT7-000995" \(batch \d+\)/);
  // Scan records belong to product codes.
  const clear = await refused(app, 'clearScanRecord', { keystandard: 'jump', keystr: PREFIX, extinfo: 'LOT7-000001' });
  assert.match(clear.message.en, /Only product codes have a scan record/);
  // Bad serials: the same refusal report as extinfos, in the serial's own terms.
  const bad = await refused(app, 'planJumpBatch', { prefix: PREFIX, source: { kind: 'file', fileName: 'serials.csv', content: 'serial\nA 1\nOK-1\nOK-1\n中文\n' } });
  assert.match(bad.message.en, /2 × characters other than .*line 2 "A 1", line 5 "中文"/);
  assert.match(bad.message.en, /1 × duplicate: line 4 "OK-1" \(first at line 3\)/);
  assert.match(bad.message['zh-CN'], /序列号|字符/);
  // A deleted prefix plans nothing.
  await ok(app, 'deleteJumpRule', { prefix: PREFIX });
  assert.equal((await refused(app, 'planJumpBatch', { prefix: PREFIX, source: pattern(5000, 10) })).code, 'not_found');
  // WeChat's own images do not exist for jump codes.
  const wechatImages = await refused(app, 'exportBatch', { batchId: batch.id, template: defaultTemplate('avery-l7651'), out: path.join(app.dataDir, 'exports', 'j.png'), format: 'png', codes: 'wechat' });
  assert.match(wechatImages.message.en, /no WeChat image/);
});

test('a serial that a longer rule of the account would catch is refused; a jump batch is done when stored', async () => {
  const app = testApp();
  await ok(app, 'saveJumpRule', { rule: { ...RULE, debugUrls: [] }, edit: false });
  await ok(app, 'saveJumpRule', { rule: { ...RULE, prefix: `${PREFIX}VIP`, debugUrls: [] }, edit: false });
  await ok(app, 'publishJumpRule', { prefix: PREFIX });
  const caught = await refused(app, 'planJumpBatch', { prefix: PREFIX, source: { kind: 'file', fileName: 's.txt', content: 'A1\nVIP-7\n' } });
  assert.match(caught.message.en, /1 × caught by the longer rule "https:\/\/qr.brand.example\/p\/VIP".*line 2 "VIP-7"/);

  // Nothing to call: the codes are written with the plan, and the batch is stored done.
  const big = await ok<BatchView>(app, 'planJumpBatch', { prefix: PREFIX, source: pattern(1, 200_000, 'S{seq:7}') });
  assert.equal(big.state, 'done');
  assert.equal(big.issued, 200_000);
  const start = await refused(app, 'startBatch', { id: big.id });
  assert.match(start.message.en, /already complete/);
  const cancel = await ok<BatchView>(app, 'cancelBatch', { id: big.id });
  assert.equal(cancel.state, 'done', 'a done batch is not cancelled');
});
