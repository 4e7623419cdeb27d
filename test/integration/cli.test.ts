import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import pkg from '../../package.json';
import { projectRoot } from '../support/projectPaths';
import { tempDir } from '../support/tempDir';

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'electron/cli/index.ts'), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'en_US.UTF-8', ...env },
  });

test('--version and --help', () => {
  const version = cli(['--version']);
  assert.equal(version.status, 0);
  assert.equal(version.stdout.trim(), pkg.version);
  const help = cli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: qrpack \[--data DIR\]/);
  assert.match(help.stdout, /\binfo\b/);
  assert.match(help.stdout, /\bui\b/);
});

test('help follows LANG or --lang', () => {
  assert.match(cli(['--help'], { LANG: 'zh_CN.UTF-8' }).stdout, /显示数据文件夹/);
  assert.match(cli(['--lang', 'zh-CN', 'help', 'info']).stdout, /显示数据文件夹/);
});

test('--data and QRPACK_DATA choose the data folder', () => {
  const dir = path.join(tempDir(), 'data');
  const info = cli(['--data', dir, 'info', '--json']);
  assert.equal(info.status, 0, info.stderr);
  const parsed = JSON.parse(info.stdout);
  assert.equal(parsed.dataDir, dir);
  assert.equal(parsed.accounts[0].id, 'sandbox');
  assert.ok(fs.existsSync(path.join(dir, 'qrpack.sqlite')));
  const viaEnv = path.join(tempDir(), 'env-data');
  assert.equal(JSON.parse(cli(['info', '--json'], { QRPACK_DATA: viaEnv }).stdout).dataDir, viaEnv);
});

test('unknown commands and options exit 2 with a clear message', () => {
  const unknown = cli(['frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  const badOption = cli(['--data', tempDir(), 'info', '--nope']);
  assert.equal(badOption.status, 2);
  assert.match(badOption.stderr, /--nope/);
});

test('a data folder from a newer QR Pack is refused in the user\'s language', async () => {
  const dir = tempDir();
  assert.equal(cli(['--data', dir, 'info']).status, 0);
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(path.join(dir, 'qrpack.sqlite'));
  db.pragma('user_version = 42');
  db.close();
  const refused = cli(['--data', dir, 'info'], { LANG: 'zh_CN.UTF-8' });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /更新版本的 QR Pack/);
});

test('the installed bin runs the built CLI', () => {
  const bin = spawnSync(process.execPath, [path.join(projectRoot, 'bin/qrpack.js'), '--version'], { encoding: 'utf8' });
  assert.equal(bin.status, 0, bin.stderr + ' (run `npm run build` first)');
  assert.equal(bin.stdout.trim(), pkg.version);
});

test('batches, log and actions: a header over their table, states in the user language, and a plain line (on stderr) when there is nothing', () => {
  const data = tempDir();
  for (const [command, en, zh] of [
    ['batches', 'No batches in the log yet: issue codes with qrpack issue.', '日志中还没有批次:用 qrpack issue 发码。'],
    ['log', 'No codes in the log.', '日志中没有码。'],
    ['actions', 'No action has been taken on WeChat yet.', '尚未在微信侧执行任何操作。'],
  ] as const) {
    const empty = cli(['--data', data, command]);
    assert.deepEqual([empty.status, empty.stdout, empty.stderr.trim()], [0, '', en], command);
    assert.equal(cli(['--data', data, '--lang', 'zh-CN', command]).stderr.trim(), zh);
  }
  assert.equal(cli(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--size', '100', '--pattern', 'HD-{seq:2}', '--count', '2']).status, 0);
  const [header, row] = cli(['--data', data, 'batches']).stdout.split('\n');
  assert.match(header!, /^ +id {2}state +issued\/total +failed {2}account {2}product {2}name$/);
  assert.match(row!, /^ +1 {2}done +2\/2 +0 failed {2}sandbox {2}ean13:6900873042720 /);
  assert.match(cli(['--data', data, '--lang', 'zh-CN', 'batches']).stdout, /\n +1 {2}已完成 +2\/2 +0 失败/);
  assert.match(cli(['--data', data, 'log']).stdout, /^batch +seq +status +extinfo +content\n +1 +1 {2}issued {2}HD-01 /);
});
