import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { PDFDocument, rgb } from 'pdf-lib';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { openUi, screenshotSizes } from '../support/browser';
import { tempDir } from '../support/tempDir';

const PT_PER_MM = 72 / 25.4;

test('log: Verify again decodes an export as it is on disk; a code covered since then is named', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Lot 3', source: { kind: 'pattern', pattern: 'VA-{seq:3}', start: 1, count: 30, step: 1 } });
  await app.batches.run(batch.id);
  const dir = tempDir();
  const file = path.join(dir, 'lot3.pdf');
  const manifest = path.join(dir, 'lot3.csv');
  await app.exports.export({ batchId: batch.id, template: defaultTemplate('avery-l7160'), out: file, manifest, verify: 'off' });

  await page.getByTestId('nav-log').click();
  await page.getByTestId('tab-exports').click();
  await page.getByTestId('verify-again-1').click();
  await page.getByTestId('notice').getByText('Export 1: 30 labels decode to their logged codes, as the file is now.').waitFor();

  // A white box over one code, laid on after the export (as a later overlay would).
  const label = (parse(fs.readFileSync(manifest, 'utf8'), { columns: true }) as Record<string, string>[])[4]!;
  const pdf = await PDFDocument.load(fs.readFileSync(file));
  const sheet = pdf.getPage(0);
  const size = Number(label.qr_size_mm) * PT_PER_MM;
  sheet.drawRectangle({ x: Number(label.qr_x_mm) * PT_PER_MM, y: sheet.getHeight() - Number(label.qr_y_mm) * PT_PER_MM - size, width: size, height: size, color: rgb(1, 1, 1) });
  fs.writeFileSync(file, await pdf.save());

  await page.getByTestId('verify-again-1').click();
  await page.getByTestId('notice').getByText(`Export 1: 1 of 30 labels do not decode to their logged codes — first: ${label.extinfo} (page 1). Do not print this file.`).waitFor();
  assert.match(await page.getByTestId('recheck-1').innerText(), /Checked again: 30 labels decoded, 1 failed · the file changed since export/);
  await screenshotSizes(page, `log-verify-again-en`);
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('recheck-1').getByText('已重新校验').waitFor();
  await screenshotSizes(page, `log-verify-again-zh-CN`);
});
