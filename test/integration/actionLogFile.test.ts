import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { logFileOf } from '../../electron/core/log/logFile';
import { runFastCli } from '../support/childProcess';
import { tempDir } from '../support/tempDir';
import { ok, testApp, validDraft, VALID_SECRET } from '../support/testApp';

type Line = { at: string; level: string; message: string; detail: string };
const linesOf = (dataDir: string): Line[] =>
  fs
    .readFileSync(logFileOf(dataDir), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);

test('logs/qrpack.log keeps what was done and what was refused — which batch, file, printer — never a secret nor the reads of the screens', async () => {
  const dataDir = tempDir();
  const app = testApp({ dataDir });
  await ok(app, 'saveAccount', validDraft());
  await ok(app, 'selectAccount', { id: 'sandbox' });
  const planned = await ok<{ id: number }>(app, 'planBatch', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'LOGF-{seq:3}', start: 1, count: 5, step: 1 } });
  await ok(app, 'listBatches');
  await ok(app, 'listCodes', {});
  const refused = await app.dispatch('planBatch', { product: { keystandard: 'ean13', keystr: '12' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'X{seq:2}', start: 1, count: 2, step: 1 } });
  assert.equal(refused.ok, false);

  const lines = linesOf(dataDir);
  const text = fs.readFileSync(logFileOf(dataDir), 'utf8');
  assert.ok(!text.includes(VALID_SECRET), 'no AppSecret in the log');
  assert.deepEqual(
    lines.map((l) => [l.level, l.message]),
    [
      ['info', 'saveAccount'],
      ['info', 'selectAccount'],
      ['info', 'planBatch'],
      ['warn', 'planBatch refused'],
    ],
    'actions and refusals; no list or read',
  );
  assert.match(lines[2]!.detail, new RegExp(`"id":${planned.id}.*"state":"planned"`));
  assert.match(lines[3]!.detail, /An EAN-13 barcode \(ean13\) is 13 digits/);
  assert.ok(lines.every((l) => !Number.isNaN(Date.parse(l.at))));
});

test('the CLI leaves a line per command that opened the data folder, and one per refusal', () => {
  const dataDir = tempDir();
  const issued = runFastCli(['--data', dataDir, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'CLI-{seq:3}', '--count', '3']);
  assert.equal(issued.status, 0, issued.stderr);
  const again = runFastCli(['--data', dataDir, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'CLI-{seq:3}', '--count', '3']);
  assert.equal(again.status, 2);
  const lines = linesOf(dataDir);
  assert.deepEqual(lines.map((l) => [l.level, l.message]), [
    ['info', 'qrpack issue'],
    ['warn', 'command refused'],
  ]);
  assert.match(lines[0]!.detail, /"exit":0/);
  assert.match(lines[1]!.detail, /3 extinfos already exist/);
});
