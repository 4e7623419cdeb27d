import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Template } from '../../shared/sheets/templateSchema';
import { ok, testApp } from '../support/testApp';

// The designer's calls through the contract (#27): new elements in free room, a design carried to
// another stock, and a preview that says what does not fit instead of failing.

test('a preview of a design whose text cannot fit its box gives the problem beside the picture, in designer words', async () => {
  const app = testApp();
  const planned = await ok<{ id: number }>(app, 'planBatch', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'P-{seq:3}', start: 1, count: 5, step: 1 } });
  await app.batches.run(planned.id);
  const template = await ok<Template>(app, 'defaultTemplate', { stockId: 'avery-l7160' });
  const narrow = { ...template, text: template.text.map((line, i) => (i === 1 ? { ...line, widthMm: 2, lines: 1 } : line)) };
  for (const batchId of [undefined, planned.id]) {
    const preview = await ok<{ pngBase64: string; problem: { en: string; 'zh-CN': string } | null }>(app, 'previewSheet', { template: narrow, batchId, widthPx: 300 });
    assert.ok(preview.pngBase64.length > 100, 'the picture is drawn, without the line');
    assert.match(preview.problem!.en, /Text line 2 .* does not fit its box/);
  }
  // A barcode the batch's product cannot carry: a designer's words, not an export's.
  const ean = { ...template, barcode: { symbology: 'ean13' as const, value: '{keystr}', xMm: 38, yMm: 10, widthMm: 22, heightMm: 20, digits: true } };
  const refused = await ok<{ problem: { en: string; 'zh-CN': string } | null }>(app, 'previewSheet', { template: ean, batchId: planned.id, widthPx: 300 });
  assert.match(refused.problem!.en, /^This design cannot print these labels:\n• The EAN-13 barcode/);
  assert.doesNotMatch(refused.problem!.en, /nothing was written/);
  assert.doesNotMatch(refused.problem!['zh-CN'], /未写入任何文件/);
});

test('Add barcode and a stock change through the contract: a Code 128 of the batch product’s key, then the design carried and what does not fit named', async () => {
  const app = testApp();
  const planned = await ok<{ id: number }>(app, 'planBatch', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'P-{seq:3}', start: 1, count: 5, step: 1 } });
  await app.batches.run(planned.id);
  const template = await ok<Template>(app, 'defaultTemplate', { stockId: 'avery-l7160' });
  const first = await ok<{ modules: number; problem: unknown }>(app, 'previewSheet', { template, batchId: planned.id, widthPx: 300 });
  const placed = await ok<{ template: Template; selected: string; roomy: boolean }>(app, 'placeDesignElement', { template, element: 'barcode', batchId: planned.id, modules: first.modules });
  assert.equal(placed.selected, 'barcode-0');
  assert.equal(placed.template.barcodes[0]?.symbology, 'code128');
  const after = await ok<{ problem: unknown }>(app, 'previewSheet', { template: placed.template, batchId: planned.id, widthPx: 300 });
  assert.equal(after.problem, null, 'the design still prints with the batch’s real values');
  const carried = await ok<{ template: Template; notFitting: { en: string }[] }>(app, 'carryDesign', { template: placed.template, stockId: 'a4-25x28', batchId: planned.id, modules: first.modules });
  assert.equal(carried.template.stock, 'a4-25x28');
  const preview = await ok<{ problem: { en: string } | null }>(app, 'previewSheet', { template: carried.template, batchId: planned.id, widthPx: 300 });
  assert.equal(preview.problem === null, carried.notFitting.length === 0, `${preview.problem?.en} / ${carried.notFitting.map((n) => n.en)}`);
  const unknown = await app.dispatch('carryDesign', { template, stockId: 'nope', modules: 29 });
  assert.ok(!unknown.ok && unknown.error.code === 'invalid_argument');
});

test('Add line then Add box through the contract: both in free room on the roll’s default design, which still prints with the batch’s real values', async () => {
  const app = testApp();
  const planned = await ok<{ id: number }>(app, 'planBatch', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'P-{seq:3}', start: 1, count: 5, step: 1 } });
  await app.batches.run(planned.id);
  let template = await ok<Template>(app, 'defaultTemplate', { stockId: 'roll-50x30' });
  const first = await ok<{ modules: number }>(app, 'previewSheet', { template, batchId: planned.id, widthPx: 300 });
  for (const [element, selected] of [['line', 'shape-0'], ['box', 'shape-1']] as const) {
    const placed = await ok<{ template: Template; selected: string; roomy: boolean; notice: unknown }>(app, 'placeDesignElement', { template, element, batchId: planned.id, modules: first.modules });
    assert.deepEqual([placed.selected, placed.roomy, placed.notice, placed.template.shapes.at(-1)?.kind], [selected, true, null, element]);
    template = placed.template;
  }
  const after = await ok<{ problem: { en: string } | null }>(app, 'previewSheet', { template, batchId: planned.id, widthPx: 300 });
  assert.equal(after.problem, null, after.problem?.en);
  const unknown = await app.dispatch('placeDesignElement', { template, element: 'circle', modules: first.modules });
  assert.ok(!unknown.ok && unknown.error.code === 'invalid_argument');
});
