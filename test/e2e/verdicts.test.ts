import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { messageSignature } from '../../electron/core/verdicts/messageCrypto';
import { buildMessage } from '../../electron/core/verdicts/messageXml';
import { startMessageServer } from '../../electron/core/verdicts/messageServer';
import { openUi, screenshot } from '../support/browser';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 640 },
] as const;

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
  await page.getByTestId('notice').getByText('Batch 1: 20 code(s) activated; scans of them now answer real.').waitFor();

  const server = await startMessageServer(app.verdicts, app.log, { token: 'tok123' });
  after(() => server.close());
  const scan = async (extinfo: string, user: string, createTime: number) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = buildMessage({ ToUserName: 'gh_1', FromUserName: user, CreateTime: createTime, MsgType: 'event', Event: 'scan_product_callback', KeyStandard: 'ean13', KeyStr: '6900873042720', ExtInfo: extinfo });
    await fetch(`${server.url}/?signature=${messageSignature('tok123', timestamp, 'n')}&timestamp=${timestamp}&nonce=n`, { method: 'POST', body });
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
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `log-verdicts-en-${size.width}x${size.height}`);
  }
  await page.getByTestId('language-select').selectOption('zh-CN');
  await table.getByText('可疑').first().waitFor();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `log-verdicts-zh-CN-${size.width}x${size.height}`);
  }
});
