import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { AppError } from '../../electron/core/appError';
import { renderZpl } from '../support/zplRender';
import { tempDir } from '../support/tempDir';
import { testApp } from '../support/testApp';

// The ZPL writer: a roll's labels as ZPL II formats at the printer's dots, rendered by an
// independent renderer (Zebrash, via zpl-renderer-js) and every label decoded.

const app = testApp();
const out = tempDir();
const plan = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Lot 9', source: { kind: 'pattern', pattern: 'LOT9-{seq:6}', start: 1, count: 12, step: 1 } });
await app.batches.run(plan.id, { concurrency: 8 });
const batchId = plan.id;
const codes = app.batches.repo.codes({ batchId });

for (const [printerDpi, dotsPerMm] of [[203, 8], [300, 12], [600, 24]] as const) {
  test(`--format zpl at ${printerDpi} dpi: a format per label, a dot a pixel, every label rendered independently decodes in order`, async () => {
    const template = { ...defaultTemplate('roll-50x30'), printerDpi };
    const file = path.join(out, `roll-${printerDpi}.zpl`);
    // Chinese needs 24 dots an em (8.5 pt at 203 dpi), more than the roll's default text: a 203 dpi label prints a Latin title.
    const result = await app.exports.export({ batchId, template, out: file, format: 'zpl', verify: 'full', title: printerDpi === 203 ? 'Sample 7' : '示例产品 Sample' });
    assert.deepEqual([result.verify.checked, result.verify.failures.length], [12, 0]);
    assert.deepEqual(result.files.map((f) => [f.file, f.pages]), [[file, 12]]);
    const zpl = fs.readFileSync(file, 'latin1');
    assert.equal(zpl.match(/\^XA/g)?.length, 12);
    assert.equal(zpl.match(/\^XZ/g)?.length, 12);
    // The label is 50 × 30 mm in the printer's own dots.
    assert.equal(zpl.match(new RegExp(`\\^PW${50 * dotsPerMm}\\^LL${30 * dotsPerMm}`, 'g'))?.length, 12);
    assert.match(zpl, /\^GFA,\d+,\d+,\d+,:Z64:[A-Za-z0-9+/=]+:[0-9A-F]{4}\^FS/);
    assert.ok(!/[^\x09\x0a\x20-\x7e]/.test(zpl), 'ZPL is printable ASCII: Chinese text travels as a graphic');
    const labels = await renderZpl(zpl, { widthMm: 50, heightMm: 30, dotsPerMm });
    assert.equal(labels.length, 12);
    assert.deepEqual([labels[0]!.width, labels[0]!.height], [50 * dotsPerMm, 30 * dotsPerMm]);
    for (let i = 0; i < labels.length; i++) assert.deepEqual(await decodeQrCodes(labels[i]!), [codes[i]!.content], `label ${i + 1}`);
  });
}

test('--format zpl refuses a sheet stock, --dpi and a resolution label printers do not have, writing nothing', async () => {
  const cases: [Parameters<typeof app.exports.export>[0], RegExp][] = [
    [{ batchId, template: defaultTemplate('avery-l7651'), out: path.join(out, 'a.zpl'), format: 'zpl' }, /for label printers on a roll: avery-l7651 is a sheet of 65 labels/],
    [{ batchId, template: defaultTemplate('roll-50x30'), out: path.join(out, 'b.zpl'), format: 'zpl', dpi: 300 }, /give --printer-dpi 203, 300 or 600, not --dpi/],
    [{ batchId, template: { ...defaultTemplate('roll-50x30'), printerDpi: 400 }, out: path.join(out, 'c.zpl'), format: 'zpl' }, /--printer-dpi must be 203, 300 or 600 \(got 400\)/],
  ];
  for (const [request, message] of cases) {
    await assert.rejects(app.exports.export(request), (error: unknown) => error instanceof AppError && message.test(error.text.en) && /ZPL/.test(error.text['zh-CN']));
  }
  assert.deepEqual(fs.readdirSync(out).filter((f) => /^[abc]\.zpl/.test(f)), []);
});
