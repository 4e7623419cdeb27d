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
    assert.match(dialog.message(), /Activate 20 codes of batch 1\?/);
    void dialog.accept();
  });
  await page.getByTestId('activate-1').click();
  await page.getByTestId('notice').getByText('Batch 1: 20 codes activated; scans of them now answer real.').waitFor();
  await page.getByTestId('activation-1').getByText('Activated: all 20 codes answer "real"').waitFor();
  assert.equal(await page.getByTestId('activate-1').count(), 0, 'nothing left to activate');
  await page.getByTestId('deactivate-1').waitFor();

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
  assert.match(await table.locator('[data-verdict="real"]').first().innerText(), /6 scans by 6 users\s*suspicious/);
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

test('Batches shows each batch\'s activation — none, part, all — with Activate and Deactivate', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, name: 'Lot 10', source: { kind: 'pattern', pattern: 'AC-{seq:2}', start: 1, count: 12, step: 1 } });
  await app.batches.run(batch.id);
  await page.reload();
  const state = page.getByTestId(`activation-${batch.id}`);
  await state.getByText('Not activated: scans answer "not active"').waitFor();
  assert.equal(await page.getByTestId(`deactivate-${batch.id}`).count(), 0, 'nothing to deactivate');
  app.activation.set(batch.id, { from: 1, to: 5 }, true);
  await page.reload();
  await state.getByText('Partly activated: 5 of 12 answer "real"').waitFor();
  page.once('dialog', (dialog) => {
    assert.match(dialog.message(), /Activate 7 codes of batch \d+\?/, 'the codes left to activate');
    void dialog.accept();
  });
  await page.getByTestId(`activate-${batch.id}`).click();
  await state.getByText('Activated: all 12 codes answer "real"').waitFor();
  page.once('dialog', (dialog) => {
    assert.match(dialog.message(), /Deactivate the 12 active codes of batch \d+\?/);
    void dialog.accept();
  });
  await page.getByTestId(`deactivate-${batch.id}`).click();
  await page.getByTestId('notice').getByText(`Batch ${batch.id}: 12 codes deactivated; scans of them now answer not active.`).waitFor();
  await state.getByText('Not activated: scans answer "not active"').waitFor();
  app.activation.set(batch.id, { from: 3, to: 8 }, true);
  await page.reload();
  await state.getByText('Partly activated: 6 of 12 answer "real"').waitFor();
  await screenshotSizes(page, 'batches-activation-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await state.getByText('部分激活:12 个中有 6 个扫码得到“真”').waitFor();
  await screenshotSizes(page, 'batches-activation-zh-CN');
});

test('card claims per print run: on the Batches row of each card batch and in the Log\'s table, in both languages', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const client = await app.wechatFor('sandbox');
  const { cardId } = await client.card.create({
    card_type: 'GROUPON',
    groupon: { base_info: { title: '买一送一', sku: { quantity: 0 }, use_custom_code: true, get_custom_code_mode: 'GET_CUSTOM_CODE_MODE_DEPOSIT' }, deal_detail: '示例' },
  });
  const source = { kind: 'pattern' as const, pattern: 'Q{seq:4}', start: 1, count: 12, step: 1 };
  const deposit = await app.dispatch('planDepositBatch', { cardId, source });
  assert.ok(deposit.ok);
  await app.batches.run((deposit.value as { id: number }).id);
  const planned = await app.dispatch('planCardBatch', { cardId, name: 'Press run 7', source, outerStr: 'press-run-7' });
  assert.ok(planned.ok);
  const run = (planned.value as { id: number }).id;
  await app.batches.run(run);
  const event = (kind: 'claim' | 'consume' | 'delete', user: string, code: string, time: number) =>
    app.verdicts.cardEvent({ event: kind, fromUser: user, createTime: time, cardId, userCardCode: code, outerStr: kind === 'claim' ? 'press-run-7' : '', givenBy: null, oldCode: null });
  for (let i = 1; i <= 5; i++) event('claim', `oShopper${i}`, `Q000${i}`, 1_700_200_000 + i);
  event('consume', 'oShopper1', 'Q0001', 1_700_200_100);
  event('delete', 'oShopper2', 'Q0002', 1_700_200_101);

  await page.reload();
  await page.getByTestId(`claims-${run}`).getByText('5 claimed · 1 used · 1 deleted').waitFor();
  await page.getByTestId('nav-log').click();
  await page.getByTestId('tab-verdicts').click();
  const row = page.getByTestId('claims-table').locator(`[data-claims-batch="${run}"]`);
  await row.getByText('press-run-7').waitFor();
  assert.match(await row.innerText(), new RegExp(`${run} · Press run 7\\s+${cardId}\\s+press-run-7\\s+5\\s+0\\s+1\\s+1`));
  await screenshotSizes(page, 'log-claims-en');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByText('各印次的卡券领取').waitFor();
  await screenshotSizes(page, 'log-claims-zh-CN');
  await page.getByTestId('nav-batches').click();
  await page.getByTestId(`claims-${run}`).getByText('领取 5 · 核销 1 · 删除 1').waitFor();
  await screenshotSizes(page, 'batches-claims-zh-CN');
});
