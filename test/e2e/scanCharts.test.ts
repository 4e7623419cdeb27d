import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { BatchView } from '../../shared/contract';
import { SANDBOX_DEMO_CARD_ID } from '../../shared/cards/cardCode';
import { messageSignature } from '../../electron/core/verdicts/messageCrypto';
import { buildMessage } from '../../electron/core/verdicts/messageXml';
import { startMessageServer } from '../../electron/core/verdicts/messageServer';
import { openUi, screenshotSizes } from '../support/browser';
import { ok } from '../support/testApp';

const PRODUCT = { keystandard: 'ean13', keystr: '6900873042720' };
const pattern = (p: string, start: number, count: number) => ({ kind: 'pattern', pattern: p, start, count, step: 1 });

test('Anti-fake scans: verdicts per day, card claims per print run, clone suspects ranked, each opening its scans', async () => {
  const { page, app } = await openUi({ systemLocale: 'en-US' });
  const lot = await ok<BatchView>(app, 'planBatch', { product: PRODUCT, qrcodeSizePx: 100, name: 'Lot 3', source: pattern('CS-{seq:2}', 1, 10) });
  await app.batches.run(lot.id);
  await ok(app, 'activateBatch', { id: lot.id, range: { from: 1, to: 6 } });

  const server = await startMessageServer(app.verdicts, app.log, { token: 'chartTok' });
  after(() => server.close());
  let createTime = 1_700_000_000;
  const scan = async (extinfo: string | undefined, user: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = buildMessage({ ToUserName: 'gh_1', FromUserName: user, CreateTime: ++createTime, MsgType: 'event', Event: 'scan_product_callback', KeyStandard: PRODUCT.keystandard, KeyStr: PRODUCT.keystr, ...(extinfo ? { ExtInfo: extinfo } : {}) });
    // A nonce per push, as WeChat's: a pair used again with another body is a replay.
    const nonce = `n${createTime}`;
    const res = await fetch(`${server.url}/?signature=${messageSignature('chartTok', timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`, { method: 'POST', body });
    assert.equal(res.status, 200);
  };
  // A copied label: CS-01 in 7 hands; CS-02 in 3; CS-07 (not active) in 2; the rest once.
  for (let i = 0; i < 7; i++) await scan('CS-01', `oCopy${i}`);
  for (let i = 0; i < 3; i++) await scan('CS-02', `oShare${i}`);
  await scan('CS-02', 'oShare0');
  for (let i = 0; i < 2; i++) await scan('CS-07', `oEarly${i}`);
  for (let i = 3; i <= 6; i++) await scan(`CS-0${i}`, `oOnce${i}`);
  for (let i = 0; i < 3; i++) await scan(`FAKE-${i}`, `oFake${i}`);
  for (let i = 0; i < 2; i++) await scan(undefined, `oBarcode${i}`);
  // Spread the scans over the past week (the service dates a scan when it records it).
  app.db.prepare(`UPDATE verdicts SET at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (id % 7) || ' days')`).run();

  await app.batches.run((await ok<BatchView>(app, 'planDepositBatch', { cardId: SANDBOX_DEMO_CARD_ID, source: pattern('D{seq:4}', 1, 30) })).id);
  await ok(app, 'modifyCardStock', { cardId: SANDBOX_DEMO_CARD_ID, increase: 30 });
  const runs: BatchView[] = [];
  for (const [n, from] of [
    [5, 1],
    [6, 11],
  ] as const) {
    const run = await ok<BatchView>(app, 'planCardBatch', { cardId: SANDBOX_DEMO_CARD_ID, name: `Run ${n}`, source: pattern('D{seq:4}', from, 10), outerStr: `press-run-${n}` });
    await app.batches.run(run.id);
    runs.push(run);
  }
  const claim = (code: string, outerStr: string, user: string) =>
    app.verdicts.cardEvent({ event: 'claim', fromUser: user, createTime: ++createTime, cardId: SANDBOX_DEMO_CARD_ID, userCardCode: code, outerStr, givenBy: null, oldCode: null });
  for (let i = 1; i <= 8; i++) claim(`D${String(i).padStart(4, '0')}`, 'press-run-5', `oClaim${i}`);
  for (let i = 11; i <= 13; i++) claim(`D${String(i).padStart(4, '0')}`, 'press-run-6', `oClaim${i}`);
  app.verdicts.cardEvent({ event: 'consume', fromUser: 'oClaim1', createTime: ++createTime, cardId: SANDBOX_DEMO_CARD_ID, userCardCode: 'D0001', outerStr: '', givenBy: null, oldCode: null });

  await page.reload();
  await page.getByTestId('nav-log').click();
  await page.getByTestId('tab-verdicts').click();
  const perDay = page.getByTestId('chart-verdicts');
  await perDay.locator('.recharts-bar-rectangle').first().waitFor();
  assert.match(await perDay.innerText(), /real[\s\S]*not active[\s\S]*fake[\s\S]*no code/, 'a legend of the four answers');
  await page.getByTestId('chart-claims').locator('.recharts-bar-rectangle').first().waitFor();
  assert.match(await page.getByTestId('chart-claims').innerText(), new RegExp(`${runs[0]!.id} · Run 5[\\s\\S]*${runs[1]!.id} · Run 6`));

  const suspects = page.getByTestId('suspect-table').locator('tbody tr');
  assert.deepEqual(await suspects.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-suspect'))), ['CS-01', 'CS-02', 'CS-07'], 'most different users first; a code scanned by one user is no suspect');
  assert.match(await suspects.first().innerText(), /7\s*suspicious\s*7/);
  assert.match(await suspects.nth(2).innerText(), /not active/);

  await page.getByTestId('open-scans-CS-02').click();
  await page.getByText('The scans of ean13:6900873042720 / CS-02').waitFor();
  const rows = page.getByTestId('verdict-table').locator('tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="verdict-table"] tbody tr').length === 4);
  assert.deepEqual(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td:nth-child(2)')?.textContent?.trim()))), new Set(['ean13:6900873042720 / CS-02']));
  await screenshotSizes(page, 'log-scan-charts-en');

  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByText('ean13:6900873042720 / CS-02 的扫码').waitFor();
  await page.getByTestId('chart-verdicts').getByText('未带码', { exact: true }).waitFor();
  await screenshotSizes(page, 'log-scan-charts-zh-CN');

  await page.getByTestId('all-scans').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="verdict-table"] tbody tr').length === 22);
});
