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
  const out = path.join(tempDir(), 'ui.pdf');
  const result = await ok<{ files: { file: string }[]; manifest: string; pages: number; verify: { checked: number; failures: unknown[] } }>(app, 'exportBatch', { batchId: planned.id, template, out, verify: 'full' });
  assert.equal(result.pages, 2);
  assert.equal(result.verify.checked, 70);
  assert.deepEqual(result.verify.failures, []);
  assert.ok(fs.existsSync(result.manifest));
  assert.deepEqual(events.filter((e) => e.stage === 'writing').map((e) => e.done), [1, 2]);
  const records = await ok<{ file: string; labels: number; verifiedLabels: number }[]>(app, 'listExports', { batchId: planned.id });
  assert.deepEqual(records.map((r) => [r.file, r.labels, r.verifiedLabels]), [[out, 70, 70]]);
  const badTemplate = await app.dispatch('exportBatch', { batchId: planned.id, template: { ...template, stock: 'nope' }, out });
  assert.equal(!badTemplate.ok && badTemplate.error.code, 'invalid_argument');
});
