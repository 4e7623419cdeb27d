import type { Box } from './designElements';

// Snapping while a box is dragged: its left, centre or right (top, middle or bottom) is drawn to
// the label's edges and centre and to the other elements' edges and centres when it comes within
// a tolerance, so aligned things line up exactly. The guides say where it snapped.

export interface Snap {
  /** How far to move the box so it lines up. */
  dx: number;
  dy: number;
  /** The lines it lined up with, to draw while dragging. */
  guides: { x?: number; y?: number };
}

/**
 * The lines a moving box may line up with: the label's edges (`edgeInsetMm` inside them) and
 * centre, and other boxes'.
 */
export function snapTargets(labelWidthMm: number, labelHeightMm: number, others: Box[], edgeInsetMm = 0): { x: number[]; y: number[] } {
  const x = [edgeInsetMm, labelWidthMm / 2, labelWidthMm - edgeInsetMm];
  const y = [edgeInsetMm, labelHeightMm / 2, labelHeightMm - edgeInsetMm];
  for (const b of others) {
    x.push(b.x, b.x + b.w / 2, b.x + b.w);
    y.push(b.y, b.y + b.h / 2, b.y + b.h);
  }
  return { x, y };
}

function nearest(edges: number[], targets: number[], toleranceMm: number): { shift: number; at: number } | null {
  let best: { shift: number; at: number } | null = null;
  for (const edge of edges) {
    for (const target of targets) {
      const shift = target - edge;
      if (Math.abs(shift) <= toleranceMm && (!best || Math.abs(shift) < Math.abs(best.shift))) best = { shift, at: target };
    }
  }
  return best;
}

/** How far to move `box` so one of its edges or centres meets a target within `toleranceMm`. */
export function snapBox(box: Box, targets: { x: number[]; y: number[] }, toleranceMm: number): Snap {
  const x = nearest([box.x, box.x + box.w / 2, box.x + box.w], targets.x, toleranceMm);
  const y = nearest([box.y, box.y + box.h / 2, box.y + box.h], targets.y, toleranceMm);
  return { dx: x?.shift ?? 0, dy: y?.shift ?? 0, guides: { x: x?.at, y: y?.at } };
}
