import type { FontFamily, Rotation, Shape } from './templateSchema';
import { FONT_BOXES, textBoxMm, type TextBoxSpec } from './textFit';

// Elements turn clockwise about the middle of their box, on a label whose y runs down (as the
// PDF pages, the designer's SVG and the checks all measure): one rule for where each lands.

export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Where a point lands when turned `rotation` degrees clockwise about (cx, cy). */
export function turnPoint(x: number, y: number, rotation: Rotation, cx: number, cy: number): { x: number; y: number } {
  const dx = x - cx;
  const dy = y - cy;
  if (rotation === 90) return { x: cx - dy, y: cy + dx };
  if (rotation === 180) return { x: cx - dx, y: cy - dy };
  if (rotation === 270) return { x: cx + dy, y: cy - dx };
  return { x, y };
}

/** The bounds of `bounds` turned about (cx, cy): what the label's edges, quiet zones and other elements must keep clear of. */
export function turnBounds(bounds: Bounds, rotation: Rotation, cx: number, cy: number): Bounds {
  if (rotation === 0) return bounds;
  const a = turnPoint(bounds.x0, bounds.y0, rotation, cx, cy);
  const b = turnPoint(bounds.x1, bounds.y1, rotation, cx, cy);
  return { x0: Math.min(a.x, b.x), y0: Math.min(a.y, b.y), x1: Math.max(a.x, b.x), y1: Math.max(a.y, b.y) };
}

/** What a line (its length by its stroke) or a box covers before it is turned, from its top-left. */
export function shapeBox(shape: Shape): Bounds {
  const [widthMm, heightMm] = shape.kind === 'line' ? [shape.lengthMm, shape.strokeMm] : [shape.widthMm, shape.heightMm];
  return { x0: shape.xMm, y0: shape.yMm, x1: shape.xMm + widthMm, y1: shape.yMm + heightMm };
}

/** The middle of a box: what an element turns about. */
export const middleOf = (box: Bounds) => ({ cx: (box.x0 + box.x1) / 2, cy: (box.y0 + box.y1) / 2 });

/**
 * The matrix [a b c d e f] (PDF's `cm`, SVG's matrix()) that turns the page's y-down space
 * clockwise about (cx, cy): x' = a·x + c·y + e, y' = b·x + d·y + f.
 */
export function turnMatrix(rotation: Rotation, cx: number, cy: number): [number, number, number, number, number, number] {
  const cos = rotation === 0 ? 1 : rotation === 180 ? -1 : 0;
  const sin = rotation === 90 ? 1 : rotation === 270 ? -1 : 0;
  return [cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy];
}

/** What a text line turns about: the middle of the box it reserves on the label (its width, its lines at its own size). */
export function textTurnCentre(line: TextBoxSpec & { font?: FontFamily }, labelWidthMm: number): { cx: number; cy: number } {
  return middleOf(textBoxMm(line, labelWidthMm, FONT_BOXES[line.font ?? 'sans']));
}

/** What a barcode turns about: the middle of its box (the bars' box the design gives, quiet zones outside it). */
export const barcodeCentre = (b: { xMm: number; yMm: number; widthMm: number; heightMm: number }) => ({ cx: b.xMm + b.widthMm / 2, cy: b.yMm + b.heightMm / 2 });
