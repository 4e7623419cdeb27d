import { FONT_BOXES, LINE_SPACING_EM, MM_PER_PT, textBoxMm } from '../../../../shared/sheets/textFit';
import { CUT_TOLERANCE_MM, QUIET_ZONE_MODULES } from '../../../../shared/sheets/symbolRules';
import { shapeBox, turnBounds, turnPoint, type Bounds } from '../../../../shared/sheets/rotation';
import type { Rotation, Template } from '../../../../shared/sheets/templateSchema';

// The things on a label a person moves and resizes on the designer's canvas — the code, each text
// box, each barcode, the logo, each line and box — as boxes in millimetres, turned as they print,
// and how a move, a resize or a turn changes the design. Pure: the canvas draws and drags, this
// says what it means.

export type ElementId = 'qr' | 'logo' | `text-${number}` | `barcode-${number}` | `shape-${number}`;
/** Which edge or corner a resize handle drags. */
export type Handle = 'e' | 'w' | 's' | 'se';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface DesignElement {
  id: ElementId;
  /** Its box as not turned; the canvas draws it turned about its middle. */
  box: Box;
  rotation: Rotation;
  /** What it turns about. */
  centre: { x: number; y: number };
  /** Where it lies on the label as turned: what aligns and distributes. */
  bounds: Box;
  /** What snaps to edges: the code's quiet zone (which must stay on the label), else its bounds. */
  snapBox: Box;
  /** How far inside the label's edges it snaps: the code keeps the cutting tolerance, the rest 0. */
  edgeInsetMm: number;
  handles: Handle[];
}

/** Sizes are kept to a tenth of a millimetre; positions to a thousandth (a snapped edge lands exactly). */
export const roundMm = (mm: number) => Math.round(mm * 10) / 10;
const exactMm = (mm: number) => Math.round(mm * 1000) / 1000;
/** What a millimetre field shows and takes back: a hundredth, finer than any print shop cuts. */
export const fieldMm = (mm: number) => Math.round(mm * 100) / 100;

/** A shape's number among the shapes of its kind (Line 1, Line 2, Box 1…), from 1. */
export const shapeNumber = (shapes: readonly { kind: string }[], index: number) =>
  shapes.slice(0, index + 1).filter((shape) => shape.kind === shapes[index]?.kind).length;

/** The index of a text, barcode or shape element in its list. */
export const indexOf = (id: ElementId) => Number(id.slice(id.indexOf('-') + 1));

const toBounds = (b: Box): Bounds => ({ x0: b.x, y0: b.y, x1: b.x + b.w, y1: b.y + b.h });
const toBox = (b: Bounds): Box => ({ x: b.x0, y: b.y0, w: b.x1 - b.x0, h: b.y1 - b.y0 });

/** An element from its box, turned about the box's middle (or about `centre`, for a text's line box). */
function element(id: ElementId, box: Box, rotation: Rotation, handles: Handle[], centre = { x: box.x + box.w / 2, y: box.y + box.h / 2 }): DesignElement {
  const bounds = toBox(turnBounds(toBounds(box), rotation, centre.x, centre.y));
  return { id, box, rotation, centre, bounds, snapBox: bounds, edgeInsetMm: 0, handles };
}

/** The code's side in mm (a size, or modules × module size). */
export const codeSizeMm = (template: Template, modules: number) => template.qr.sizeMm ?? (template.qr.moduleMm ?? 0.5) * modules;

/** Every element of the design, in drawing order (the code first), with its box on the label. */
export function elementsOf(template: Template, labelWidthMm: number, modules: number): DesignElement[] {
  const size = codeSizeMm(template, modules);
  const quiet = (size / modules) * QUIET_ZONE_MODULES;
  const code = { x: template.qr.xMm, y: template.qr.yMm, w: size, h: size };
  // Its quiet zone snaps to other elements, and to the label's edges the cutting tolerance inside
  // them: what the sheets keep inside the cut.
  const elements: DesignElement[] = [
    { ...element('qr', code, template.qr.rotation, ['se']), snapBox: { x: code.x - quiet, y: code.y - quiet, w: size + 2 * quiet, h: size + 2 * quiet }, edgeInsetMm: CUT_TOLERANCE_MM },
  ];
  template.text.forEach((line, i) => {
    const box = toBox(textBoxMm(line, labelWidthMm, FONT_BOXES[line.font]));
    elements.push(element(`text-${i}`, box, line.rotation, [line.align === 'right' ? 'w' : 'e', 's']));
  });
  template.barcodes.forEach((b, i) => elements.push(element(`barcode-${i}`, { x: b.xMm, y: b.yMm, w: b.widthMm, h: b.heightMm }, b.rotation, ['se'])));
  if (template.logo) {
    const l = template.logo;
    elements.push(element('logo', { x: l.xMm, y: l.yMm, w: l.widthMm, h: l.heightMm }, l.rotation, ['se']));
  }
  template.shapes.forEach((shape, i) => {
    elements.push(element(`shape-${i}`, toBox(shapeBox(shape)), shape.rotation, shape.kind === 'line' ? ['e'] : ['se']));
  });
  return elements;
}

/** How far a drag on screen (dx, dy) goes along a turned element's own sides. */
export function unturnedDelta(dx: number, dy: number, rotation: Rotation): { dx: number; dy: number } {
  const back = turnPoint(dx, dy, ((360 - rotation) % 360) as Rotation, 0, 0);
  return { dx: back.x, dy: back.y };
}

/** An element's turn. */
export function rotationOf(template: Template, id: ElementId): Rotation {
  if (id === 'qr') return template.qr.rotation;
  if (id === 'logo') return template.logo?.rotation ?? 0;
  if (id.startsWith('barcode-')) return template.barcodes[indexOf(id)]?.rotation ?? 0;
  if (id.startsWith('shape-')) return template.shapes[indexOf(id)]?.rotation ?? 0;
  return template.text[indexOf(id)]?.rotation ?? 0;
}

/** The design with an element turned to `rotation`, about its middle. */
export function turnElement(from: Template, id: ElementId, rotation: Rotation): Template {
  if (id === 'qr') return { ...from, qr: { ...from.qr, rotation } };
  if (id === 'logo') return from.logo ? { ...from, logo: { ...from.logo, rotation } } : from;
  const i = indexOf(id);
  if (id.startsWith('barcode-')) return { ...from, barcodes: from.barcodes.map((b, j) => (j === i ? { ...b, rotation } : b)) };
  if (id.startsWith('shape-')) return { ...from, shapes: from.shapes.map((s, j) => (j === i ? { ...s, rotation } : s)) };
  return { ...from, text: from.text.map((l, j) => (j === i ? { ...l, rotation } : l)) };
}

/** The design with an element moved by (dx, dy) mm from where it is in `from`. */
export function moveElement(from: Template, id: ElementId, dx: number, dy: number): Template {
  if (id === 'qr') return { ...from, qr: { ...from.qr, xMm: exactMm(from.qr.xMm + dx), yMm: exactMm(from.qr.yMm + dy) } };
  if (id === 'logo') return from.logo ? { ...from, logo: { ...from.logo, xMm: exactMm(from.logo.xMm + dx), yMm: exactMm(from.logo.yMm + dy) } } : from;
  const i = indexOf(id);
  if (id.startsWith('barcode-')) return { ...from, barcodes: from.barcodes.map((b, j) => (j === i ? { ...b, xMm: exactMm(b.xMm + dx), yMm: exactMm(b.yMm + dy) } : b)) };
  if (id.startsWith('shape-')) return { ...from, shapes: from.shapes.map((s, j) => (j === i ? { ...s, xMm: exactMm(s.xMm + dx), yMm: exactMm(s.yMm + dy) } : s)) };
  return { ...from, text: from.text.map((line, j) => (j === i ? { ...line, xMm: exactMm(line.xMm + dx), yMm: exactMm(line.yMm + dy) } : line)) };
}

/**
 * The design with a handle of an element dragged by (dx, dy) mm from where it is in `from` (along
 * the element's own sides, when it is turned: see unturnedDelta): the code stays square; a text
 * box's side sets its width, its bottom how many lines it holds; a line's end its length.
 */
export function resizeElement(from: Template, id: ElementId, handle: Handle, dx: number, dy: number, labelWidthMm: number, modules: number): Template {
  if (id.startsWith('shape-')) {
    const i = indexOf(id);
    return {
      ...from,
      shapes: from.shapes.map((s, j) => {
        if (j !== i) return s;
        if (s.kind === 'line') return { ...s, lengthMm: Math.max(1, roundMm(s.lengthMm + dx)) };
        return { ...s, widthMm: Math.max(1, roundMm(s.widthMm + dx)), heightMm: Math.max(1, roundMm(s.heightMm + dy)) };
      }),
    };
  }
  if (id === 'qr') {
    const size = Math.max(3, roundMm(codeSizeMm(from, modules) + Math.max(dx, dy)));
    return { ...from, qr: { ...from.qr, sizeMm: size, moduleMm: undefined } };
  }
  if (id.startsWith('barcode-')) {
    const i = indexOf(id);
    return { ...from, barcodes: from.barcodes.map((b, j) => (j === i ? { ...b, widthMm: Math.max(2, roundMm(b.widthMm + dx)), heightMm: Math.max(2, roundMm(b.heightMm + dy)) } : b)) };
  }
  if (id === 'logo') {
    return from.logo ? { ...from, logo: { ...from.logo, widthMm: Math.max(1, roundMm(from.logo.widthMm + dx)), heightMm: Math.max(1, roundMm(from.logo.heightMm + dy)) } } : from;
  }
  const i = indexOf(id);
  const line = from.text[i]!;
  const font = FONT_BOXES[line.font];
  const b = textBoxMm(line, labelWidthMm, font);
  let changed = { ...line };
  if (handle === 'e' || handle === 'w') {
    const width = b.x1 - b.x0;
    // A centred box grows on both sides; a right-aligned one from its left edge.
    const grown = line.align === 'center' ? width + 2 * dx : handle === 'w' ? width - dx : width + dx;
    changed = { ...changed, widthMm: Math.max(2, roundMm(grown)) };
  }
  if (handle === 's') {
    const em = line.sizePt * MM_PER_PT;
    const height = b.y1 - b.y0 + dy;
    const lines = Math.round((height - (font.ascentEm + font.descentEm) * em) / (LINE_SPACING_EM * em)) + 1;
    changed = { ...changed, lines: Math.min(12, Math.max(1, lines)) };
  }
  return { ...from, text: from.text.map((l, j) => (j === i ? changed : l)) };
}

/** The design without an element (the code stays: every label has one). */
export function removeElement(from: Template, id: ElementId): Template {
  if (id === 'qr') return from;
  if (id === 'logo') return { ...from, logo: undefined };
  const i = indexOf(id);
  if (id.startsWith('barcode-')) return { ...from, barcodes: from.barcodes.filter((_, j) => j !== i) };
  if (id.startsWith('shape-')) return { ...from, shapes: from.shapes.filter((_, j) => j !== i) };
  return { ...from, text: from.text.filter((_, j) => j !== i) };
}

export type Alignment = 'left' | 'centre' | 'right' | 'top' | 'middle' | 'bottom';

/**
 * The design with the chosen elements lined up as they lie on the label (turned): their left
 * edges on the leftmost, their centres on the middle of all of them, and so on.
 */
export function alignElements(template: Template, ids: ElementId[], how: Alignment, labelWidthMm: number, modules: number): Template {
  const chosen = elementsOf(template, labelWidthMm, modules).filter((e) => ids.includes(e.id));
  if (chosen.length < 2) return template;
  const x0 = Math.min(...chosen.map((e) => e.bounds.x));
  const x1 = Math.max(...chosen.map((e) => e.bounds.x + e.bounds.w));
  const y0 = Math.min(...chosen.map((e) => e.bounds.y));
  const y1 = Math.max(...chosen.map((e) => e.bounds.y + e.bounds.h));
  let next = template;
  for (const { id, bounds: b } of chosen) {
    const dx = how === 'left' ? x0 - b.x : how === 'right' ? x1 - (b.x + b.w) : how === 'centre' ? (x0 + x1) / 2 - (b.x + b.w / 2) : 0;
    const dy = how === 'top' ? y0 - b.y : how === 'bottom' ? y1 - (b.y + b.h) : how === 'middle' ? (y0 + y1) / 2 - (b.y + b.h / 2) : 0;
    next = moveElement(next, id, dx, dy);
  }
  return next;
}

/** The design with three or more chosen elements spaced evenly between the outermost two (equal gaps), across or down. */
export function distributeElements(template: Template, ids: ElementId[], axis: 'across' | 'down', labelWidthMm: number, modules: number): Template {
  const chosen = elementsOf(template, labelWidthMm, modules).filter((e) => ids.includes(e.id));
  if (chosen.length < 3) return template;
  const start = (b: Box) => (axis === 'across' ? b.x : b.y);
  const size = (b: Box) => (axis === 'across' ? b.w : b.h);
  const sorted = [...chosen].sort((a, b) => start(a.bounds) - start(b.bounds));
  const first = sorted[0]!.bounds;
  const last = sorted.at(-1)!.bounds;
  const gap = (start(last) + size(last) - start(first) - sorted.reduce((sum, e) => sum + size(e.bounds), 0)) / (sorted.length - 1);
  let next = template;
  let at = start(first) + size(first) + gap;
  for (const { id, bounds } of sorted.slice(1, -1)) {
    const shift = at - start(bounds);
    next = moveElement(next, id, axis === 'across' ? shift : 0, axis === 'down' ? shift : 0);
    at += size(bounds) + gap;
  }
  return next;
}
