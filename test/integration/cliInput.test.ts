import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { runFastCli } from '../support/childProcess';
import { tempDir } from '../support/tempDir';

const data = tempDir();
const issued = runFastCli(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'IN-{seq:4}', '--count', '70']);
assert.equal(issued.status, 0, issued.stderr);

const rowCounts = () => {
  const db = new Database(path.join(data, 'qrpack.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT (SELECT count(*) FROM batches) AS batches, (SELECT count(*) FROM codes) AS codes, (SELECT count(*) FROM exports) AS exports').get();
  } finally {
    db.close();
  }
};

test('every export option is checked with its range and named in the error, in English and Chinese; nothing is written', () => {
  const dir = tempDir();
  const scratch = tempDir();
  const out = path.join(dir, 'x.pdf');
  const before = rowCounts();
  const cases: [string[], RegExp][] = [
    [['--offset-x', '1e6'], /--offset-x: a number from -20 to 20 is required \(got "1e6"\)/],
    [['--offset-y', '25'], /--offset-y: a number from -20 to 20/],
    [['--bleed', '-5'], /--bleed: a number from 0 to 10/],
    [['--bleed', '1000'], /--bleed: a number from 0 to 10/],
    [['--printer-dpi', '-600'], /--printer-dpi: a whole number from 150 to 2400/],
    [['--printer-dpi', '0'], /--printer-dpi: a whole number from 150 to 2400/],
    [['--printer-dpi', '1e9'], /--printer-dpi: a whole number from 150 to 2400/],
    [['--split', '0.5'], /--split: a whole number from 1 to 100000/],
    [['--split', '-1'], /--split: a whole number from 1 to 100000/],
    [['--format', 'png', '--dpi', '0'], /--dpi: a whole number from 72 to 1200/],
    [['--format', 'png', '--dpi', '-300'], /--dpi: a whole number from 72 to 1200/],
    [['--format', 'tiff', '--dpi', '1e6'], /--dpi: a whole number from 72 to 1200/],
    [['--workers', '0'], /--workers: a whole number from 1 to 64/],
  ];
  for (const [options, message] of cases) {
    const result = runFastCli(['--data', data, 'export', '1', '--stock', 'avery-l7651', '--out', out, ...options], { TMPDIR: scratch });
    assert.equal(result.status, 2, `${options.join(' ')} → ${result.status} ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /Error|at .*\.js/);
  }
  const zh = runFastCli(['--data', data, '--lang', 'zh-CN', 'export', '1', '--stock', 'avery-l7651', '--out', out, '--bleed', '11']);
  assert.match(zh.stderr, /--bleed:须为0 到 10 之间的数\(收到 "11"\)/);
  assert.deepEqual(fs.readdirSync(dir), [], 'no file written');
  assert.deepEqual(fs.readdirSync(scratch), [], 'no temporary folder left behind');
  assert.deepEqual(rowCounts(), before);
});

test('issue options and product keys are checked before anything is planned', () => {
  const before = rowCounts();
  const base = ['--data', data, 'issue', '--pattern', 'NEW-{seq:4}', '--count', '5'];
  const cases: [string[], RegExp][] = [
    [['--product', 'ean13:abc'], /--product: An EAN-13 barcode \(ean13\) is 13 digits; "abc" is not/],
    [['--product', 'foo:123'], /--product: Unknown code standard "foo"/],
    [['--product', `ean13:${'6'.repeat(300)}`], /13 digits; "6{30}…" is not/],
    [['--product', 'ean13:６９００８７３０４２７２０'], /13 digits/],
    [['--product', 'ean13:6900873042720', '--size', '0'], /--size: a whole number from 50 to 2000 is required \(got "0"\)/],
    [['--product', 'ean13:6900873042720', '--size', '49'], /--size: a whole number from 50 to 2000/],
    [['--product', 'ean13:6900873042720', '--size', '2001'], /--size: a whole number from 50 to 2000/],
    [['--product', 'ean13:6900873042720', '--size', ''], /--size: a whole number from 50 to 2000/],
  ];
  for (const [options, message] of cases) {
    const result = runFastCli([...base, ...options]);
    assert.equal(result.status, 2, `${options.join(' ')} → ${result.status} ${result.stderr}`);
    assert.match(result.stderr, message);
  }
  for (const [count, message] of [['0x10', /--count: a whole number from 1 to 1000000 is required \(got "0x10"\)/], [' 3', /--count: a whole number/], ['1e3', /--count/]] as const) {
    const result = runFastCli(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'NEW-{seq:4}', '--count', count]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, message);
  }
  const wide = runFastCli(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'NEW-{seq:100}', '--count', '3']);
  assert.match(wide.stderr, /\{seq:100\}: the number of digits is from 1 to 16/);
  const huge = runFastCli(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'NEW-{seq}', '--start', '9007199254740990', '--count', '5']);
  assert.match(huge.stderr, /run past 9007199254740991/);
  const zh = runFastCli(['--data', data, '--lang', 'zh-CN', ...base.slice(2), '--product', 'ean13:abc']);
  assert.match(zh.stderr, /EAN-13 条码\(ean13\)应为13 位数字/);
  assert.deepEqual(rowCounts(), before, 'nothing planned');
});

test('a command line never changes a stored account unless asked', () => {
  const dir = tempDir();
  const first = runFastCli(['--data', dir, 'issue', '--appid', 'wx1234567890abcdef', '--api-base', 'http://127.0.0.1:9', '--product', 'ean13:abc']);
  assert.equal(first.status, 2);
  const created = runFastCli(['--data', dir, 'issue', '--appid', 'wx1234567890abcdef', '--api-base', 'http://127.0.0.1:9', '--product', 'ean13:6900873042720', '--pattern', 'A-{seq}', '--count', '1']);
  assert.notEqual(created.status, 0, 'no secret: refused');
  const apiBase = () => {
    const db = new Database(path.join(dir, 'qrpack.sqlite'), { readonly: true });
    try {
      return db.prepare(`SELECT api_base FROM accounts WHERE app_id = 'wx1234567890abcdef'`).pluck().get();
    } finally {
      db.close();
    }
  };
  assert.equal(apiBase(), 'http://127.0.0.1:9');
  const again = runFastCli(['--data', dir, 'issue', '--appid', 'wx1234567890abcdef', '--product', 'ean13:6900873042720', '--pattern', 'A-{seq}', '--count', '1']);
  assert.notEqual(again.status, 0);
  assert.equal(apiBase(), 'http://127.0.0.1:9', '--appid alone keeps the stored API base');
});

test('qrpack log --json and --csv stream the whole log: valid JSON, CSV with its header', () => {
  const db = new Database(path.join(data, 'qrpack.sqlite'), { readonly: true });
  const count = db.prepare('SELECT count(*) FROM codes').pluck().get();
  db.close();
  const dump = runFastCli(['--data', data, 'log', '--json']);
  assert.equal(dump.status, 0, dump.stderr);
  assert.equal((JSON.parse(dump.stdout) as unknown[]).length, count);
  const csv = runFastCli(['--data', data, 'log', '--csv']);
  assert.equal(csv.stdout.trim().split('\n').length, Number(count) + 1);
  assert.match(csv.stdout.split('\n')[0]!, /^id,batch,seq,keystandard,keystr,extinfo,content,pic_url,status,errcode,attempts,issued_at,active_at,data$/);
});

test('design names the file system would mangle are refused; a good one is saved', async () => {
  const { TemplateStore } = await import('../../electron/core/sheets/design/templateStore');
  const { defaultTemplate } = await import('../../electron/core/sheets/design/template');
  const store = new TemplateStore(tempDir());
  for (const name of ['.', '..', ' ', '   ', 'con', 'NUL', 'com1.json', 'lot.', 'lot ', '-x/y', 'a'.repeat(61)]) {
    assert.throws(() => store.save(name, defaultTemplate('avery-l7651'), { replace: false }), /A design name is 1–60 letters/, JSON.stringify(name));
  }
  assert.match(store.save('Lot 7 v2.1', defaultTemplate('avery-l7651'), { replace: false }), /Lot 7 v2\.1\.json$/);
  assert.equal(store.save('山泉水-标签', defaultTemplate('avery-l7651'), { replace: false }).endsWith('山泉水-标签.json'), true);
});

test('a data folder that cannot be created is named at once (no hang); a read-only one can still be read', async (t) => {
  const started = performance.now();
  const proc = runFastCli(['--data', '/proc/qrpack-x', 'batches']);
  assert.equal(proc.status, 5);
  assert.match(proc.stderr, /The data folder \/proc\/qrpack-x cannot be created/);
  assert.ok(performance.now() - started < 10_000);

  const { execFileSync } = await import('node:child_process');
  const os = await import('node:os');
  const mount = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-ro-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount], { stdio: 'pipe' });
  } catch {
    fs.rmSync(mount, { recursive: true });
    return t.skip('tmpfs cannot be mounted here (needs root): the read-only case is not run');
  }
  try {
    const dir = path.join(mount, 'data');
    assert.equal(runFastCli(['--data', dir, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'RO-{seq}', '--count', '5']).status, 0);
    execFileSync('mount', ['-o', 'remount,ro', mount]);
    const listed = runFastCli(['--data', dir, 'batches']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /done\s+5\/5/);
    const refused = runFastCli(['--data', dir, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'RO2-{seq}', '--count', '5']);
    assert.equal(refused.status, 5);
    assert.match(refused.stderr, /The code log .* cannot be written \(the folder is read-only or not yours\)/);
  } finally {
    execFileSync('umount', ['-l', mount]);
    fs.rmSync(mount, { recursive: true, force: true });
  }
});

test('a .qrlabel design opened from the desktop is checked and added to the saved designs, never replacing another', async () => {
  const { TemplateStore } = await import('../../electron/core/sheets/design/templateStore');
  const { defaultTemplate } = await import('../../electron/core/sheets/design/template');
  const dir = tempDir();
  const store = new TemplateStore(path.join(dir, 'templates'));
  const file = path.join(dir, 'Lemon tea 550ml.qrlabel');
  fs.writeFileSync(file, JSON.stringify(defaultTemplate('avery-l7160')));
  store.importFile(file);
  assert.deepEqual(store.list().map((t) => [t.name, t.template.stock]), [['Lemon tea 550ml', 'avery-l7160']]);
  store.importFile(file);
  assert.equal(store.list().length, 1, 'the same design opened again changes nothing');
  fs.writeFileSync(file, JSON.stringify(defaultTemplate('a4-25x28')));
  assert.equal(path.basename(store.importFile(file)), 'Lemon tea 550ml-2.json');
  assert.deepEqual(store.list().map((t) => [t.name, t.template.stock]), [['Lemon tea 550ml', 'avery-l7160'], ['Lemon tea 550ml-2', 'a4-25x28']], 'a different design of the same name is kept, not replaced');
  fs.writeFileSync(path.join(dir, 'bad.qrlabel'), '{"format":"something else"}');
  assert.throws(() => store.importFile(path.join(dir, 'bad.qrlabel')), /is not a QR Pack template/);
});
