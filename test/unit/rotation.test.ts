import assert from 'node:assert/strict';
import { test } from 'node:test';
import { turnBounds, turnMatrix, turnPoint } from '../../shared/sheets/rotation';
import { ROTATIONS } from '../../shared/sheets/templateSchema';

// One rule for a turned element — clockwise on a label whose y runs down, about the middle of its
// box — shared by the checks, the PDF writer and the designer's canvas.

test('a quarter turn clockwise takes right to down, down to left; the bounds of a box turn with it about its middle', () => {
  assert.deepEqual(turnPoint(11, 5, 90, 10, 5), { x: 10, y: 6 });
  assert.deepEqual(turnPoint(10, 6, 90, 10, 5), { x: 9, y: 5 });
  assert.deepEqual(turnPoint(11, 5, 270, 10, 5), { x: 10, y: 4 });
  assert.deepEqual(turnPoint(11, 6, 180, 10, 5), { x: 9, y: 4 });
  // A 40 × 4 box about its middle (20, 2): 4 wide and 40 tall, the middle where it was.
  const box = { x0: 0, y0: 0, x1: 40, y1: 4 };
  assert.deepEqual(turnBounds(box, 90, 20, 2), { x0: 18, y0: -18, x1: 22, y1: 22 });
  assert.deepEqual(turnBounds(box, 270, 20, 2), { x0: 18, y0: -18, x1: 22, y1: 22 });
  assert.deepEqual(turnBounds(box, 180, 20, 2), box);
  assert.equal(turnBounds(box, 0, 20, 2), box);
});

test("the PDF's matrix turns a point where turnPoint says, for every turn", () => {
  for (const rotation of ROTATIONS) {
    const [a, b, c, d, e, f] = turnMatrix(rotation, 30, 12);
    for (const [x, y] of [[31, 12], [30, 17], [0, 0], [45.5, -3]] as const) {
      const want = turnPoint(x, y, rotation, 30, 12);
      assert.ok(Math.abs(a * x + c * y + e - want.x) < 1e-9 && Math.abs(b * x + d * y + f - want.y) < 1e-9, `${rotation}° (${x}, ${y})`);
    }
  }
});
