import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { alignElements, distributeElements, elementsOf, moveElement, resizeElement, rotationOf, turnElement, unturnedDelta } from '../../renderer/src/screens/designer/designElements';
import { snapBox, snapTargets } from '../../renderer/src/screens/designer/snapping';
import { findStock } from '../../electron/core/sheets/design/stocks';

// The designer's geometry: what a drag, a handle or a snap does to a design.

const l7160 = defaultTemplate('avery-l7160');
const stock = findStock('avery-l7160')!;
const MODULES = 29;
/** A line or an empty box added to a design (where the designer puts one is newElements' to say). */
const withShape = (template: typeof l7160, kind: 'line' | 'box'): typeof l7160 => ({
  ...template,
  shapes: [
    ...template.shapes,
    kind === 'line' ? { kind, xMm: 1, yMm: 36.6, lengthMm: 61.5, strokeMm: 0.3, rotation: 0 } : { kind, xMm: 1, yMm: 1, widthMm: 10, heightMm: 6, strokeMm: 0.3, fill: 'none', rotation: 0 },
  ],
});

test('an edge within the tolerance snaps to the nearest target; one further off does not move', () => {
  const targets = snapTargets(60, 40, [{ x: 30, y: 5, w: 10, h: 10 }]);
  assert.deepEqual(snapBox({ x: 0.3, y: 21, w: 10, h: 5 }, targets, 0.5), { dx: -0.3, dy: 0, guides: { x: 0, y: undefined } });
  // The box's centre meets the label's centre (30 − 5), and its top the other box's bottom.
  const centred = snapBox({ x: 24.8, y: 15.2, w: 10, h: 5 }, targets, 0.5);
  assert.ok(Math.abs(centred.dx - 0.2) < 1e-9 && Math.abs(centred.dy + 0.2) < 1e-9, JSON.stringify(centred));
  assert.deepEqual(snapBox({ x: 2, y: 22, w: 10, h: 5 }, targets, 0.5), { dx: 0, dy: 0, guides: { x: undefined, y: undefined } });
});

test('moves and resizes change the design as the fields say: the code stays square, a text box its width and lines', () => {
  const moved = moveElement(l7160, 'qr', 1.25, -0.5);
  assert.equal(moved.qr.xMm, +(l7160.qr.xMm + 1.25).toFixed(3));
  assert.equal(moved.qr.yMm, +(l7160.qr.yMm - 0.5).toFixed(3));
  const bigger = resizeElement(l7160, 'qr', 'se', 2, 0.5, stock.labelWidthMm, MODULES);
  assert.equal(bigger.qr.sizeMm, +(l7160.qr.sizeMm! + 2).toFixed(1));
  const narrower = resizeElement(l7160, 'text-0', 'e', -5, 0, stock.labelWidthMm, MODULES);
  assert.equal(narrower.text[0]!.widthMm, +(l7160.text[0]!.widthMm! - 5).toFixed(1));
  const shorter = resizeElement(l7160, 'text-0', 's', 0, -10, stock.labelWidthMm, MODULES);
  assert.ok(shorter.text[0]!.lines < l7160.text[0]!.lines);
  const box = elementsOf(l7160, stock.labelWidthMm, MODULES).find((e) => e.id === 'text-0')!.box;
  assert.equal(+box.w.toFixed(3), l7160.text[0]!.widthMm);
});

test("the code's quiet zone snaps to the label's edges the cutting tolerance inside them, where default designs place it", () => {
  for (const id of ['avery-l7160', 'avery-l7651', 'roll-50x30']) {
    const template = defaultTemplate(id);
    const label = findStock(id)!;
    // Default designs hold a version-3 symbol (29 modules), inset on these wide labels from the left.
    const code = elementsOf(template, label.labelWidthMm, 29).find((e) => e.id === 'qr')!;
    const targets = snapTargets(label.labelWidthMm, label.labelHeightMm, [], code.edgeInsetMm);
    const nudged = { ...code.snapBox, x: code.snapBox.x - 0.3 };
    assert.equal(+snapBox(nudged, targets, 0.5).dx.toFixed(6), 0.3, `${id}: dragged 0.3 mm off, it snaps back onto the inset edge`);
    assert.ok(Math.abs(code.snapBox.x - code.edgeInsetMm) < 1e-3, `${id}: placed there (${code.snapBox.x})`);
  }
});

test('a turned element: its bounds are its box turned about its middle; a handle pulls along its own sides; a turn is one field', () => {
  const added = withShape(l7160, 'line');
  const id = `shape-${added.shapes.length - 1}` as const;
  const upright = turnElement(added, id, 90);
  assert.equal(rotationOf(upright, id), 90);
  const line = added.shapes.at(-1)!;
  assert.equal(line.kind, 'line');
  const element = elementsOf(upright, stock.labelWidthMm, MODULES).find((e) => e.id === id)!;
  const length = line.kind === 'line' ? line.lengthMm : 0;
  assert.ok(Math.abs(element.bounds.h - length) < 1e-9 && Math.abs(element.bounds.w - line.strokeMm) < 1e-9, JSON.stringify(element.bounds));
  assert.ok(Math.abs(element.bounds.x + element.bounds.w / 2 - (line.xMm + length / 2)) < 1e-9, 'turned about its middle');
  // Dragging the end of an upright line down 5 mm on screen lengthens it by 5 mm.
  const along = unturnedDelta(0, 5, 90);
  assert.deepEqual([+along.dx.toFixed(9), +along.dy.toFixed(9)], [5, 0]);
  const longer = resizeElement(upright, id, 'e', along.dx, along.dy, stock.labelWidthMm, MODULES).shapes.at(-1)!;
  assert.equal(longer.kind === 'line' && longer.lengthMm, +(length + 5).toFixed(1));
});

test('align lines up the chosen by their turned bounds; distribute spaces three or more evenly', () => {
  const template = withShape(withShape(withShape(l7160, 'box'), 'box'), 'box');
  const boxes = [0, 1, 2].map((i) => ({ ...template.shapes[i]!, xMm: [2, 20, 30][i]!, yMm: [1, 4, 9][i]! }));
  const spread = { ...template, shapes: boxes };
  const ids = ['shape-0', 'shape-1', 'shape-2'] as const;
  const bounds = (t: typeof spread) => elementsOf(t, 63.5, MODULES).filter((e) => e.id.startsWith('shape-')).map((e) => e.bounds);
  const left = bounds(alignElements(spread, [...ids], 'left', 63.5, MODULES));
  assert.deepEqual(left.map((b) => b.x), [2, 2, 2]);
  const bottom = bounds(alignElements(spread, [...ids], 'bottom', 63.5, MODULES));
  assert.deepEqual(new Set(bottom.map((b) => +(b.y + b.h).toFixed(3))).size, 1);
  const even = bounds(distributeElements(spread, [...ids], 'across', 63.5, MODULES)).sort((a, b) => a.x - b.x);
  const gaps = [even[1]!.x - (even[0]!.x + even[0]!.w), even[2]!.x - (even[1]!.x + even[1]!.w)];
  assert.ok(Math.abs(gaps[0]! - gaps[1]!) < 0.002, `equal gaps: ${gaps}`);
  assert.equal(even[0]!.x, 2, 'the outermost stay');
  // A turned box aligns by what shows: its turned bounds.
  const turned = turnElement(spread, 'shape-1', 90);
  assert.deepEqual(bounds(alignElements(turned, ['shape-0', 'shape-1'], 'top', 63.5, MODULES)).slice(0, 2).map((b) => +b.y.toFixed(3)), [1, 1]);
  // One chosen: nothing to align with.
  assert.equal(alignElements(spread, ['shape-0'], 'left', 63.5, MODULES), spread);
});
