import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fontBox } from '../../electron/core/sheets/design/fontCatalog';
import { lineSegments } from '../../electron/core/sheets/design/lineBreaks';
import { fitText, FONT_BOXES, LABEL_FONT_BOX, wrapText, type TextBoxSpec } from '../../shared/sheets/textFit';
import { FONT_FAMILIES } from '../../shared/sheets/templateSchema';

// A stand-in font: every character 1 em, but for Latin letters and spaces at half an em.
const widthEm = (text: string) => [...text].reduce((sum, c) => sum + (/[\x20-\x7e]/.test(c) ? 0.5 : 1), 0);
const font = { ascentEm: 1, descentEm: 0.25 };
const MM_PER_PT = 25.4 / 72;

test('wrapping breaks at spaces and between CJK characters, inside a word only when it is longer than a line', () => {
  assert.deepEqual(wrapText(lineSegments('spring water'), 5, widthEm), ['spring', 'water']);
  assert.deepEqual(wrapText(lineSegments('spring water'), 6, widthEm), ['spring water'], 'spaces at the end of a line are not measured');
  assert.deepEqual(wrapText(lineSegments('山泉水天然'), 3, widthEm), ['山泉水', '天然']);
  assert.deepEqual(wrapText(lineSegments('山泉水 spring'), 4, widthEm), ['山泉水', 'spring']);
  assert.deepEqual(wrapText(lineSegments('abcdefghij'), 3, widthEm), ['abcdef', 'ghij']);
  assert.equal(wrapText(lineSegments('山'), 0.5, widthEm), null, 'a character wider than the line');
});

test('wrapping follows UAX #14 with its CJK rules: no line starts with a closing mark or ends with an opening one', () => {
  assert.deepEqual(wrapText(lineSegments('示例饮料：品名'), 4, widthEm), ['示例饮', '料：品名'], 'never a line beginning with "："');
  assert.deepEqual(wrapText(lineSegments('品名（示例）饮料。'), 3, widthEm), ['品名', '（示', '例）饮', '料。']);
  // From 3 ems up, the widest piece that may not be broken ("区），") fits a line.
  for (const width of [3, 4, 5, 6, 7]) {
    for (const line of wrapText(lineSegments('产地：浙江省杭州市（西湖区），保质期：十二个月。'), width, widthEm)!) {
      assert.doesNotMatch(line, /^[：，。）；]/, `a line starting "${line}"`);
      assert.doesNotMatch(line, /（$/, `a line ending "${line}"`);
    }
  }
});

test('a text fits its box at its size; else shrinks to its minimum on one line; else wraps; else is refused', () => {
  const box: TextBoxSpec = { xMm: 0, yMm: 5, sizePt: 10, align: 'left', widthMm: 10 * 10 * MM_PER_PT + 0.001, lines: 2, minSizePt: 6 };
  // Ten ems at 10 pt: exactly the box.
  assert.deepEqual(fitText('国'.repeat(10), box, 100, font, widthEm, lineSegments), { sizePt: 10, lines: [{ text: '国'.repeat(10), baselineMm: 5 }] });
  // Twelve: shrunk to 10 × 10/12 = 8.33 pt, still one line on the baseline.
  const shrunk = fitText('国'.repeat(12), box, 100, font, widthEm, lineSegments)!;
  assert.equal(shrunk.sizePt, 8.33);
  assert.equal(shrunk.lines.length, 1);
  // Eighteen would need 5.55 pt on one line, under the minimum of 6: wrapped, at the largest size
  // whose lines fit the box (two lines of 10 pt, ten ems a line).
  const wrapped = fitText('国'.repeat(18), box, 100, font, widthEm, lineSegments)!;
  assert.equal(wrapped.sizePt, 10);
  assert.deepEqual(wrapped.lines.map((l) => l.text), ['国'.repeat(10), '国'.repeat(8)]);
  assert.ok(wrapped.lines[1]!.baselineMm > wrapped.lines[0]!.baselineMm);
  // Thirty: three lines are needed, and the box holds three only at a smaller size.
  const smaller = fitText('国'.repeat(30), box, 100, font, widthEm, lineSegments)!;
  assert.ok(smaller.sizePt < 10 && smaller.sizePt >= 6, `${smaller.sizePt}`);
  assert.ok(smaller.lines.length >= 3);
  // Two hundred cannot fit even at 6 pt.
  assert.equal(fitText('国'.repeat(200), box, 100, font, widthEm, lineSegments), null);
});

test('without a width, the box is the room the alignment leaves on the label', () => {
  const centred: TextBoxSpec = { xMm: 20, yMm: 5, sizePt: 10, align: 'center', lines: 1 };
  // 2 × 20 mm of room, 11.3 ems at 10 pt.
  assert.equal(fitText('国'.repeat(11), centred, 100, font, widthEm, lineSegments)!.sizePt, 10);
  assert.ok(fitText('国'.repeat(12), centred, 100, font, widthEm, lineSegments)!.sizePt < 10);
});

test("the designer's font metrics are the label font's own", () => {
  assert.deepEqual(fontBox('sans-regular'), LABEL_FONT_BOX);
  assert.deepEqual(fontBox('sans-bold'), LABEL_FONT_BOX);
  for (const family of FONT_FAMILIES) {
    assert.deepEqual(fontBox(`${family}-regular`), FONT_BOXES[family], family);
    assert.deepEqual(fontBox(`${family}-bold`), FONT_BOXES[family], family);
  }
});
