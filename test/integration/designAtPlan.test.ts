import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Template } from '../../shared/sheets/templateSchema';
import { ok, testApp } from '../support/testApp';

// Labels that cannot print are found when the batch is planned (the new-batch form sends the design
// it previews), with the batch's real values — the product's title, the widest extinfo and CSV row —
// before anything is stored or issued.

const app = testApp();
const LONG_TITLE = '山泉水 550ml Spring water 天然矿泉水 Natural mineral water 饮用 drink'.padEnd(64, '好');
const KEY = { keystandard: 'ean13', keystr: '6901234567892' };
const plan = (design: Template, pattern = 'DP-{seq:5}', count = 30) =>
  app.dispatch('planBatch', { product: KEY, qrcodeSizePx: 100, design, source: { kind: 'pattern', pattern, start: 1, count, step: 1 } });
const batchCount = () => app.db.prepare('SELECT count(*) FROM batches').pluck().get() as number;

test('a 64-character title passes every default design at plan time; a design that cannot hold it is refused and nothing is stored', async () => {
  await ok(app, 'createProduct', { ...KEY, brandInfo: { base_info: { title: LONG_TITLE, thumb_url: 'http://mmbiz.qpic.cn/x/0', brand_tag: 'QR Pack', category_id: 0, retail_price: '1.00', store_mgr_type: 'auto', color: 'auto' } } });
  const stocks = await ok<{ id: string }[]>(app, 'listStocks');
  for (const [i, stock] of stocks.entries()) {
    const planned = await plan(await ok<Template>(app, 'defaultTemplate', { stockId: stock.id }), `S${i}-{seq:5}`);
    assert.equal(planned.ok, true, `${stock.id}: ${JSON.stringify(planned)}`);
  }
  const before = batchCount();

  const l7651 = await ok<Template>(app, 'defaultTemplate', { stockId: 'avery-l7651' });
  const oneLine: Template = { ...l7651, name: 'one line', text: [{ ...l7651.text[0]!, lines: 1, minSizePt: 4 }, l7651.text[1]!] };
  const refused = await plan(oneLine);
  assert.equal(refused.ok, false);
  if (refused.ok) return;
  assert.equal(refused.error.code, 'invalid_argument');
  assert.equal(refused.error.fields?.[0]?.field, 'design');
  assert.match(refused.error.message.en, /^The labels of this batch would not print with the design "one line"; nothing was stored and nothing issued\. .*Text line 1 \("山泉水 550ml Spring water 天然矿泉水 Natural min…"\) does not fit its box/s);
  assert.match(refused.error.message['zh-CN'], /此批次的标签无法用设计“one line”打印;未保存任何内容,也未发码。.*放不进它的文本框/s);
  assert.equal(batchCount(), before, 'nothing stored');
});

test("the widest extinfo of the plan is the one checked, and a CSV's columns as the design prints them", async () => {
  const l7160 = await ok<Template>(app, 'defaultTemplate', { stockId: 'avery-l7160' });
  // The extinfo line in a box for 20 characters at most, on one line.
  const narrow: Template = { ...l7160, name: 'narrow', text: [l7160.text[0]!, { ...l7160.text[1]!, widthMm: 20, lines: 1, minSizePt: 7 }] };
  const before = batchCount();
  const csv = ['extinfo,lot', 'A-1,L1', `${'B'.repeat(60)},L2`, 'C-3,L3'].join('\n');
  const refused = await app.dispatch('planBatch', { product: KEY, qrcodeSizePx: 100, design: narrow, source: { kind: 'file', fileName: 'plan.csv', content: csv } });
  assert.equal(refused.ok, false);
  if (!refused.ok) assert.match(refused.error.message.en, /Text line 2 \("B{40}…"\) does not fit its box \(20\.00 mm wide, 1 line of 8 pt\) even at 7 pt/);
  // A column the design prints, from the widest row.
  const lot: Template = { ...l7160, name: 'lot', text: [l7160.text[0]!, { ...l7160.text[1]!, text: 'Lot {col:lot}', widthMm: 12, lines: 1, minSizePt: 8 }] };
  const wideLot = ['extinfo,lot', 'A-1,L1', 'A-2,LOT-2027-03-31-LINE-7-NIGHT-SHIFT'].join('\n');
  const lotRefused = await app.dispatch('planBatch', { product: KEY, qrcodeSizePx: 100, design: lot, source: { kind: 'file', fileName: 'lots.csv', content: wideLot } });
  assert.equal(lotRefused.ok, false);
  if (!lotRefused.ok) assert.match(lotRefused.error.message.en, /Text line 2 \("Lot LOT-2027-03-31-LINE-7-NIGHT-SHIFT"\) does not fit/);
  assert.equal(batchCount(), before);
  // The same plan with a design that fits is stored.
  const fits = await app.dispatch('planBatch', { product: KEY, qrcodeSizePx: 100, design: l7160, source: { kind: 'file', fileName: 'lots.csv', content: wideLot } });
  assert.equal(fits.ok, true, JSON.stringify(fits));
});
