import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QUIET_ZONE_MODULES } from '../../../../shared/sheets/symbolRules';
import { BUILT_IN_STOCKS, findStock } from '../../../../electron/core/sheets/design/stocks';
import { CUT_TOLERANCE_MM, maxBleedMm, pressMarks, stockRuleProblems } from '../../../../electron/core/sheets/design/stockRules';
import { defaultTemplate } from '../../../../electron/core/sheets/design/template';
import { checkTemplate } from '../../../../electron/core/sheets/design/templateCheck';
import { encodeQr } from '../../../../electron/core/sheets/symbols/qrEncoder';

const fields = { extinfo: 'LOT7-000001', seq: 1, keystr: '6900873042720', title: 'T', batch: 'Lot 7', date: '2026-12-04' };
const modules = encodeQr('http://p.url.cn/2OcXev5BqtP/LOT7-000001', 'M').size;

test('every built-in stock has a kind: die-cut sheets, press grids and the roll', () => {
  assert.deepEqual(
    Object.fromEntries(BUILT_IN_STOCKS.map((s) => [s.id, s.kind])),
    { 'avery-l7651': 'sheet', 'avery-l4732': 'sheet', 'avery-l7160': 'sheet', 'herma-4097': 'sheet', 'herma-4102': 'sheet', 'roll-50x30': 'roll', 'a4-25x28': 'press', 'a3-30x30': 'press', 'sra3-40x40': 'press' },
  );
});

test('a die-cut sheet and a roll take no bleed and no crop marks, in plain words', () => {
  const sheet = stockRuleProblems(findStock('avery-l7651')!, { bleedMm: 3, cropMarks: true, slug: true });
  assert.equal(sheet.length, 1);
  assert.match(sheet[0]!.en, /avery-l7651 is a die-cut label sheet: its labels are cut already.*takes no a bleed of 3 mm and crop marks: leave --bleed at 0 and --crop-marks off/);
  assert.match(sheet[0]!['zh-CN'], /模切标签纸/);
  const roll = stockRuleProblems(findStock('roll-50x30')!, { bleedMm: 0, cropMarks: true, slug: true });
  assert.match(roll[0]!.en, /roll-50x30 is a roll of labels: each page is the label itself.*takes no crop marks/);
  assert.deepEqual(stockRuleProblems(findStock('roll-50x30')!, { bleedMm: 0, cropMarks: false, slug: true }), []);
});

test('a press grid takes bleed up to half its gutters: none where labels touch', () => {
  assert.equal(maxBleedMm(findStock('sra3-40x40')!, true), 1.5);
  assert.equal(maxBleedMm(findStock('a4-25x28')!, true), 0);
  assert.deepEqual(stockRuleProblems(findStock('sra3-40x40')!, { bleedMm: 1.5, cropMarks: true, slug: true }), []);
  assert.match(stockRuleProblems(findStock('sra3-40x40')!, { bleedMm: 3, cropMarks: true, slug: true })[0]!.en, /have 3\.00 mm gutters: a bleed of 3 mm would run into the next label.*At most 1\.50 mm/);
  assert.match(stockRuleProblems(findStock('a4-25x28')!, { bleedMm: 1, cropMarks: false, slug: true })[0]!.en, /touch \(no gutter\).*At most 0\.00 mm/);
  // A custom press grid whose margins cannot hold marks is refused for the marks, naming the sides.
  const tight = { ...findStock('a4-25x28')!, id: 'tight', firstXMm: 1.5, firstYMm: 8.5 };
  assert.match(stockRuleProblems(tight, { bleedMm: 0, cropMarks: true, slug: true })[0]!.en, /tight's margins \(left 1\.50 mm\) leave no room for crop marks/);
});

test('press marks lie on cut lines, on the page, clear of every label and its bleed; every cut line has them', () => {
  for (const stock of BUILT_IN_STOCKS.filter((s) => s.kind === 'press')) {
    const bleed = maxBleedMm(stock, true);
    const marks = pressMarks(stock, bleed, true);
    const labels = [];
    for (let r = 0; r < stock.rows; r++) {
      for (let c = 0; c < stock.columns; c++) {
        const x = stock.firstXMm + c * stock.pitchXMm;
        const y = stock.firstYMm + r * stock.pitchYMm;
        labels.push({ x0: x - bleed, y0: y - bleed, x1: x + stock.labelWidthMm + bleed, y1: y + stock.labelHeightMm + bleed });
      }
    }
    const xs = new Set(labels.flatMap((l) => [+(l.x0 + bleed).toFixed(3), +(l.x1 - bleed).toFixed(3)]));
    const ys = new Set(labels.flatMap((l) => [+(l.y0 + bleed).toFixed(3), +(l.y1 - bleed).toFixed(3)]));
    for (const m of marks) {
      const vertical = m.x0 === m.x1;
      assert.ok(vertical ? xs.has(+m.x0.toFixed(3)) : ys.has(+m.y0.toFixed(3)), `${stock.id}: a mark off the cut lines`);
      assert.ok(m.x0 >= 0 && m.y0 >= 0 && m.x1 <= stock.pageWidthMm && m.y1 <= stock.pageHeightMm, `${stock.id}: a mark off the page`);
      for (const l of labels) assert.ok(!(Math.max(m.x0, m.x1) > l.x0 && Math.min(m.x0, m.x1) < l.x1 && Math.max(m.y0, m.y1) > l.y0 && Math.min(m.y0, m.y1) < l.y1), `${stock.id}: a mark over a label or its bleed`);
    }
    for (const x of xs) assert.ok(marks.some((m) => m.x0 === m.x1 && +m.x0.toFixed(3) === x), `${stock.id}: no mark on the cut at x ${x}`);
    for (const y of ys) assert.ok(marks.some((m) => m.y0 === m.y1 && +m.y0.toFixed(3) === y), `${stock.id}: no mark on the cut at y ${y}`);
  }
  // The SRA3 grid's 3 mm gutters hold marks of their own between the labels.
  const sra3 = findStock('sra3-40x40')!;
  const inGutters = pressMarks(sra3, 0, true).filter((m) => m.y0 > sra3.firstYMm && m.y1 < sra3.firstYMm + 9 * sra3.pitchYMm + sra3.labelHeightMm && m.x0 === m.x1);
  assert.ok(inGutters.length >= 9 * 14, `${inGutters.length} marks in the gutters`);
});

test(`every default design keeps its code's quiet zone ${CUT_TOLERANCE_MM} mm inside the cut, and a code at exactly 4 modules is refused`, () => {
  for (const stock of BUILT_IN_STOCKS) {
    const template = defaultTemplate(stock.id);
    const moduleMm = template.qr.sizeMm! / modules;
    const fromEdge = Math.min(template.qr.xMm, template.qr.yMm, stock.labelWidthMm - template.qr.xMm - template.qr.sizeMm!, stock.labelHeightMm - template.qr.yMm - template.qr.sizeMm!);
    assert.ok(fromEdge / moduleMm >= QUIET_ZONE_MODULES, `${stock.id}: ${(fromEdge / moduleMm).toFixed(2)} modules from the cut`);
    assert.ok(fromEdge - QUIET_ZONE_MODULES * moduleMm >= CUT_TOLERANCE_MM - 0.001, `${stock.id}: ${(fromEdge - QUIET_ZONE_MODULES * moduleMm).toFixed(3)} mm beyond the quiet zone`);
  }
  const template = defaultTemplate('avery-l7651');
  const moduleMm = template.qr.sizeMm! / modules;
  const tight = { ...template, qr: { ...template.qr, xMm: QUIET_ZONE_MODULES * moduleMm } };
  assert.throws(() => checkTemplate(tight, findStock('avery-l7651')!, [{ fields, modules }]), /must stay 0\.5 mm inside the 38\.1 × 21\.2 mm label, for the cut's tolerance/);
});
