import { FONT_BOXES, LINE_SPACING_EM, MM_PER_PT, textBoxMm } from '../../../../shared/sheets/textFit';
import { QUIET_ZONE_MODULES } from '../../../../shared/sheets/symbolRules';
import { barcodeCentre, textTurnCentre, turnBounds, type Bounds } from '../../../../shared/sheets/rotation';
import type { Barcode } from '../../../../shared/sheets/templateSchema';
import { QUIET_MODULES } from '../symbols/linearBarcode';
import { symbolSizeMm } from './labelLayout';
import { shapeBounds } from './templateCheck';
import type { Template } from './template';

// Free room on a label: where a new element (a text, a barcode, a logo) can go inside the safe
// area without touching the code's quiet zone, any barcode's quiet zones, the logo, a line, a box
// or a text box — each by what it covers as turned. Pure geometry in millimetres; newElements
// decides what to put there.

/** A rectangle on the label, in mm from its top-left: the bounds every turned element is measured by. */
export type Rect = Bounds;

/** Kept between a new element and its neighbours, and inside the label's edge (die-cutting is not exact). */
export const GAP_MM = 0.2;
export const SAFE_MARGIN_MM = 1;
/** The narrowest box a text line is given: a sample value is short, and the labels' own (a {seq} of 100000) are longer. */
export const MIN_TEXT_BOX_MM = 8;

const EPSILON_MM = 0.001;
const overlaps = (a: Rect, b: Rect) => a.x0 < b.x1 - EPSILON_MM && a.x1 > b.x0 + EPSILON_MM && a.y0 < b.y1 - EPSILON_MM && a.y1 > b.y0 + EPSILON_MM;

/** The label less its safe margin: where new things may go. */
export const safeArea = (labelWidthMm: number, labelHeightMm: number): Rect => ({ x0: SAFE_MARGIN_MM, y0: SAFE_MARGIN_MM, x1: labelWidthMm - SAFE_MARGIN_MM, y1: labelHeightMm - SAFE_MARGIN_MM });

/** The code with its quiet zone (modules a side: the preview's, or the usual version-3 symbol's). */
export function codeZone(template: Template, modules: number): Rect {
  const size = symbolSizeMm(template, modules);
  const quiet = (size / modules) * QUIET_ZONE_MODULES;
  return { x0: template.qr.xMm - quiet, y0: template.qr.yMm - quiet, x1: template.qr.xMm + size + quiet, y1: template.qr.yMm + size + quiet };
}

/**
 * A barcode with its quiet zones as turned, for a symbol of `barcodeModules` modules (without
 * them, its box alone: a value that does not encode on the sample still takes its place).
 */
export function barcodeZone(barcode: Omit<Barcode, 'value' | 'digits'>, barcodeModules: number | undefined): Rect {
  const moduleMm = barcodeModules ? barcode.widthMm / barcodeModules : 0;
  const [left, right] = QUIET_MODULES[barcode.symbology];
  const { cx, cy } = barcodeCentre(barcode);
  return turnBounds({ x0: barcode.xMm - left * moduleMm, y0: barcode.yMm, x1: barcode.xMm + barcode.widthMm + right * moduleMm, y1: barcode.yMm + barcode.heightMm }, barcode.rotation, cx, cy);
}

/** A box at its place, turned about its middle (a logo). */
export const boxZone = (b: { xMm: number; yMm: number; widthMm: number; heightMm: number; rotation: Barcode['rotation'] }): Rect =>
  turnBounds({ x0: b.xMm, y0: b.yMm, x1: b.xMm + b.widthMm, y1: b.yMm + b.heightMm }, b.rotation, b.xMm + b.widthMm / 2, b.yMm + b.heightMm / 2);

/** A text line's box (its width, its lines at its own size in its font), as turned. */
export function textZone(line: Template['text'][number], labelWidthMm: number): Rect {
  const box = textBoxMm(line, labelWidthMm, FONT_BOXES[line.font ?? 'sans']);
  const { cx, cy } = textTurnCentre(line, labelWidthMm);
  return turnBounds(box, line.rotation, cx, cy);
}

/**
 * What a new element must keep clear of: the code's quiet zone, every barcode's, the logo, every
 * line and box, and each text box, all as turned. With `firstLinesOnly`, an unturned text box of
 * several lines counts only its first: the lines below it are room it can give up (trimLinesAbove).
 * `barcodeModules`: each barcode's modules on the sample, by the design's order.
 */
export function obstacles(template: Template, labelWidthMm: number, modules: number, barcodeModules: readonly (number | undefined)[] = [], firstLinesOnly = false): Rect[] {
  const rects = [codeZone(template, modules)];
  template.barcodes.forEach((barcode, i) => rects.push(barcodeZone(barcode, barcodeModules[i])));
  if (template.logo) rects.push(boxZone(template.logo));
  template.shapes.forEach((shape, i) => rects.push(shapeBounds(shape, i).box));
  for (const line of template.text) rects.push(textZone(firstLinesOnly && line.rotation === 0 ? { ...line, lines: 1 } : line, labelWidthMm));
  return rects;
}

/** The corners a free box may start at, top-most first, then left-most: the area's and just past each obstacle. */
function corners(area: Rect, blocked: Rect[]): { x: number; y: number }[] {
  const xs = [area.x0, ...blocked.map((b) => b.x1 + GAP_MM)].filter((x) => x >= area.x0 - EPSILON_MM && x < area.x1);
  const ys = [area.y0, ...blocked.map((b) => b.y1 + GAP_MM)].filter((y) => y >= area.y0 - EPSILON_MM && y < area.y1);
  const points = ys.flatMap((y) => xs.map((x) => ({ x, y })));
  return points.sort((a, b) => a.y - b.y || a.x - b.x);
}

const padded = (r: Rect): Rect => ({ x0: r.x0 - GAP_MM, y0: r.y0 - GAP_MM, x1: r.x1 + GAP_MM, y1: r.y1 + GAP_MM });

/** The top-most, then left-most place a box of this size fits in the area clear of every obstacle (and GAP_MM from it); null when none does. */
export function findRoom(area: Rect, blocked: Rect[], widthMm: number, heightMm: number): Rect | null {
  const clear = blocked.map(padded);
  for (const { x, y } of corners(area, blocked)) {
    const box = { x0: x, y0: y, x1: x + widthMm, y1: y + heightMm };
    if (box.x1 > area.x1 + EPSILON_MM || box.y1 > area.y1 + EPSILON_MM) continue;
    if (!clear.some((b) => overlaps(box, b))) return box;
  }
  return null;
}

/**
 * The top-most, then left-most free band of this height at least `minWidthMm` wide, as wide as the
 * room to its right allows (for a text line); null when none is.
 */
export function widestRoom(area: Rect, blocked: Rect[], heightMm: number, minWidthMm: number): Rect | null {
  const clear = blocked.map(padded);
  for (const { x, y } of corners(area, blocked)) {
    const band = { x0: x, y0: y, x1: area.x1, y1: y + heightMm };
    if (band.y1 > area.y1 + EPSILON_MM) continue;
    if (clear.some((b) => overlaps({ ...band, x1: x + minWidthMm }, b))) continue;
    const right = Math.min(area.x1, ...clear.filter((b) => overlaps(band, b) && b.x0 >= x).map((b) => b.x0));
    if (right - x >= minWidthMm - EPSILON_MM) return { ...band, x1: right };
  }
  return null;
}

/**
 * The design's text boxes ending above `placed`: an unturned box of several lines that reaches into
 * it gives up the lines it would cover (its first line, clear of it, stays).
 */
export function trimLinesAbove(template: Template, labelWidthMm: number, placed: Rect): Template {
  const room = padded(placed);
  const text = template.text.map((line) => {
    const box = textZone(line, labelWidthMm);
    if (line.rotation !== 0 || !overlaps(box, room) || box.y0 >= room.y0) return line;
    const em = line.sizePt * MM_PER_PT;
    const font = FONT_BOXES[line.font ?? 'sans'];
    const fits = Math.floor((room.y0 - box.y0 - (font.ascentEm + font.descentEm) * em) / (LINE_SPACING_EM * em) + 1e-9) + 1;
    return { ...line, lines: Math.max(1, Math.min(line.lines, fits)) };
  });
  return { ...template, text };
}

/**
 * The design's left-aligned text boxes that run under `placed` from its left ending short of it:
 * a long title then shrinks or wraps before it rather than under it.
 */
export function narrowTextBefore(template: Template, labelWidthMm: number, placed: Rect): Template {
  const room = padded(placed);
  const text = template.text.map((line) => {
    const box = textZone(line, labelWidthMm);
    if (line.rotation !== 0 || line.align !== 'left' || !overlaps(box, room) || box.x0 >= room.x0) return line;
    return { ...line, widthMm: Math.floor((room.x0 - line.xMm) * 10) / 10 };
  });
  return { ...template, text };
}
