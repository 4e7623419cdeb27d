import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openUi, screenshotSizes } from '../support/browser';

// #17: the designer offers the batch's own fields (product page, CSV columns, dates) and a linear
// barcode, with the preview drawn from the batch's real values.

const CSV = ['extinfo,lot,bbd', ...Array.from({ length: 24 }, (_, i) => `LD-${String(i + 1).padStart(3, '0')},L${(i % 3) + 1},2027-03-${String(i + 1).padStart(2, '0')}`)].join('\n');

test('designer: fields of the chosen batch go where the cursor is; a barcode is checked with its real values', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Lot L', source: { kind: 'file', fileName: 'lots.csv', content: CSV } });
  await app.batches.run(batch.id);
  await page.getByTestId('nav-templates').click();
  await page.locator('#tpl-start').selectOption('avery-l7160');
  await page.locator('#tpl-batch').selectOption(String(batch.id));

  // The batch's columns are offered with its first label's values; a date column also formatted.
  const chips = page.getByTestId('label-fields');
  await chips.getByText('{col:lot}').waitFor();
  assert.match(await chips.innerText(), /\{col:bbd\|YYYY\.MM\.DD\}\s*2027\.03\.01/);
  assert.match(await chips.innerText(), /\{extinfo\}\s*LD-001/);

  // Into line 2, after what is there: the cursor decides where.
  const line2 = page.locator('#line-1');
  await line2.click();
  await line2.press('End');
  await line2.type(' · ');
  await chips.getByRole('button', { name: /\{col:lot\}/ }).click();
  await chips.getByRole('button', { name: /\{col:bbd\|YYYY\.MM\.DD\}/ }).click();
  assert.equal(await line2.inputValue(), '{extinfo} · {col:lot}{col:bbd|YYYY.MM.DD}');
  await page.getByTestId('template-ok').waitFor();

  // A barcode of the product key: the demo key's check digit is wrong, and the preview says so.
  await page.getByTestId('barcode-on').check();
  await page.getByTestId('template-problem').getByText(/"6900873042720" has a wrong EAN-13 check digit: the last digit should be 2/).waitFor();
  await page.locator('#barcode-symbology').selectOption('code128');
  const value = page.locator('#barcode-value');
  await value.fill('');
  await chips.getByRole('button', { name: /^\{extinfo\}/ }).click();
  assert.equal(await value.inputValue(), '{extinfo}');
  await page.getByTestId('template-ok').waitFor();
  await screenshotSizes(page, 'templates-fields-barcode-en');

  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByText('预览使用以下批次的真实值').waitFor();
  await page.getByTestId('template-ok').waitFor();
  await screenshotSizes(page, 'templates-fields-barcode-zh-CN');
});
