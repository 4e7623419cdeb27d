import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeQr } from '../../../../electron/core/sheets/symbols/qrEncoder';
import { BUILT_IN_STOCKS, findStock } from '../../../../electron/core/sheets/design/stocks';
import { defaultTemplate, parseTemplate } from '../../../../electron/core/sheets/design/template';
import { checkTemplate } from '../../../../electron/core/sheets/design/templateCheck';
import { labelAt } from '../../../../electron/core/sheets/design/labelLayout';

const fields = { extinfo: 'LOT7-000001', seq: 100000, keystr: '6900873042720', title: '示例饮料 Demo', batch: 'Lot 7', date: '2026-11-22' };
const modules = encodeQr('http://p.url.cn/2OcXev5BqtP/LOT7-000001', 'M').size;

test('every built-in stock fits its page, and its default design passes every print check', () => {
  for (const stock of BUILT_IN_STOCKS) {
    assert.doesNotThrow(() => checkTemplate(defaultTemplate(stock.id), stock, [{ fields, modules }]), stock.id);
  }
});

test('every default design prints any title up to 64 characters, Chinese, Latin or mixed, and a longer one is refused with the reason', () => {
  const titles = [
    '国'.repeat(64),
    '山泉水 550ml Spring water 天然矿泉水 Natural mineral water 饮用 drink'.padEnd(64, '好'),
    'Spring water 550ml natural mineral drinking water sparkling light',
    'Wonderwaterwithoutanyspacesatallfromthemountainspringsofthenorth',
    '示例饮料 Demo',
  ];
  // With an extinfo of 24 characters, which wraps onto the second line of its box where it must.
  const extinfo = 'LOT2027-LINE7-NIGHT-0123';
  assert.equal(extinfo.length, 24);
  for (const stock of BUILT_IN_STOCKS) {
    for (const title of titles) {
      assert.ok(title.length <= 65, title);
      assert.doesNotThrow(() => checkTemplate(defaultTemplate(stock.id), stock, [{ fields: { ...fields, title, extinfo }, modules }]), `${stock.id}: ${title}`);
    }
  }
  // Four times as long cannot fit the smallest label's box even at its minimum size.
  const l4732 = BUILT_IN_STOCKS.find((s) => s.id === 'avery-l4732')!;
  assert.throws(
    () => checkTemplate(defaultTemplate('avery-l4732'), l4732, [{ fields: { ...fields, title: '国'.repeat(256) }, modules }]),
    /Text line 1 \("国{40}…"\) does not fit its box \([\d.]+ mm wide, \d+ lines of 4 pt\) even at 4 pt/,
  );
});

test('template files: read, with clear refusals for broken ones', () => {
  const good = JSON.stringify(defaultTemplate('avery-l7160'));
  assert.equal(parseTemplate(good, 'mine.json').name, 'avery-l7160 default');
  assert.throws(() => parseTemplate('{', 'mine.json'), /mine\.json is not valid JSON/);
  assert.throws(() => parseTemplate('{"format":"other"}', 'mine.json'), /not a QR Pack template: "format" must be one of "qrpack-template"\. "version" must be one of 1, 2\./);
  const both = { ...JSON.parse(good), qr: { ...JSON.parse(good).qr, moduleMm: 0.5 } };
  assert.throws(() => parseTemplate(JSON.stringify(both), 'mine.json'), /qr\.sizeMm or qr\.moduleMm \(one of them\)/);
  const custom = { ...JSON.parse(good), stock: { id: 'mine', name: 'My stock', pageWidthMm: 100, pageHeightMm: 100, labelWidthMm: 60, labelHeightMm: 40, columns: 1, rows: 2, firstXMm: 5, firstYMm: 5, pitchXMm: 60, pitchYMm: 45 } };
  assert.equal(typeof parseTemplate(JSON.stringify(custom), 'mine.json').stock, 'object');
});

test('cut-and-stack places consecutive positions on consecutive sheets', () => {
  assert.deepEqual([[0, 0], [1, 0], [2, 0], [0, 1]].map(([page, slot]) => labelAt(page!, slot!, 65, 3, 'cut-stack')), [0, 1, 2, 3]);
  assert.equal(labelAt(1, 1, 65, 3, 'sequence'), 66);
});

test('lines and boxes are checked by what they cover as turned: an empty box may frame the code, a filled one may not; a turned rule past the edge is named', () => {
  const l7160 = defaultTemplate('avery-l7160');
  const stock = findStock('avery-l7160')!;
  const sample = [{ fields: { extinfo: 'A-1', seq: 1, keystr: '6901234567892', title: 'T', batch: 'B', date: '2026-12-04' }, modules: 29 }];
  const frame = { kind: 'box' as const, xMm: 0.2, yMm: 0.2, widthMm: 63.1, heightMm: 37.7, strokeMm: 0.3, fill: 'none' as const, rotation: 0 as const };
  assert.doesNotThrow(() => checkTemplate({ ...l7160, shapes: [frame] }, stock, sample), 'a frame round the label keeps clear of the quiet zone inside it');
  assert.throws(() => checkTemplate({ ...l7160, shapes: [{ ...frame, fill: 'black' }] }, stock, sample), /Box 1 crosses the QR code's quiet zone/);
  // 25 mm long along the foot, right of the code: flat it fits (x 38–63), turned upright about its middle it runs past the bottom (y 37.25 ± 12.5).
  const rule = { kind: 'line' as const, xMm: 38, yMm: 37, lengthMm: 25, strokeMm: 0.5, rotation: 0 as const };
  assert.doesNotThrow(() => checkTemplate({ ...l7160, text: [], shapes: [rule] }, stock, sample));
  assert.throws(() => checkTemplate({ ...l7160, text: [], shapes: [{ ...rule, rotation: 90 }] }, stock, sample), /Line 1 runs past the label's edge \(50\.25–50\.75 mm across, 24\.75–49\.75 mm down\)/);
});
