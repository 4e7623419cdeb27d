import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { openUi, screenshot, screenshotSizes } from '../support/browser';

test('a fresh install: the sandbox says it is not WeChat, and a guided first batch goes from 50 demo codes to an opened PDF', async () => {
  const opened: string[] = [];
  const printed: string[] = [];
  const { page, app } = await openUi({
    systemLocale: 'en-US',
    desktop: { showItemInFolder: () => undefined, openFile: async (file) => void opened.push(file), chooseSaveFile: async () => null, printFile: async (file) => void printed.push(file) },
  });
  await page.getByTestId('sandbox-chip').getByText('Sandbox — not WeChat').waitFor();
  const guide = page.getByTestId('first-run');
  await guide.getByText('Your first batch, in three steps').waitFor();
  assert.match(await guide.innerText(), /WeChat does not know them/);
  await screenshotSizes(page, `first-run-en`);
  await page.getByTestId('language-select').selectOption('zh-CN');
  await guide.getByText('三步完成第一个批次').waitFor();
  await page.getByTestId('sandbox-chip').getByText('沙箱 —— 不是微信').waitFor();
  await screenshotSizes(page, `first-run-zh-CN`);

  // Issued in zh-CN, the demo batch is named in Chinese; the guide finds it again in English.
  await page.getByTestId('guide-issue').click();
  await page.getByTestId('guide-export').waitFor({ timeout: 30_000 });
  await screenshot(page, 'first-run-step2-zh-CN');
  const [batch] = app.batches.repo.list();
  assert.deepEqual([batch!.name, batch!.codeCount, batch!.state], ['示例', 50, 'done']);
  await page.getByTestId('language-select').selectOption('en');
  await page.getByTestId('guide-export').waitFor();
  await page.getByTestId('guide-export').click();
  await page.getByTestId('sheet-preview').waitFor();
  await page.getByTestId('run-export').click();
  await page.getByTestId('export-result').getByText('50 labels on 1 page').waitFor({ timeout: 60_000 });
  // The guide stays above the demo's export, its second step done: the third is offered.
  await guide.locator('.step.done').nth(1).waitFor();
  await screenshotSizes(page, 'first-run-step3-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('guide-open').getByText('打开 PDF').waitFor();
  await screenshotSizes(page, 'first-run-step3-zh-CN');
  await page.getByTestId('language-select').selectOption('en');
  await page.getByTestId('guide-open').click();
  for (let i = 0; i < 50 && !opened.length; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(opened.length, 1, 'the PDF is handed to the system viewer');
  await page.getByTestId('open-export').click();
  for (let i = 0; i < 50 && opened.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(opened, [opened[0], opened[0]], 'the guide and the export result open the same PDF');
  assert.match(execFileSync('pdfinfo', [opened[0]!], { encoding: 'utf8' }), /Pages:\s+1/);
  // Print… → System print dialog…: the desktop app hands the PDF to the system's print dialog.
  await page.getByTestId('print-export').click();
  await page.getByTestId('print-system').click();
  for (let i = 0; i < 100 && !printed.length; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(printed, [opened[0]]);
  await screenshot(page, 'first-run-exported-en');
  // Closed once its three steps are done, the guide is not offered again.
  await page.getByTestId('guide-close').click();
  await guide.waitFor({ state: 'detached' });
  // Not even for a moment while the page reads its lists (it flashed back before the exports came).
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="first-run"]')) document.documentElement.dataset.guideSeen = 'yes';
    }).observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  await page.getByTestId('batch-table').waitFor();
  await page.waitForTimeout(500);
  assert.equal(await guide.count(), 0);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.guideSeen), undefined, 'the closed guide never shown again');
  await page.getByTestId('nav-account').click();
  const about = page.getByTestId('this-computer');
  await about.getByText('Log file (for support)').waitFor();
  assert.match(await about.innerText(), /logs\/qrpack\.log/);
  await screenshot(page, 'about-en');
});
