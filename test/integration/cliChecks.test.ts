import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { SANDBOX_DEMO_CARD_ID } from '../../shared/cards/cardCode';
import { CLI_ENTRY, runFastCli, spawnFastCli, waitForLine } from '../support/childProcess';
import { projectRoot } from '../support/projectPaths';
import { tempDir } from '../support/tempDir';

const PRODUCT = ['--product', 'ean13:6900873042720'];

function query<T>(data: string, sql: string): T {
  const db = new Database(path.join(data, 'qrpack.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}
const counts = (data: string) => query<{ batches: number; codes: number }>(data, 'SELECT (SELECT count(*) FROM batches) AS batches, (SELECT count(*) FROM codes) AS codes');

test('issue checks every option before anything is planned: a refused run leaves no batch, and the same command then works', () => {
  const data = tempDir();
  const base = ['--data', data, 'issue', ...PRODUCT, '--pattern', 'OPT-{seq:4}', '--count', '20'];
  assert.equal(runFastCli(['--data', data, 'batches']).status, 0);
  const cases: [string[], RegExp][] = [
    [['--concurrency', '0'], /--concurrency: a whole number from 1 to 64 is required \(got "0"\)/],
    [['--concurrency', '65'], /--concurrency: a whole number from 1 to 64/],
    [['--concurrency', '-1'], /--concurrency: a whole number from 1 to 64/],
    [['--concurrency', 'NaN'], /--concurrency: a whole number from 1 to 64/],
    [['--rate', '0'], /--rate: a number above 0 is required \(got "0"\)/],
    [['--rate', 'NaN'], /--rate: a number above 0/],
    [['--rate', '-1'], /--rate: a number above 0/],
    [['--name', 'x'.repeat(5000)], /--name: at most 80 characters \(got 5000\)/],
  ];
  for (const [options, message] of cases) {
    const result = runFastCli([...base, ...options]);
    assert.equal(result.status, 2, `${options.join(' ').slice(0, 60)} → ${result.status} ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stdout, /batch \d/, 'no batch announced');
    assert.deepEqual(counts(data), { batches: 0, codes: 0 }, `${options.join(' ').slice(0, 60)}: nothing planned`);
  }
  const card = runFastCli(['--data', data, 'card', 'issue', '--card-id', SANDBOX_DEMO_CARD_ID, '--pattern', 'C{seq:6}', '--count', '3', '--concurrency', '0']);
  assert.equal(card.status, 2);
  assert.match(card.stderr, /--concurrency: a whole number from 1 to 64/);
  const zh = runFastCli(['--lang', 'zh-CN', ...base, '--rate', '0']);
  assert.match(zh.stderr, /--rate:须为大于 0 的数\(收到 "0"\)/);
  assert.deepEqual(counts(data), { batches: 0, codes: 0 });
  const ok = runFastCli(base);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^batch 1\n/);
});

test('{seq:0} is refused (1–16 digits); --name loses its control characters; --csv - reads standard input', () => {
  const data = tempDir();
  const zero = runFastCli(['--data', data, 'issue', ...PRODUCT, '--pattern', 'Z-{seq:0}', '--count', '3']);
  assert.equal(zero.status, 2);
  assert.match(zero.stderr, /\{seq:0\}: the number of digits is from 1 to 16/);
  assert.deepEqual(counts(data), { batches: 0, codes: 0 });

  const named = runFastCli(['--data', data, 'issue', ...PRODUCT, '--pattern', 'N-{seq}', '--count', '2', '--name', 'Lot\x1b[31m7\x1b]0;owned\x07 red\r\n']);
  assert.equal(named.status, 0, named.stderr);
  const listed = runFastCli(['--data', data, 'batches']);
  assert.doesNotMatch(listed.stdout, /[\x00-\x08\x0b-\x1f\x7f]/, 'no control character reaches the terminal');
  assert.match(listed.stdout, /Lot\[31m7\]0;owned red$/m);

  const entry = fs.existsSync(path.join(projectRoot, 'out/main/cli.js')) ? [path.join(projectRoot, 'out/main/cli.js')] : ['--import', 'tsx', CLI_ENTRY];
  const piped = spawnSync(process.execPath, [...entry, '--data', data, 'issue', ...PRODUCT, '--csv', '-'], { input: 'extinfo\nSTDIN-1\nSTDIN-2\n', encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8' } });
  assert.equal(piped.status, 0, piped.stderr);
  assert.match(piped.stdout, /batch 2 done: 2 issued/);
});

test('CSVs as Excel writes them are read as written: UTF-8 with and without BOM, GBK, UTF-16 ("Unicode Text"); what cannot be read, and a stray quote, are refused naming the line', () => {
  const data = tempDir();
  const dir = tempDir();
  const rows = ['extinfo,产品批次', 'ENC-{n}-1,批次一', 'ENC-{n}-2,批次二'];
  const files: [string, Buffer][] = [
    ['utf8.csv', Buffer.from(rows.join('\n').replaceAll('{n}', 'U'))],
    ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rows.join('\r\n').replaceAll('{n}', 'B'))])],
    // GBK as Excel's "CSV" on a Chinese Windows: 产品批次 / 批次一 / 批次二.
    ['gbk.csv', Buffer.concat([Buffer.from('extinfo,'), Buffer.from('b2fac6b7c5fab4ce', 'hex'), Buffer.from('\r\nENC-G-1,'), Buffer.from('c5fab4ced2bb', 'hex'), Buffer.from('\r\nENC-G-2,'), Buffer.from('c5fab4ceb6fe', 'hex'), Buffer.from('\r\n')])],
    // Excel's "Unicode Text": UTF-16LE with a BOM, tab-separated (a comma inside a value stays in it).
    ['utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(['extinfo\t产品批次', 'ENC-W-1\t批次一', 'ENC-W-2\t批次, 二', ''].join('\r\n'), 'utf16le')])],
  ];
  for (const [name, bytes] of files) {
    fs.writeFileSync(path.join(dir, name), bytes);
    const result = runFastCli(['--data', data, 'issue', ...PRODUCT, '--csv', path.join(dir, name)]);
    assert.equal(result.status, 0, `${name}: ${result.stderr}`);
  }
  const db = new Database(path.join(data, 'qrpack.sqlite'), { readonly: true });
  const values = db.prepare('SELECT extinfo, data_json FROM codes ORDER BY id').all() as { extinfo: string; data_json: string }[];
  db.close();
  assert.deepEqual(
    values.map((v) => [v.extinfo, JSON.parse(v.data_json)['产品批次']]),
    [['ENC-U-1', '批次一'], ['ENC-U-2', '批次二'], ['ENC-B-1', '批次一'], ['ENC-B-2', '批次二'], ['ENC-G-1', '批次一'], ['ENC-G-2', '批次二'], ['ENC-W-1', '批次一'], ['ENC-W-2', '批次, 二']],
  );
  const before = counts(data);

  fs.writeFileSync(path.join(dir, 'binary.csv'), Buffer.concat([Buffer.from('extinfo,lot\nBAD-1,ok\nBAD-2,ok\nBAD-3,'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('\n')]));
  const binary = runFastCli(['--data', data, 'issue', ...PRODUCT, '--csv', path.join(dir, 'binary.csv')]);
  assert.equal(binary.status, 2);
  assert.match(binary.stderr, /The file cannot be read as text at line 4 \(tried UTF-8, GB18030\)/);
  assert.match(runFastCli(['--data', data, '--lang', 'zh-CN', 'issue', ...PRODUCT, '--csv', path.join(dir, 'binary.csv')]).stderr, /文件第 4 行无法按文本读取\(已尝试 UTF-8, GB18030\)/);

  fs.writeFileSync(path.join(dir, 'quote.csv'), 'extinfo\nQ-1\nA"B\nQ-3\n');
  const quote = runFastCli(['--data', data, 'issue', ...PRODUCT, '--csv', path.join(dir, 'quote.csv')]);
  assert.equal(quote.status, 2);
  assert.match(quote.stderr, /The CSV file has a quote \(\"\) inside an unquoted value at line 3/);
  assert.doesNotMatch(quote.stderr, /internal error|Invalid Opening Quote/);
  assert.match(runFastCli(['--data', data, '--lang', 'zh-CN', 'issue', ...PRODUCT, '--csv', path.join(dir, 'quote.csv')]).stderr, /CSV 文件第 3 行未加引号的值中含有引号/);
  assert.deepEqual(counts(data), before, 'nothing planned');
});

test('card issue killed, then the same command again: it names the unfinished batch, its real counts, and how to resume it', async () => {
  const data = tempDir();
  const args = ['--data', data, 'card', 'issue', '--card-id', SANDBOX_DEMO_CARD_ID, '--pattern', 'K{seq:6}', '--count', '3000', '--concurrency', '2', '--rate', '40'];
  const first = spawnFastCli(args);
  await waitForLine(first, /^batch 1$/m);
  const issuedNow = () => query<{ n: number }>(data, `SELECT count(*) AS n FROM codes WHERE batch_id = 1 AND status = 'issued'`).n;
  for (let waited = 0; issuedNow() < 10 && waited < 200; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
  first.kill('SIGKILL');
  await once(first, 'exit');
  const made = issuedNow();
  assert.ok(made >= 10 && made < 3000, `killed mid-batch (${made} made)`);

  const again = runFastCli(args);
  assert.equal(again.status, 2, again.stderr);
  assert.match(again.stderr, new RegExp(`3,000 codes are already planned for card QR codes of the card ${SANDBOX_DEMO_CARD_ID} in the log, ${made} of them made`));
  assert.match(again.stderr, new RegExp(`Batch 1 holds 3000 of them and is unfinished \\(${made} of 3000 issued\\): resume it with qrpack resume 1\\.`));
  assert.doesNotMatch(again.stderr, /3,?000 codes already have a card QR code/);
  assert.match(runFastCli(['--lang', 'zh-CN', ...args]).stderr, /未完成的批次 1 中[\s\S]*qrpack resume 1 继续/);
  assert.equal(counts(data).batches, 1, 'no second batch');
  const resumed = runFastCli(['--data', data, 'resume', '1']);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, /batch 1 done: 3000 issued, 0 failed/);
});
