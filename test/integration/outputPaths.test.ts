import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { Template } from '../../shared/sheets/templateSchema';
import { runFastCli } from '../support/childProcess';
import { tempDir } from '../support/tempDir';
import { ok, testApp } from '../support/testApp';

test("a renderer's export: a link inside exports/ cannot carry it outside, a NUL in its name is refused in plain words", async () => {
  const app = testApp();
  const outside = tempDir();
  const template = await ok<Template>(app, 'defaultTemplate', { stockId: 'avery-l7651' });
  const planned = await ok<{ id: number }>(app, 'planBatch', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'SL-{seq:3}', start: 1, count: 20, step: 1 } });
  await app.batches.run(planned.id);
  const exports = path.join(app.dataDir, 'exports');
  fs.mkdirSync(exports, { recursive: true });
  fs.symlinkSync(outside, path.join(exports, 'shared'));

  for (const out of [path.join(exports, 'shared', 'x.pdf'), path.join(exports, 'shared', 'new', 'x.pdf')]) {
    const refused = await app.dispatch('exportBatch', { batchId: planned.id, template, out, verify: 'off' });
    assert.equal(!refused.ok && refused.error.code, 'forbidden', out);
  }
  assert.deepEqual(fs.readdirSync(outside), [], 'nothing written (or created) outside exports/');

  const nul = await app.dispatch('exportBatch', { batchId: planned.id, template, out: path.join(exports, 'a\0b.pdf'), verify: 'off' });
  assert.ok(!nul.ok);
  assert.equal(nul.error.code, 'invalid_argument');
  assert.equal(nul.error.message.en, 'A file name cannot contain a NUL character (\\0).');
  assert.equal(nul.error.message['zh-CN'], '文件名中不能含有 NUL 字符(\\0)。');

  await ok(app, 'exportBatch', { batchId: planned.id, template, out: path.join(exports, 'real.pdf'), verify: 'off' });
  assert.ok(fs.existsSync(path.join(exports, 'real.pdf')), 'a plain file in exports/ is still written');
});

test('a 1200 × 2000 mm, 20,000-up design is refused before anything is written, in plain words', () => {
  const data = tempDir();
  const dir = tempDir();
  assert.equal(runFastCli(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'HUGE-{seq:3}', '--count', '30']).status, 0);
  const template = JSON.parse(runFastCli(['--data', data, 'template', '--stock', 'avery-l7651']).stdout) as Record<string, unknown>;
  const huge = {
    ...template,
    stock: { id: 'wall', name: 'wall', pageWidthMm: 1200, pageHeightMm: 2000, labelWidthMm: 12, labelHeightMm: 10, columns: 100, rows: 200, firstXMm: 0, firstYMm: 0, pitchXMm: 12, pitchYMm: 10 },
    qr: { xMm: 2.5, yMm: 1.5, sizeMm: 7, ecc: 'M' },
    text: [],
  };
  fs.writeFileSync(path.join(dir, 'wall.json'), JSON.stringify(huge));
  const out = path.join(dir, 'wall.pdf');
  const started = performance.now();
  const refused = runFastCli(['--data', data, 'export', '1', '--template', path.join(dir, 'wall.json'), '--out', out]);
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /A 1200 × 2000 mm page is checked at \d+ dpi \(what its QR modules need\): [\d,]+ megapixels, more than the 100 QR Pack checks at once/);
  assert.ok(performance.now() - started < 20_000, 'refused at once, not after rendering');
  assert.deepEqual(fs.readdirSync(dir), ['wall.json'], 'nothing written');
  const zh = runFastCli(['--data', data, '--lang', 'zh-CN', 'export', '1', '--template', path.join(dir, 'wall.json'), '--out', out]);
  assert.match(zh.stderr, /1200 × 2000 毫米的页面需按 \d+ dpi/);
});

test('a full disk during ledger export names the file it was writing, not the data folder', async (t) => {
  const mount = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount], { stdio: 'pipe' });
  } catch {
    fs.rmSync(mount, { recursive: true, force: true });
    return t.skip('tmpfs cannot be mounted here (needs root): the full-disk case is not run');
  }
  after(() => {
    execFileSync('umount', ['-l', mount], { stdio: 'pipe' });
    fs.rmSync(mount, { recursive: true, force: true });
  });
  const data = tempDir();
  assert.equal(runFastCli(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'FULL-{seq:6}', '--count', '20000']).status, 0);
  assert.equal(runFastCli(['--data', data, 'ledger', 'station', '--name', 'Full disk station']).status, 0);
  const file = path.join(mount, 'station.qrledger');
  const full = runFastCli(['--data', data, 'ledger', 'export', file]);
  assert.equal(full.status, 5, full.stderr);
  assert.match(full.stderr, new RegExp(`The disk is full: the ledger file \\(${file.replaceAll('.', '\\.')}\\) could not be written`));
  assert.doesNotMatch(full.stderr, /data folder|ENOSPC|Error:/);
  assert.deepEqual(fs.readdirSync(mount), [], 'no part left behind');
});
