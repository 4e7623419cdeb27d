import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { messageSignature } from '../../electron/core/verdicts/messageCrypto';
import { buildMessage } from '../../electron/core/verdicts/messageXml';
import { startMessageServer } from '../../electron/core/verdicts/messageServer';
import { openUi, screenshotSizes } from '../support/browser';

test('activate a batch on the Batches screen; the anti-fake answers and suspicious codes on the Log screen', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Lot 9', source: { kind: 'pattern', pattern: 'AF-{seq:2}', start: 1, count: 20, step: 1 } });
  await app.batches.run(batch.id);
  await page.reload();
  page.once('dialog', (dialog) => {
    assert.match(dialog.message(), /Activate the 20 codes of batch 1\?/);
    void dialog.accept();
  });
  await page.getByTestId('activate-1').click();
  await page.getByTestId('notice').getByText('Batch 1: 20 codes activated; scans of them now answer real.').waitFor();

  const server = await startMessageServer(app.verdicts, app.log, { token: 'tok123' });
  after(() => server.close());
  const scan = async (extinfo: string, user: string, createTime: number) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = buildMessage({ ToUserName: 'gh_1', FromUserName: user, CreateTime: createTime, MsgType: 'event', Event: 'scan_product_callback', KeyStandard: 'ean13', KeyStr: '6900873042720', ExtInfo: extinfo });
    const nonce = `n${createTime}`;
    await fetch(`${server.url}/?signature=${messageSignature('tok123', timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`, { method: 'POST', body });
  };
  for (let i = 0; i < 6; i++) await scan('AF-01', `oUser${i}`, 1_700_000_000 + i);
  await scan('AF-99', 'oUser9', 1_700_000_100);
  app.activation.set(batch.id, { from: 2, to: 2 }, false);
  await scan('AF-02', 'oUser9', 1_700_000_101);

  await page.getByTestId('nav-log').click();
  await page.getByTestId('tab-verdicts').click();
  const table = page.getByTestId('verdict-table');
  await table.locator('[data-verdict="fake"]').getByText('fake').waitFor();
  assert.equal(await table.locator('[data-verdict="real"]').count(), 6);
  assert.equal(await table.locator('[data-verdict="not_active"]').count(), 1);
  assert.match(await table.locator('[data-verdict="real"]').first().innerText(), /6 by 6 user\(s\)\s*suspicious/);
  await screenshotSizes(page, `log-verdicts-en`);
  await page.getByTestId('language-select').selectOption('zh-CN');
  await table.getByText('可疑').first().waitFor();
  await screenshotSizes(page, `log-verdicts-zh-CN`);
});

test('activate and deactivate a range from the Log screen: checked positions, confirmed, shown per code', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Lot 12', source: { kind: 'pattern', pattern: 'LA-{seq:2}', start: 1, count: 12, step: 1 } });
  await app.batches.run(batch.id);
  await page.reload();
  await page.getByTestId('nav-log').click();
  assert.equal(await page.getByTestId('activation-bar').count(), 0, 'no activation without a batch chosen');
  await page.locator('#log-batch').selectOption(String(batch.id));
  await page.getByTestId('activation-bar').waitFor();
  assert.equal(await page.locator('#activate-to').inputValue(), '12', 'the whole batch by default');

  await page.locator('#activate-to').fill('13');
  await page.getByTestId('activate-problem').getByText('Positions are whole numbers from 1 to 12, the first no greater than the last.').waitFor();
  assert.ok(await page.getByTestId('activate-range').isDisabled());
  await page.locator('#activate-to').fill('12');

  page.once('dialog', (dialog) => {
    assert.match(dialog.message(), /Activate positions 1–12 of batch 1\?/);
    void dialog.accept();
  });
  await page.getByTestId('activate-range').click();
  await page.getByTestId('notice').getByText('Batch 1, positions 1–12: 12 codes activated.').waitFor();

  await page.locator('#activate-from').fill('5');
  await page.locator('#activate-to').fill('8');
  page.once('dialog', (dialog) => {
    assert.match(dialog.message(), /Deactivate positions 5–8 of batch 1\?/);
    void dialog.accept();
  });
  await page.getByTestId('deactivate-range').click();
  await page.getByTestId('notice').getByText('Batch 1, positions 5–8: 4 codes deactivated.').waitFor();
  await page.locator('[data-extinfo="LA-05"] [data-testid="active-at"]').getByText('not active').waitFor();
  assert.match(await page.locator('[data-extinfo="LA-04"] [data-testid="active-at"]').innerText(), /^active since 2\d{3}-/);
  assert.equal(app.verdicts.verdictOf('ean13', '6900873042720', 'LA-06'), 'not_active');
  assert.equal(app.verdicts.verdictOf('ean13', '6900873042720', 'LA-09'), 'real');
  assert.deepEqual(app.actions.list({ accountId: 'sandbox' }).filter((a) => a.kind.endsWith('ctivateCodes')).map((a) => a.target), ['batch 1 5-8', 'batch 1 1-12']);

  await screenshotSizes(page, `log-activation-en`);
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByText('货物出厂后激活其码').waitFor();
  await screenshotSizes(page, `log-activation-zh-CN`);
});
