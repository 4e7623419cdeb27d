import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { openUi, screenshot } from '../support/browser';
import { tempDir } from '../support/tempDir';

// Every screen from 1024 × 640 up: each control a person may need — buttons, fields, choices —
// can be scrolled to and is whole inside the window, not cut off at its edge nor hidden under
// something else. Looked at in both languages (Chinese labels are shorter, English ones longer).

const WINDOW = { width: 1024, height: 640 };
const CONTROLS = 'main button, main select, main input:not([type="file"]), main textarea';

/** Every visible control of the screen, scrolled to: whole in the window and the one under its centre. */
async function everyControlReachable(page: Page, screen: string): Promise<number> {
  const controls = page.locator(CONTROLS);
  const count = Math.min(await controls.count(), 80);
  let checked = 0;
  for (let i = 0; i < count; i++) {
    const control = controls.nth(i);
    if (!(await control.isVisible())) continue;
    const placed = await control.evaluate((element) => {
      element.scrollIntoView({ block: 'center', inline: 'center' });
      const r = element.getBoundingClientRect();
      const under = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return {
        box: { left: Math.round(r.left), top: Math.round(r.top), right: Math.round(r.right), bottom: Math.round(r.bottom) },
        whole: r.left >= -0.5 && r.top >= -0.5 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5,
        uncovered: Boolean(under && (under === element || element.contains(under) || (element as HTMLInputElement).labels?.[0]?.contains(under))),
        name: (element.textContent || (element as HTMLInputElement).id || element.getAttribute('aria-label') || element.tagName).trim().slice(0, 40),
      };
    });
    assert.ok(placed.whole, `${screen}: "${placed.name}" is cut off at the window's edge: ${JSON.stringify(placed.box)}`);
    assert.ok(placed.uncovered, `${screen}: "${placed.name}" is under something else`);
    checked++;
  }
  return checked;
}

test('every screen at 1024 × 640, in both languages: every control within reach', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  // A done batch with an export (its actions on Batches and Log) and a design with a barcode.
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Small window', source: { kind: 'pattern', pattern: 'SMALL-WINDOW-LONG-{seq:6}', start: 1, count: 30, step: 1 } });
  await app.batches.run(batch.id);
  await app.exports.export({ batchId: batch.id, template: defaultTemplate('avery-l7651'), out: path.join(tempDir(), 'small.pdf'), verify: 'off' });
  await page.setViewportSize(WINDOW);

  const visits: [string, () => Promise<void>][] = [
    ['batches', async () => page.getByTestId(`export-${batch.id}`).waitFor()],
    ['export', async () => (await page.getByTestId(`export-${batch.id}`).click(), await page.getByTestId('sheet-preview').waitFor())],
    ['templates', async () => (await page.getByTestId('template-ok').waitFor(), await page.getByTestId('select-text-0').click())],
    ['products', async () => (await page.locator('[data-testid="product-table"] tbody tr').first().click(), await page.getByTestId('product-detail').waitFor())],
    ['rules', async () => page.getByTestId('publish-quota').waitFor()],
    ['testers', async () => page.getByTestId('ticket-check').waitFor()],
    ['log', async () => page.getByTestId('code-table').locator('tbody tr').first().waitFor()],
    ['log-exports', async () => (await page.getByTestId('tab-exports').click(), await page.getByTestId('export-table').locator('tbody tr').first().waitFor())],
    ['account', async () => page.getByTestId('add-account').waitFor()],
  ];
  for (const language of ['en', 'zh-CN'] as const) {
    await page.getByTestId('language-select').selectOption(language);
    for (const [screen, open] of visits) {
      const route = screen === 'export' ? 'batches' : screen.split('-')[0]!;
      await page.getByTestId(`nav-${route}`).click();
      await open();
      await page.waitForTimeout(200);
      const checked = await everyControlReachable(page, `${screen} (${language})`);
      assert.ok(checked >= 3, `${screen}: ${checked} controls`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `window-1024x640-${screen}-${language}`, { fullPage: false });
    }
  }
});
