import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeZone, findRoom, GAP_MM, obstacles, safeArea, trimLinesAbove, widestRoom, type Rect } from '../../../../electron/core/sheets/design/freeSpace';
import { defaultTemplate } from '../../../../electron/core/sheets/design/template';
import { findStock } from '../../../../electron/core/sheets/design/stocks';

// Free room on a label: clear of the code's quiet zone and every other element, inside the safe area.

const MODULES = 29;
const overlaps = (a: Rect, b: Rect) => a.x0 < b.x1 && a.x1 > b.x0 && a.y0 < b.y1 && a.y1 > b.y0;

test("a free box keeps clear of the code's quiet zone, not only of the symbol", () => {
  const template = { ...defaultTemplate('avery-l7160'), text: [] };
  const zone = codeZone(template, MODULES);
  const symbol = { x0: template.qr.xMm, y0: template.qr.yMm, x1: template.qr.xMm + template.qr.sizeMm!, y1: template.qr.yMm + template.qr.sizeMm! };
  assert.ok(zone.x1 - symbol.x1 > 3, 'the quiet zone is 4 modules, some millimetres, beyond the symbol');
  const room = findRoom(safeArea(63.5, 38.1), [zone], 10, 5)!;
  assert.ok(room, 'there is room beside the code');
  assert.ok(room.x0 >= zone.x1 + GAP_MM - 1e-9, `starts past the quiet zone (${room.x0} ≥ ${zone.x1})`);
  // A box that would start right of the symbol but inside its quiet zone is never offered.
  assert.ok(!overlaps(room, zone));
});

test('free room is found top-most first, then left-most, inside the safe area; none when nothing that large is free', () => {
  const area = safeArea(50, 30);
  const blocks = [
    { x0: 0, y0: 0, x1: 20, y1: 30 },
    { x0: 20, y0: 0, x1: 50, y1: 8 },
  ];
  assert.deepEqual(findRoom(area, blocks, 10, 5), { x0: 20 + GAP_MM, y0: 8 + GAP_MM, x1: 30 + GAP_MM, y1: 13 + GAP_MM });
  assert.equal(findRoom(area, blocks, 40, 5), null, 'wider than the room beside the blocks');
  assert.equal(findRoom(area, blocks, 10, 25), null, 'taller than the room under the top block');
  const band = widestRoom(area, blocks, 3, 8)!;
  assert.equal(band.x0, 20 + GAP_MM);
  assert.equal(band.x1, area.x1, 'a text band runs to the safe area’s edge');
});

test('a text box of several lines counts only its first when asked, and gives up the lines a new element takes', () => {
  const stock = findStock('avery-l7651')!;
  const template = defaultTemplate(stock.id);
  const title = template.text[0]!;
  assert.ok(title.lines > 1);
  const area = safeArea(stock.labelWidthMm, stock.labelHeightMm);
  assert.equal(widestRoom(area, obstacles(template, stock.labelWidthMm, MODULES, undefined), 2.5, 8), null, 'the default design leaves no room as its boxes stand');
  const room = widestRoom(area, obstacles(template, stock.labelWidthMm, MODULES, undefined, true), 2.5, 8)!;
  assert.ok(room, 'under the title’s first line there is room');
  const trimmed = trimLinesAbove(template, stock.labelWidthMm, room);
  assert.ok(trimmed.text[0]!.lines >= 1 && trimmed.text[0]!.lines < title.lines, `the title gives up lines: ${title.lines} → ${trimmed.text[0]!.lines}`);
  const after = obstacles(trimmed, stock.labelWidthMm, MODULES, undefined);
  assert.ok(!after.some((b) => overlaps(b, room)), 'nothing reaches into the new room any more');
});
