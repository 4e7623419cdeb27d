import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openUi, screenshotSizes } from '../support/browser';
import { ok } from '../support/testApp';

test('the Export panel shows the stock a saved design prints on, not the one picked before', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const template = await ok(app, 'defaultTemplate', { stockId: 'avery-l7160' });
  await ok(app, 'saveTemplate', { name: 'Jar lids L7160', template });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'ST-{seq:3}', start: 1, count: 30, step: 1 } });
  await app.batches.run(batch.id);
  await page.reload();
  await page.getByTestId(`export-${batch.id}`).click();
  await page.getByTestId('sheet-preview').waitFor();
  assert.equal(await page.locator('#export-stock').inputValue(), 'avery-l7651', 'the default design on the default stock');
  await page.locator('#export-design').selectOption('Jar lids L7160');
  await page.waitForFunction(() => (document.querySelector('#export-stock') as HTMLSelectElement).value === 'avery-l7160');
  assert.match(await page.locator('#export-stock option:checked').innerText(), /L7160/);
  assert.ok(await page.locator('#export-stock').isDisabled(), 'the design decides its stock');
  await screenshotSizes(page, 'export-design-stock-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.locator('#export-stock option:checked').getByText(/L7160/).waitFor({ state: 'attached' });
  await screenshotSizes(page, 'export-design-stock-zh-CN');
});

test('the Export panel preselects the design saved last for the stock it opens on', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const shelf = await ok(app, 'defaultTemplate', { stockId: 'avery-l7651' });
  const lids = await ok(app, 'defaultTemplate', { stockId: 'avery-l7160' });
  // Saved one after the other (a file's time tells them apart): the newest for L7651 is "Shelf A", saved after "Shelf B".
  await ok(app, 'saveTemplate', { name: 'Shelf B', template: shelf });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await ok(app, 'saveTemplate', { name: 'Shelf A', template: shelf });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await ok(app, 'saveTemplate', { name: 'Jar lids L7160', template: lids });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'SH-{seq:3}', start: 1, count: 10, step: 1 } });
  await app.batches.run(batch.id);
  await page.reload();
  await page.getByTestId(`export-${batch.id}`).click();
  await page.getByTestId('sheet-preview').waitFor();
  await page.waitForFunction(() => (document.querySelector('#export-design') as HTMLSelectElement).value !== '');
  assert.equal(await page.locator('#export-design').inputValue(), 'Shelf A', 'the newest design for L7651, not the newest of all');
  assert.equal(await page.locator('#export-stock').inputValue(), 'avery-l7651');
  await screenshotSizes(page, 'export-design-preselected-en');
});
