import { LABEL_FONT_BOX, LINE_SPACING_EM, MM_PER_PT, textBoxMm } from '../../../../shared/sheets/textFit';
import { CUT_TOLERANCE_MM, QUIET_ZONE_MODULES } from '../../../../shared/sheets/symbolRules';
import type { Template } from '../../../../shared/sheets/templateSchema';

// The things on a label a person moves and resizes on the designer's canvas — the code, each text
// box, the barcode, the logo — as boxes in millimetres, and how a move or a resize changes the
// design. Pure: the canvas draws and drags, this says what it means.

export type ElementId = 'qr' | 'barcode' | 'logo' | `text-${number}`;
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
  box: Box;
  /** What snaps to edges: the code's quiet zone (which must stay on the label), else the box. */
  snapBox: Box;
  /** How far inside the label's edges it snaps: the code keeps the cutting tolerance, the rest 0. */
  edgeInsetMm: number;
  handles: Handle[];
}

/** Sizes are kept to a tenth of a millimetre; positions to a thousandth (a snapped edge lands exactly). */
export const roundMm = (mm: number) => Math.round(mm * 10) / 10;
const exactMm = (mm: number) => Math.round(mm * 1000) / 1000;

const textIndex = (id: ElementId) => Number(id.slice(5));

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
    { id: 'qr', box: code, snapBox: { x: code.x - quiet, y: code.y - quiet, w: size + 2 * quiet, h: size + 2 * quiet }, edgeInsetMm: CUT_TOLERANCE_MM, handles: ['se'] },
  ];
  template.text.forEach((line, i) => {
    const b = textBoxMm(line, labelWidthMm, LABEL_FONT_BOX);
    const box = { x: b.x0, y: b.y0, w: b.x1 - b.x0, h: b.y1 - b.y0 };
    elements.push({ id: `text-${i}`, box, snapBox: box, edgeInsetMm: 0, handles: [line.align === 'right' ? 'w' : 'e', 's'] });
  });
  if (template.barcode) {
    const b = template.barcode;
    const box = { x: b.xMm, y: b.yMm, w: b.widthMm, h: b.heightMm };
    elements.push({ id: 'barcode', box, snapBox: box, edgeInsetMm: 0, handles: ['se'] });
  }
  if (template.logo) {
    const l = template.logo;
    const box = { x: l.xMm, y: l.yMm, w: l.widthMm, h: l.heightMm };
    elements.push({ id: 'logo', box, snapBox: box, edgeInsetMm: 0, handles: ['se'] });
  }
  return elements;
}

/** The design with an element moved by (dx, dy) mm from where it is in `from`. */
export function moveElement(from: Template, id: ElementId, dx: number, dy: number): Template {
  if (id === 'qr') return { ...from, qr: { ...from.qr, xMm: exactMm(from.qr.xMm + dx), yMm: exactMm(from.qr.yMm + dy) } };
  if (id === 'barcode' && from.barcode) return { ...from, barcode: { ...from.barcode, xMm: exactMm(from.barcode.xMm + dx), yMm: exactMm(from.barcode.yMm + dy) } };
  if (id === 'logo' && from.logo) return { ...from, logo: { ...from.logo, xMm: exactMm(from.logo.xMm + dx), yMm: exactMm(from.logo.yMm + dy) } };
  const i = textIndex(id);
  return { ...from, text: from.text.map((line, j) => (j === i ? { ...line, xMm: exactMm(line.xMm + dx), yMm: exactMm(line.yMm + dy) } : line)) };
}

/**
 * The design with a handle of an element dragged by (dx, dy) mm from where it is in `from`: the
 * code stays square; a text box's side sets its width, its bottom how many lines it holds.
 */
export function resizeElement(from: Template, id: ElementId, handle: Handle, dx: number, dy: number, labelWidthMm: number, modules: number): Template {
  if (id === 'qr') {
    const size = Math.max(3, roundMm(codeSizeMm(from, modules) + Math.max(dx, dy)));
    return { ...from, qr: { ...from.qr, sizeMm: size, moduleMm: undefined } };
  }
  if (id === 'barcode' && from.barcode) {
    return { ...from, barcode: { ...from.barcode, widthMm: Math.max(2, roundMm(from.barcode.widthMm + dx)), heightMm: Math.max(2, roundMm(from.barcode.heightMm + dy)) } };
  }
  if (id === 'logo' && from.logo) {
    return { ...from, logo: { ...from.logo, widthMm: Math.max(1, roundMm(from.logo.widthMm + dx)), heightMm: Math.max(1, roundMm(from.logo.heightMm + dy)) } };
  }
  const i = textIndex(id);
  const line = from.text[i]!;
  const b = textBoxMm(line, labelWidthMm, LABEL_FONT_BOX);
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
    const lines = Math.round((height - (LABEL_FONT_BOX.ascentEm + LABEL_FONT_BOX.descentEm) * em) / (LINE_SPACING_EM * em)) + 1;
    changed = { ...changed, lines: Math.min(12, Math.max(1, lines)) };
  }
  return { ...from, text: from.text.map((l, j) => (j === i ? changed : l)) };
}

/** The design without an element (the code stays: every label has one). */
export function removeElement(from: Template, id: ElementId): Template {
  if (id === 'qr') return from;
  if (id === 'barcode') return { ...from, barcode: undefined };
  if (id === 'logo') return { ...from, logo: undefined };
  const i = textIndex(id);
  return { ...from, text: from.text.filter((_, j) => j !== i) };
}
