import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SANDBOX_DEMO_CARD_ID } from '../../shared/cards/cardCode';
import { decodeQrCodes } from '../../electron/core/sheets/qrDecoder';
import { openUi, screenshot } from '../support/browser';
import { tempDir } from '../support/tempDir';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 640 },
] as const;

test('card codes on the Batches screen: deposit 150 codes, reconcile, a card QR batch with outer_str, export, every code decodes to its ticket url', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  await page.getByTestId('kind-card').click();
  await page.locator('#batch-card').fill(SANDBOX_DEMO_CARD_ID);
  await page.locator('#batch-pattern').fill('CARD-{seq:6}');
  await page.locator('#batch-count').fill('150');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `batches-new-card-deposit-en-${size.width}x${size.height}`);
  }
  await page.getByTestId('plan-batch').click();
  const deposit = page.locator('[data-batch-id="1"]');
  await deposit.and(page.locator('[data-state="done"]')).waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('progress-1').innerText(), /150 of 150 deposited/);
  assert.equal(await page.getByTestId('export-1').count(), 0, 'a deposit has nothing to print');
  await page.getByTestId('reconcile-1').click();
  await page.getByTestId('notice').getByText(`Card ${SANDBOX_DEMO_CARD_ID}: WeChat holds 150, the log has 150 deposited; checkcode finds all of them.`).waitFor();

  await page.getByTestId('card-step-qr').check();
  await page.locator('#batch-outer').fill('press-run-1');
  await page.locator('#batch-count').fill('150');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByText('2. 为每个已导入的 code 生成卡券二维码,用于印刷').waitFor();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `batches-new-card-qr-zh-CN-${size.width}x${size.height}`);
  }
  await page.getByTestId('language-select').selectOption('en');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('plan-batch').click();
  const cards = page.locator('[data-batch-id="2"]');
  await cards.and(page.locator('[data-state="done"]')).waitFor({ timeout: 30_000 });
  const expected = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  assert.match(await page.getByTestId('valid-until-2').innerText(), new RegExp(`valid until (${expected}|\\d{4}-\\d{2}-\\d{2})`));
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `batches-card-done-en-${size.width}x${size.height}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  const batch = app.batches.repo.get(2);
  assert.deepEqual(batch.options, { outerStr: 'press-run-1' });

  await page.getByTestId('export-2').click();
  await page.getByTestId('sheet-preview').waitFor();
  const out = await page.locator('#export-out').inputValue();
  await page.getByTestId('run-export').click();
  await page.getByTestId('export-result').getByText('150 labels on 3 pages').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('export-result').innerText(), /150 labels decoded one by one, 0 failed/);
  const dir = tempDir();
  execFileSync('pdftoppm', ['-r', '300', '-f', '1', '-l', '1', '-gray', '-png', out, path.join(dir, 'p')]);
  const decoded = await decodeQrCodes(new Uint8Array(fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]!))));
  const tickets = app.batches.repo.codes({ batchId: 2 }).slice(0, 65).map((c) => c.content!);
  assert.ok(tickets.every((url) => url.startsWith('http://weixin.qq.com/q/')));
  assert.deepEqual(decoded.sort(), tickets.sort());
});

test('card tools for testers: the card whitelist beside the product one (count, diff, audit) and the card article HTML in a frame that runs no script', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US', route: 'testers' });
  await page.locator('#card-wl-openid').fill('oCardTester10000000000000001\noCardTester20000000000000002');
  await page.getByTestId('card-tester-count').getByText('2 of 10 testers').waitFor();
  assert.match(await page.getByTestId('card-whitelist-diff').innerText(), /\+ oCardTester10000000000000001[\s\S]*\+ oCardTester20000000000000002/);
  await page.getByTestId('card-save-whitelist').click();
  await page.getByTestId('notice').getByText('The card whitelist was saved (2 testers).').waitFor();
  await page.getByTestId('card-whitelist-diff').getByText('No change from the list last saved.').waitFor();
  assert.match(await page.getByTestId('whitelist-diff').innerText(), /No change/, 'the product whitelist is its own list');
  assert.deepEqual(app.actions.list({ accountId: 'sandbox' }).map((a) => a.kind), ['setCardTestWhitelist']);

  await page.locator('#tester-card').fill(SANDBOX_DEMO_CARD_ID);
  await page.getByTestId('show-mpnews').click();
  await page.getByTestId('mpnews-frame').waitFor();
  assert.equal(await page.getByTestId('mpnews-frame').getAttribute('sandbox'), '', 'no allow-scripts');
  assert.match(await page.getByTestId('mpnews-html').innerText(), new RegExp(`<iframe class="res_iframe card_iframe js_editor_card" data-src="[^"]*cardid=${SANDBOX_DEMO_CARD_ID}`));
  await page.locator('#landing-title').fill('新品券 New deal');
  await page.locator('#landing-banner').fill('https://img.example/banner.png');
  await page.locator('#landing-cards').fill(`${SANDBOX_DEMO_CARD_ID} https://img.example/thumb.png`);
  await page.getByTestId('landing-create').click();
  await page.getByTestId('notice').getByText('The landing page is batch 1: its address is the code.').waitFor();
  for (let i = 0; i < 50 && app.batches.repo.get(1).state !== 'done'; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  const [landing] = app.batches.repo.codes({ batchId: 1 });
  assert.match(landing!.content!, /\/sandbox\/landing\/1$/);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `testers-cards-en-${size.width}x${size.height}`);
  }
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByRole('heading', { name: '卡券测试白名单' }).waitFor();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `testers-cards-zh-CN-${size.width}x${size.height}`);
  }
});
