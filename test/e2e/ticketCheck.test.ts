import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandboxServer';
import { openUi, screenshotSizes } from '../support/browser';
import { rawPost } from '../support/sandbox';

test('testers: a wxticket (or the link that carries it) checked with WeChat and told in plain words; an unknown one explained', async () => {
  let sandbox: Sandbox | undefined;
  const { page, app } = await openUi({ systemLocale: 'en-US', route: 'testers', startSandbox: async () => (sandbox = await startSandbox({ reviewDelayMs: 0, demoProduct: true })) });
  await app.wechatFor('sandbox');
  const scan = await rawPost(sandbox!, '/sandbox/scan', { keystandard: 'ean13', keystr: '6900873042720', extinfo: 'LOT7-000042', openid: 'otAzGjrS4AYCmeJM1GhEOcHXXTAo' });
  const link = `https://brand.example/landing?wxkeystandard=ean13&wxkeystr=6900873042720&wxticket=${encodeURIComponent(String(scan.ticket))}&wxextinfo=LOT7-000042`;

  // The heading says what it is before the jargon; the hint keeps a field's gap from the input's label.
  assert.equal(await page.getByTestId('ticket-check').locator('h2').innerText(), 'Check who scanned a code (wxticket)');
  const [hint, label] = await Promise.all([page.getByTestId('ticket-intro').boundingBox(), page.locator('label[for="ticket-input"]').boundingBox()]);
  assert.ok(hint && label && label.y - (hint.y + hint.height) >= 10, `a gap under the hint: ${JSON.stringify({ hint, label })}`);
  // So does the card landing page's, beside it.
  const [landingHint, landingLabel] = await Promise.all([page.getByTestId('landing-page').locator('.panel-intro').boundingBox(), page.locator('label[for="landing-title"]').boundingBox()]);
  assert.ok(landingHint && landingLabel && landingLabel.y - (landingHint.y + landingHint.height) >= 10, `a gap under the landing page's hint: ${JSON.stringify({ landingHint, landingLabel })}`);
  const input = page.locator('#ticket-input');
  await input.fill('not a ticket!');
  await page.getByTestId('ticket-check').getByText('This is neither a wxticket nor a link with a wxticket parameter.').waitFor();
  assert.ok(await page.getByTestId('check-ticket').isDisabled());
  await input.fill(link);
  await page.getByTestId('check-ticket').click();
  const result = page.getByTestId('ticket-result');
  await result.getByText('LOT7-000042').waitFor();
  assert.match(await result.innerText(), /ean13:6900873042720[\s\S]*otAzGjrS4AYCmeJM1GhEOcHXXTAo[\s\S]*by scanning the code[\s\S]*no — the first scan of this code/);
  await screenshotSizes(page, `testers-ticket-en`);
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByText('查看谁扫了码(wxticket)').waitFor();
  await page.getByTestId('check-ticket').click();
  await result.getByText('扫码进入').waitFor();
  await screenshotSizes(page, `testers-ticket-zh-CN`);
  await input.fill('bm90LWEtdGlja2V0');
  await page.getByTestId('check-ticket').click();
  await page.getByTestId('notice').getByText('微信不认识此 wxticket').waitFor();
});
