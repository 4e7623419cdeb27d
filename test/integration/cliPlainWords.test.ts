import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CLI_ENTRY, runFastCli } from '../support/childProcess';
import { projectRoot } from '../support/projectPaths';
import { tempDir } from '../support/tempDir';

const data = tempDir();
assert.equal(runFastCli(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'PW-{seq:3}', '--count', '20']).status, 0);

test('a mistyped command or option is answered with what was meant; --lang takes zh-CN or en only', () => {
  const command = runFastCli(['--data', data, 'isue']);
  assert.equal(command.status, 2);
  assert.match(command.stderr, /unknown command "isue"; did you mean "issue"\?/);
  const option = runFastCli(['--data', data, 'issue', '--prodcut', 'ean13:6900873042720']);
  assert.equal(option.status, 2);
  assert.match(option.stderr, /issue: unknown option --prodcut; did you mean --product\?/);
  const zh = runFastCli(['--data', data, '--lang', 'zh-CN', 'batchs']);
  assert.match(zh.stderr, /未知命令 "batchs";是否想用 "batches"?/);
  assert.doesNotMatch(runFastCli(['--data', data, 'xyzzy']).stderr, /did you mean/, 'nothing near: no guess');
  const french = runFastCli(['--data', data, '--lang', 'fr', 'batches']);
  assert.equal(french.status, 2);
  assert.match(french.stderr, /--lang is zh-CN or en \(got "fr"\)/);
  assert.equal(french.stdout, '', 'nothing listed');
});

test('qrpack batches names the account each batch was issued for', () => {
  const listed = runFastCli(['--data', data, 'batches']);
  assert.match(listed.stdout, /^\s+id\s+state\s+issued\/total\s+failed\s+account\s+product\s+name$/m);
  assert.match(listed.stdout, /^\s+1\s+done\s+20\/20\s+0 failed\s+sandbox\s+ean13:6900873042720/m);
  assert.match(runFastCli(['--data', data, '--lang', 'zh-CN', 'batches']).stdout, /0 失败\s+沙箱\s+ean13/);
});

test('export never replaces a file unasked: a script is refused without --force, a terminal is asked', () => {
  const out = path.join(data, 'sheet.pdf');
  assert.equal(runFastCli(['--data', data, 'export', '1', '--stock', 'avery-l7651', '--out', out]).status, 0);
  const written = fs.readFileSync(out);
  const again = runFastCli(['--data', data, 'export', '1', '--stock', 'avery-l7160', '--out', out]);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /sheet\.pdf exists already: nothing was written\. Give --force to replace it, or another --out\./);
  assert.ok(fs.readFileSync(out).equals(written), 'the file is as it was');
  assert.match(runFastCli(['--data', data, '--lang', 'zh-CN', 'export', '1', '--stock', 'avery-l7160', '--out', out]).stderr, /已存在:未写入任何内容。如需替换请加 --force/);

  // On a terminal (a pseudo-terminal made by `script`), the question is asked: "n" keeps the file.
  const onTerminal = (answer: string) =>
    spawnSync('script', ['-qec', `${process.execPath} --import tsx ${CLI_ENTRY} --data ${data} export 1 --stock avery-l7160 --out ${out}`, '/dev/null'], { cwd: projectRoot, input: `${answer}\n`, encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8' } });
  const declined = onTerminal('n');
  assert.match(declined.stdout, /sheet\.pdf exists already\. Replace\? \[y\/N\]/);
  assert.ok(fs.readFileSync(out).equals(written), 'declined: unchanged');
  const accepted = onTerminal('y');
  assert.match(accepted.stdout, /20 labels on 1 page/, accepted.stdout);
  assert.ok(!fs.readFileSync(out).equals(written), 'accepted: replaced (another stock)');

  const forced = runFastCli(['--data', data, 'export', '1', '--stock', 'avery-l7651', '--out', out, '--force']);
  assert.equal(forced.status, 0, forced.stderr);
});
