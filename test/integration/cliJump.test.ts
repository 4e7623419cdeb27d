import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { finished, runFastCli, spawnFastCli } from '../support/childProcess';
import { tempDir } from '../support/tempDir';

const PREFIX = 'https://qr.brand.example/p/';
const qrpack = (data: string, args: string[], env: Record<string, string> = {}) => runFastCli(['--data', data, ...args], env);

test('qrpack jump-rule / jump-rules / issue --jump-prefix: the whole lifecycle, then export and log unchanged', () => {
  const data = tempDir();
  const added = qrpack(data, ['jump-rule', 'add', '--prefix', PREFIX, '--path', 'pages/product/index', '--open-version', 'release', '--debug-url', `${PREFIX}TEST-1`, '--debug-url', `${PREFIX}TEST-2`]);
  assert.equal(added.status, 0, added.stderr);
  const listed = JSON.parse(qrpack(data, ['jump-rules', '--json']).stdout) as { rules: { prefix: string; published: boolean; debugUrls: string[] }[]; publishQuotaLeft: number };
  assert.deepEqual(listed.rules.map((r) => [r.prefix, r.published, r.debugUrls.length]), [[PREFIX, false, 2]]);
  assert.equal(listed.publishQuotaLeft, 100);

  const unpublished = qrpack(data, ['issue', '--jump-prefix', PREFIX, '--pattern', 'S{seq:6}', '--count', '10']);
  assert.equal(unpublished.status, 2);
  assert.match(unpublished.stderr, /is not published/);
  const unpublishedZh = qrpack(data, ['--lang', 'zh-CN', 'issue', '--jump-prefix', PREFIX, '--pattern', 'S{seq:6}', '--count', '10']);
  assert.match(unpublishedZh.stderr, /尚未发布/);
  const tests = qrpack(data, ['issue', '--jump-prefix', PREFIX, '--test-links']);
  assert.equal(tests.status, 0, tests.stderr);
  assert.match(tests.stdout, /^batch 1\nbatch 1 done: 2 codes written/);

  const verifyDir = tempDir();
  const verifyFile = qrpack(data, ['jump-rule', 'verify-file', '--out', verifyDir]);
  assert.equal(verifyFile.status, 0, verifyFile.stderr);
  const written = verifyFile.stdout.trim();
  assert.equal(path.dirname(written), verifyDir);
  assert.ok(fs.readFileSync(written, 'utf8').length >= 16);
  assert.match(verifyFile.stderr, /at the root of the prefix's domain/);
  assert.deepEqual(fs.readdirSync(verifyDir), [path.basename(written)], 'no part file left');

  assert.equal(qrpack(data, ['jump-rule', 'publish', '--prefix', PREFIX]).status, 0);
  const issued = qrpack(data, ['issue', '--jump-prefix', PREFIX, '--pattern', 'S{seq:6}', '--start', '1', '--count', '1000', '--name', 'Line 3']);
  assert.equal(issued.status, 0, issued.stderr);
  assert.match(issued.stdout, /^batch 2\nbatch 2 done: 1,000 codes written in [\d.]+ s/);
  const overlap = qrpack(data, ['issue', '--jump-prefix', PREFIX, '--pattern', 'S{seq:6}', '--start', '998', '--count', '5']);
  assert.equal(overlap.status, 2);
  assert.match(overlap.stderr, /3 serials were already planned under the prefix https:\/\/qr.brand.example\/p\/ in the log: line 1 "S000998" \(batch 2\)/);

  const csv = qrpack(data, ['log', '--batch', '2', '--csv']).stdout.trim().split('\n');
  assert.equal(csv.length, 1001);
  assert.match(csv[1]!, /,S000001,https:\/\/qr\.brand\.example\/p\/S000001,,issued,/);
  const out = path.join(tempDir(), 'jump.pdf');
  const exported = qrpack(data, ['export', '2', '--stock', 'avery-l7651', '--out', out, '--verify', 'full']);
  assert.equal(exported.status, 0, exported.stderr);
  assert.ok(fs.statSync(out).size > 10_000);
  assert.match(exported.stdout, /verified: 1,000 labels decoded one by one, 0 failed/);

  const actions = qrpack(data, ['actions']).stdout;
  assert.match(actions, /addJumpRule\s+https:\/\/qr.brand.example\/p\//);
  assert.match(actions, /publishJumpRule/);
  assert.equal(qrpack(data, ['jump-rule', 'delete', '--prefix', PREFIX]).status, 0);
  const deleted = qrpack(data, ['issue', '--jump-prefix', PREFIX, '--pattern', 'T{seq:6}', '--count', '5']);
  assert.equal(deleted.status, 2);
  assert.match(deleted.stderr, /has no Mini Program rule for the prefix/);
});

test('bad jump input: each a clear error in the user\'s language naming the option, and nothing sent or written', () => {
  const data = tempDir();
  const cases: [string[], RegExp, RegExp][] = [
    [['jump-rule', 'add', '--prefix', 'qr.brand.example/p/', '--path', 'pages/a', '--open-version', 'release'], /Prefix: "qr.brand.example\/p\/" is not an http/, /前缀:/],
    [['jump-rule', 'add', '--prefix', 'https://10.0.0.1/p/', '--path', 'pages/a', '--open-version', 'release'], /must be on a domain name/, /必须使用域名/],
    [['jump-rule', 'add', '--prefix', PREFIX, '--path', 'pages/a?x=1', '--open-version', 'release'], /Mini Program page: .* has a query/, /小程序页面/],
    [['jump-rule', 'add', '--prefix', PREFIX, '--path', 'pages/a', '--open-version', 'release', '--debug-url', 'https://other.example/1'], /Test link 1: .* does not start with the prefix/, /测试链接 1/],
    [['jump-rule', 'add', '--prefix', PREFIX, '--path', 'pages/a', '--open-version', 'release', ...[1, 2, 3, 4, 5, 6].flatMap((i) => ['--debug-url', `${PREFIX}${i}`])], /Test links: at most 5 \(there are 6\)/, /最多 5 个/],
    [['jump-rule', 'add', '--prefix', PREFIX, '--path', 'pages/a', '--open-version', 'production'], /--open-version: develop, trial or release, not "production"/, /--open-version:须为/],
    [['jump-rule', 'rename'], /jump-rule: add, verify-file, publish or delete, not "rename"/, /jump-rule:须为/],
    [['issue', '--jump-prefix', PREFIX, '--size', '300', '--pattern', 'S{seq:4}', '--count', '3'], /--size is for product codes/, /--size 用于商品码/],
    [['issue', '--jump-prefix', 'ftp://x.example/', '--pattern', 'S{seq:4}', '--count', '3'], /Prefix: "ftp:\/\/x.example\/" is not an http/, /前缀/],
    [['issue', '--jump-prefix', PREFIX, '--test-links', '--pattern', 'S{seq:4}', '--count', '3'], /--test-links prints the rule's test links/, /--test-links/],
  ];
  for (const [args, en, zh] of cases) {
    const inEnglish = qrpack(data, args);
    assert.equal(inEnglish.status, 2, args.join(' '));
    assert.match(inEnglish.stderr, en);
    assert.doesNotMatch(inEnglish.stderr, /at .*\.ts:\d+|Error:/, 'no stack trace');
    assert.match(qrpack(data, ['--lang', 'zh-CN', ...args]).stderr, zh);
  }
  assert.equal(qrpack(data, ['actions']).stdout, '', 'nothing reached WeChat');
  assert.deepEqual(JSON.parse(qrpack(data, ['batches', '--json']).stdout), []);
});

test('kill -9 while a million jump codes are stored: the log holds the whole batch or none of it, and the same command then completes', async () => {
  const data = tempDir();
  assert.equal(qrpack(data, ['jump-rule', 'add', '--prefix', PREFIX, '--path', 'pages/a', '--open-version', 'release']).status, 0);
  assert.equal(qrpack(data, ['jump-rule', 'publish', '--prefix', PREFIX]).status, 0);
  const args = ['--data', data, 'issue', '--jump-prefix', PREFIX, '--pattern', 'M{seq:7}', '--start', '1', '--count', '1000000'];
  const child = spawnFastCli(args);
  const ended = finished(child);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const killedMidway = child.exitCode === null;
  child.kill('SIGKILL');
  await ended;
  const after = JSON.parse(qrpack(data, ['batches', '--json']).stdout) as { codeCount: number; issued: number }[];
  if (killedMidway) assert.deepEqual(after, [], 'a plan killed before its commit leaves nothing');
  else assert.deepEqual(after.map((b) => [b.codeCount, b.issued]), [[1_000_000, 1_000_000]]);
  if (!killedMidway) return;
  const again = qrpack(data, args.slice(2));
  assert.equal(again.status, 0, again.stderr);
  const batches = JSON.parse(qrpack(data, ['batches', '--json']).stdout) as { state: string; issued: number }[];
  assert.deepEqual(batches.map((b) => [b.state, b.issued]), [['done', 1_000_000]]);
});
