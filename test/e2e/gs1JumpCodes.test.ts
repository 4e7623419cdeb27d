import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { decodeQrCodes } from '../../electron/core/sheets/verify/qrDecoder';
import { parseGs1DigitalLink } from '../../shared/jump/gs1DigitalLink';
import { openUi, screenshot, screenshotSizes } from '../support/browser';
import { tempDir } from '../support/tempDir';

const GTIN = '06901234567892';
const PREFIX = `https://qr.brand.example/01/${GTIN}/`;
const PLAIN = 'https://qr.brand.example/p/';

test('GS1 Digital Link codes from the Batches screen: the GTIN read from the rule, lot and expiry, canonical URIs, exported and read back as a till reads them', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const client = await app.wechatFor();
  for (const prefix of [PREFIX, PLAIN]) {
    await app.jumpRules.save('sandbox', client, { prefix, path: 'pages/product/index', openVersion: 'release', exclusive: false, debugUrls: [`${prefix}TEST-1`] }, false);
    await app.jumpRules.publish('sandbox', client, prefix);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('nav-batches').click();
  await page.getByTestId('kind-jump').click();
  await page.locator('#batch-prefix').selectOption(PLAIN);
  await page.getByTestId('gs1-toggle').check();
  // A rule whose prefix does not end at a GTIN is refused as it is chosen, in plain words.
  await page.getByTestId('gs1-gtin').getByText(/must end at the GTIN/).waitFor();
  await page.locator('#batch-prefix').selectOption(PREFIX);
  await page.getByTestId('gs1-gtin').getByText(`GTIN ${GTIN}`).waitFor();
  await page.locator('#batch-lot').fill('LOT7');
  await page.locator('#batch-expiry').fill('2027-06-30');
  await page.locator('#batch-pattern').fill('S{seq:6}');
  await page.locator('#batch-count').fill('200');
  await page.locator('#batch-stock').selectOption('avery-l7160');
  const uri = (n: number) => `${PREFIX}10/LOT7/21/S${String(n).padStart(6, '0')}?17=270630`;
  assert.equal(await page.getByTestId('pattern-sample').innerText(), `${uri(1)}, ${uri(2)}, ${uri(3)}, …, ${uri(200)}`);
  assert.ok(await page.locator('input[name="source"]').nth(2).isDisabled(), 'test links are not GS1 codes');
  await screenshotSizes(page, 'batches-new-gs1-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByText('GS1 数字链接(微信与收银台共用一个码)').waitFor();
  await screenshotSizes(page, 'batches-new-gs1-zh-CN');
  await page.locator('#batch-lot').fill('LOT 7');
  await page.getByTestId('plan-batch').click();
  await page.getByTestId('notice').getByText(/批号\(--lot\)/).waitFor();
  await screenshotSizes(page, 'batches-new-gs1-refused-zh-CN');
  await page.getByTestId('language-select').selectOption('en');
  await page.getByTestId('notice').getByText(/Lot \(--lot\): 1 to 20/).waitFor();
  assert.equal(app.batches.repo.list('sandbox').length, 0, 'a refused plan writes nothing');
  await page.locator('#batch-lot').fill('LOT7');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('plan-batch').click();
  const row = page.locator('[data-batch-id="1"]');
  await row.and(page.locator('[data-state="done"]')).waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('progress-1').innerText(), /200 of 200 issued, 0 failed/);

  await page.getByTestId('export-1').click();
  await page.getByTestId('sheet-preview').waitFor();
  const out = path.join(app.dataDir, 'exports', await page.locator('#export-out').inputValue());
  await page.getByTestId('run-export').click();
  await page.getByTestId('export-result').getByText('200 labels on 10 pages').waitFor({ timeout: 120_000 });
  assert.match(await page.getByTestId('export-result').innerText(), /0 failed/);
  await screenshot(page, 'export-gs1-done-en');

  // Independently: poppler renders page 1; each of its 21 codes is a GS1 Digital Link a till reads.
  const dir = tempDir();
  execFileSync('pdftoppm', ['-r', '300', '-f', '1', '-l', '1', '-gray', '-png', out, path.join(dir, 'p')]);
  const png = fs.readdirSync(dir).find((f) => f.endsWith('.png'))!;
  const decoded = (await decodeQrCodes(new Uint8Array(fs.readFileSync(path.join(dir, png))))).sort();
  assert.deepEqual(decoded, Array.from({ length: 21 }, (_, i) => uri(i + 1)));
  for (const [i, text] of decoded.entries()) {
    assert.deepEqual(parseGs1DigitalLink(text), { gtin: GTIN, lot: 'LOT7', serial: `S${String(i + 1).padStart(6, '0')}`, expiry: '270630' });
  }
});

test("designer: a GS1 batch's fields — GS1's human-readable line, GTIN, lot, serial, expiry — with its first label's values", async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const client = await app.wechatFor();
  await app.jumpRules.save('sandbox', client, { prefix: PREFIX, path: 'pages/product/index', openVersion: 'release', exclusive: false, debugUrls: [] }, false);
  await app.jumpRules.publish('sandbox', client, PREFIX);
  const batch = await app.batches.planJump('sandbox', client, { prefix: PREFIX, source: { kind: 'pattern', pattern: 'S{seq:6}', start: 1, count: 50, step: 1 }, gs1: { lot: 'LOT7', expiry: '2027-06-30' } });
  await page.getByTestId('nav-templates').click();
  await page.locator('#tpl-start').selectOption('avery-l7160');
  await page.locator('#tpl-batch').selectOption(String(batch.id));
  const chips = page.getByTestId('label-fields');
  await chips.getByText('{gs1}').waitFor();
  const offered = await chips.innerText();
  assert.match(offered, /\{gs1\}\s*\(01\) 06901234567892 \(10\) LOT7 \(21\) S000001 \(17\) 270630/);
  assert.match(offered, /\{gtin\}\s*06901234567892/);
  assert.match(offered, /\{lot\}\s*LOT7/);
  assert.match(offered, /\{serial\}\s*S000001/);
  assert.match(offered, /\{expiry:DD\/MM\/YYYY\}\s*30\/06\/2027/);

  // GS1's line in place of the serial under the title.
  await page.getByTestId('select-text-1').click();
  const line2 = page.locator('#line-1');
  await page.getByTestId('template-ok').waitFor();
  const drawn = await page.evaluate(() => ({
    sheet: document.querySelector('[data-testid="template-preview"]')?.getAttribute('src') ?? null,
    label: document.querySelector('svg image')?.getAttribute('href') ?? null,
  }));
  await line2.fill('');
  await chips.getByRole('button', { name: /^\{gs1\}/ }).click();
  assert.equal(await line2.inputValue(), '{gs1}');
  await page.getByTestId('template-ok').waitFor();
  // The previews are drawn a moment after the edit: shot once both have come back.
  await page.waitForFunction(
    (before) => document.querySelector('[data-testid="template-preview"]')?.getAttribute('src') !== before.sheet && document.querySelector('svg image')?.getAttribute('href') !== before.label,
    drawn,
  );
  await screenshotSizes(page, 'templates-gs1-fields-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByText('预览使用以下批次的真实值').waitFor();
  await page.getByTestId('template-ok').waitFor();
  await screenshotSizes(page, 'templates-gs1-fields-zh-CN');
});
