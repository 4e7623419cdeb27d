import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { elementsOf, moveElement, resizeElement } from '../../renderer/src/screens/designer/designElements';
import { snapBox, snapTargets } from '../../renderer/src/screens/designer/snapping';
import { findStock } from '../../electron/core/sheets/design/stocks';

// The designer's geometry: what a drag, a handle or a snap does to a design.

const l7160 = defaultTemplate('avery-l7160');
const stock = findStock('avery-l7160')!;
const MODULES = 29;

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
