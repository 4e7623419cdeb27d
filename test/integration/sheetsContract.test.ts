import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import type { Template } from '../../shared/sheets/templateSchema';
import { tempDir } from '../support/tempDir';
import { ok, testApp } from '../support/testApp';

test('stocks, default templates, preview with problems, export with progress, export records — through the contract', async () => {
  const app = testApp();
  const stocks = await ok<{ id: string }[]>(app, 'listStocks');
  assert.ok(stocks.some((s) => s.id === 'avery-l7651') && stocks.some((s) => s.id === 'roll-50x30'));
  const template = await ok<Template>(app, 'defaultTemplate', { stockId: 'avery-l7651' });

  const preview = await ok<{ pngBase64: string; pages: number; problem: unknown }>(app, 'previewSheet', { template, widthPx: 600 });
  const meta = await sharp(Buffer.from(preview.pngBase64, 'base64')).metadata();
  assert.equal(meta.width, 600);
  assert.equal(preview.problem, null);
  const broken = await ok<{ problem: { en: string } | null }>(app, 'previewSheet', { template: { ...template, qr: { ...template.qr, sizeMm: 4 } }, widthPx: 300 });
  assert.match(broken.problem!.en, /modules would be/, 'a problem comes back beside the picture');

  const planned = await ok<{ id: number }>(app, 'planBatch', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'C-{seq:4}', start: 1, count: 70, step: 1 } });
  await app.batches.run(planned.id);
  const events: { stage: string; done: number; total: number }[] = [];
  app.onEvent((event, payload) => event === 'exportProgress' && events.push(payload as never));
  const out = path.join(app.dataDir, 'exports', 'ui.pdf');
  const result = await ok<{ files: { file: string }[]; manifest: string; pages: number; verify: { checked: number; failures: unknown[] } }>(app, 'exportBatch', { batchId: planned.id, template, out, verify: 'full' });
  assert.equal(result.pages, 2);
  assert.equal(result.verify.checked, 70);
  assert.deepEqual(result.verify.failures, []);
  assert.ok(fs.existsSync(result.manifest));
  assert.deepEqual(events.filter((e) => e.stage === 'writing').map((e) => e.done), [1, 2]);
  // Never over a file already there unless asked to (the screen asks the person first).
  const bytes = fs.readFileSync(out);
  const again = await app.dispatch('exportBatch', { batchId: planned.id, template, out, verify: 'off' });
  assert.ok(!again.ok && again.error.code === 'conflict' && again.error.fields?.[0]?.field === 'out');
  assert.match(again.error.message.en, /exist already\. Replace them\?$/);
  assert.deepEqual(fs.readFileSync(out), bytes);
  const records = await ok<{ file: string; labels: number; verifiedLabels: number }[]>(app, 'listExports', { batchId: planned.id });
  assert.deepEqual(records.map((r) => [r.file, r.labels, r.verifiedLabels]), [[out, 70, 70]]);
  const badTemplate = await app.dispatch('exportBatch', { batchId: planned.id, template: { ...template, stock: 'nope' }, out, replace: true });
  assert.equal(!badTemplate.ok && badTemplate.error.code, 'invalid_argument');
});

test('a renderer writes only to exports/ or a folder chosen in the save dialog, and reads images only from the data folder', async () => {
  const chosenDir = tempDir();
  const opened: string[] = [];
  const printed: string[] = [];
  const app = testApp({ desktop: { showItemInFolder: () => undefined, openFile: async (file) => void opened.push(file), chooseSaveFile: async () => path.join(chosenDir, 'chosen.pdf'), printFile: async (file) => void printed.push(file) } });
  const template = await ok<Template>(app, 'defaultTemplate', { stockId: 'avery-l7651' });
  const planned = await ok<{ id: number }>(app, 'planBatch', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'G-{seq:4}', start: 1, count: 10, step: 1 } });
  await app.batches.run(planned.id);
  const elsewhere = path.join(tempDir(), 'x.pdf');
  const refused = await app.dispatch('exportBatch', { batchId: planned.id, template, out: elsewhere, verify: 'off' });
  assert.equal(!refused.ok && refused.error.code, 'forbidden');
  assert.match(!refused.ok ? refused.error.message.en : '', /saves exports in its exports folder .* or in a folder you choose with Browse/);
  assert.equal(fs.existsSync(elsewhere), false);
  const relative = await app.dispatch('exportBatch', { batchId: planned.id, template, out: 'x.pdf', verify: 'off' });
  assert.match(!relative.ok ? relative.error.message.en : '', /is not a full path/);
  const traversal = await app.dispatch('exportBatch', { batchId: planned.id, template, out: path.join(app.dataDir, 'exports', '..', 'qrpack.pdf'), verify: 'off' });
  assert.equal(!traversal.ok && traversal.error.code, 'forbidden');

  const chosen = await ok<{ file: string }>(app, 'chooseExportFile', { suggestedName: 'batch-1.pdf', format: 'pdf' });
  assert.equal(chosen.file, path.join(chosenDir, 'chosen.pdf'));
  await ok(app, 'exportBatch', { batchId: planned.id, template, out: chosen.file, verify: 'off' });
  assert.ok(fs.existsSync(chosen.file));
  assert.deepEqual(await ok(app, 'openExport', { file: chosen.file }), { opened: true });
  assert.deepEqual(await ok(app, 'openExport', { file: '/etc/passwd' }), { opened: false }, 'only files in the export log');
  assert.deepEqual(opened, [chosen.file]);
  // Print: the system dialog for an export in the log, and nothing for any other file.
  assert.deepEqual(await ok(app, 'printExport', { file: chosen.file }), { url: null });
  const notOurs = await app.dispatch('printExport', { file: '/etc/passwd' });
  assert.equal(!notOurs.ok && notOurs.error.code, 'not_found');
  assert.deepEqual(printed, [chosen.file]);

  const logo = { file: '/etc/hostname', xMm: 30, yMm: 13, widthMm: 6, heightMm: 6 };
  const peek = await app.dispatch('previewSheet', { template: { ...template, logo }, widthPx: 300 });
  assert.equal(!peek.ok && peek.error.code, 'forbidden');
  assert.match(!peek.ok ? peek.error.message.en : '', /image must be in QR Pack's data folder/);
  const noDesktop = testApp();
  assert.deepEqual(await ok(noDesktop, 'chooseExportFile', { suggestedName: 'a.pdf', format: 'pdf' }), { file: null });
});
