import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { tempDir } from '../support/tempDir';
import { testApp } from '../support/testApp';

// The record stage: what the log says of each export, and when it is a reprint.

const app = testApp();
const out = tempDir();
const plan = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Lot 7', source: { kind: 'pattern', pattern: 'LOT7-{seq:6}', start: 1, count: 130, step: 1 } });
await app.batches.run(plan.id, { concurrency: 8 });
const batchId = plan.id;

test('"(a reprint)" only for codes printed before onto the same stock: not for another stock, nor for other codes', async () => {
  const run = (stock: string, from: number, to: number, name: string) =>
    app.exports.export({ batchId, template: defaultTemplate(stock), out: path.join(out, name), verify: 'off', range: { from, to }, title: 'T' });
  assert.equal((await run('avery-l7651', 1, 65, 'first.pdf')).reprint, false);
  assert.equal((await run('avery-l7160', 1, 65, 'other-stock.pdf')).reprint, false, 'the same codes onto another stock');
  assert.equal((await run('avery-l7651', 66, 130, 'other-codes.pdf')).reprint, false, 'other codes onto the same stock');
  assert.equal((await run('avery-l7651', 60, 70, 'again.pdf')).reprint, true, 'codes printed before onto the same stock');
  const custom = { ...defaultTemplate('avery-l7651'), stock: { id: 'custom', name: 'mine', kind: 'sheet' as const, pageWidthMm: 210, pageHeightMm: 297, labelWidthMm: 38.1, labelHeightMm: 21.2, columns: 5, rows: 13, firstXMm: 4.75, firstYMm: 10.7, pitchXMm: 40.6, pitchYMm: 21.2 } };
  assert.equal((await app.exports.export({ batchId, template: custom, out: path.join(out, 'custom.pdf'), verify: 'off', range: { from: 1, to: 5 }, title: 'T' })).reprint, false, 'a custom stock is a stock of its own');
  assert.equal((await app.exports.export({ batchId, template: custom, out: path.join(out, 'custom-again.pdf'), verify: 'off', range: { from: 5, to: 6 }, title: 'T' })).reprint, true);
});
