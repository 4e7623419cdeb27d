import { shortened, type LocalizedText } from '../../../../shared/text';
import { FONT_BOXES, MIN_TEXT_PT, smallestTextPt, MM_PER_PT } from '../../../../shared/sheets/textFit';
import { TEMPLATE_LIMITS, type Barcode, type Shape } from '../../../../shared/sheets/templateSchema';
import { faceOf, textWidthEm } from './fontCatalog';
import { barcodeModulesOf, fitProblem, type FitSample } from './designFit';
import { boxZone, MIN_TEXT_BOX_MM, obstacles, safeArea, widestRoom, findRoom } from './freeSpace';
import { fillPlaceholders, MIN_DOTS_PER_MODULE, symbolSizeMm } from './labelLayout';
import { barcodeInRoom, smallerCodes, withSmallerCode } from './newElements';
import { MIN_DOTS_PER_BAR_MODULE, SYMBOLOGY_NAMES } from '../symbols/linearBarcode';
import { shapeBounds } from './templateCheck';
import { CUT_TOLERANCE_MM, maxBleedMm } from './stockRules';
import { QUIET_ZONE_MODULES } from '../../../../shared/sheets/symbolRules';
import type { Stock } from './stocks';
import { defaultPrinterDpi, type Template } from './template';

// A design carried to another stock: everything scaled by one factor (so nothing is stretched),
// centred on the new label, the code kept at least its smallest printable size, text at least its
// smallest legible one and a line's or box's stroke at least what the printer draws; what then
// collides or runs off is moved into free room (clear of every element as turned) if it can be,
// and named if it cannot.

export interface Carried {
  template: Template;
  /** How much everything was scaled (1 = the same size). */
  scale: number;
  /** The elements that no longer fit, named as a person sees them. */
  notFitting: LocalizedText[];
  /** What was changed beyond scaling to keep an element (a smaller code). */
  changed: LocalizedText[];
}

const round3 = (mm: number) => Math.round(mm * 1000) / 1000;

const codeName: LocalizedText = { en: 'the QR code', 'zh-CN': '二维码' };
const logoName: LocalizedText = { en: 'the logo', 'zh-CN': '标志' };
const textName = (i: number, text: string): LocalizedText => ({ en: `text line ${i + 1} “${shortened(text, 30)}”`, 'zh-CN': `第 ${i + 1} 行文字“${shortened(text, 30)}”` });
/** A barcode by its place in the design when it has more than one (barcode 2), as verification names it. */
const barcodeName = (barcode: Barcode, i: number, count: number): LocalizedText =>
  count > 1
    ? { en: `barcode ${i + 1} (${SYMBOLOGY_NAMES[barcode.symbology]} ${barcode.value})`, 'zh-CN': `条码 ${i + 1}(${SYMBOLOGY_NAMES[barcode.symbology]} ${barcode.value})` }
    : { en: `the barcode (${SYMBOLOGY_NAMES[barcode.symbology]} ${barcode.value})`, 'zh-CN': `条码(${SYMBOLOGY_NAMES[barcode.symbology]} ${barcode.value})` };
const shapeName = (shape: Shape, i: number): LocalizedText => {
  const { en, zh } = shapeBounds(shape, i);
  return { en: en.toLowerCase(), 'zh-CN': zh.trim() };
};

/** The design scaled by `scale` about the label's top-left and moved by (dx, dy), with the code and text kept printable. */
function scaled(template: Template, to: Stock, scale: number, dx: number, dy: number, printerDpi: number, sample: FitSample): Template {
  const at = (mm: number, by: number) => round3(mm * scale + by);
  const smallestCodeMm = ((MIN_DOTS_PER_MODULE * 25.4) / printerDpi) * sample.modules;
  const codeMm = symbolSizeMm(template, sample.modules);
  // The code with its quiet zone stays CUT_TOLERANCE_MM inside the cut: smaller if it must (never
  // under its smallest printable size), moved in if it must.
  const zonePerMm = (sample.modules + 2 * QUIET_ZONE_MODULES) / sample.modules;
  const roomMm = Math.min(to.labelWidthMm, to.labelHeightMm) - 2 * CUT_TOLERANCE_MM;
  const newCodeMm = Math.max(Math.min(codeMm * scale, roomMm / zonePerMm), smallestCodeMm);
  const quietMm = (newCodeMm / sample.modules) * QUIET_ZONE_MODULES;
  // A code made larger or smaller changes about its centre.
  const change = (newCodeMm - codeMm * scale) / 2;
  const inside = (mm: number, labelMm: number) => Math.min(Math.max(mm, CUT_TOLERANCE_MM + quietMm), labelMm - CUT_TOLERANCE_MM - quietMm - newCodeMm);
  const qr = { ...template.qr, xMm: round3(inside(at(template.qr.xMm, dx) - change, to.labelWidthMm)), yMm: round3(inside(at(template.qr.yMm, dy) - change, to.labelHeightMm)), sizeMm: Math.ceil(newCodeMm * 1000 - 1e-6) / 1000, moduleMm: undefined };
  const text = template.text.map((line) => {
    const floorPt = smallestTextPt(fillPlaceholders(line.text, sample.fields), printerDpi);
    const sizePt = Math.max(floorPt, Math.round(line.sizePt * scale * 10) / 10);
    const minSizePt = line.minSizePt === undefined ? undefined : Math.min(sizePt, Math.max(floorPt, MIN_TEXT_PT, Math.round(line.minSizePt * scale * 100) / 100));
    return { ...line, xMm: at(line.xMm, dx), yMm: at(line.yMm, dy), sizePt, minSizePt, widthMm: line.widthMm === undefined ? undefined : round3(line.widthMm * scale) };
  });
  const box = <T extends { xMm: number; yMm: number; widthMm: number; heightMm: number }>(b: T): T => ({ ...b, xMm: at(b.xMm, dx), yMm: at(b.yMm, dy), widthMm: round3(b.widthMm * scale), heightMm: round3(b.heightMm * scale) });
  // A stroke scales with the rest, but never under what the printer draws whole (as the check asks).
  const minStrokeMm = Math.max(TEMPLATE_LIMITS.strokeMm.min, Math.ceil(((MIN_DOTS_PER_BAR_MODULE * 25.4) / printerDpi) * 1000) / 1000);
  const stroke = (mm: number) => Math.min(TEMPLATE_LIMITS.strokeMm.max, Math.max(minStrokeMm, round3(mm * scale)));
  const shape = (s: Shape): Shape =>
    s.kind === 'line'
      ? { ...s, xMm: at(s.xMm, dx), yMm: at(s.yMm, dy), lengthMm: round3(s.lengthMm * scale), strokeMm: stroke(s.strokeMm) }
      : { ...box(s), strokeMm: stroke(s.strokeMm) };
  const press = to.kind === 'press';
  return {
    ...template,
    stock: to.id,
    printerDpi,
    qr,
    text,
    barcodes: template.barcodes.map(box),
    logo: template.logo && box(template.logo),
    shapes: template.shapes.map(shape),
    // Bleed and marks only a press grid takes (stockRules), and no more bleed than its gutters allow.
    bleedMm: press ? Math.min(template.bleedMm, round3(maxBleedMm(to, template.cropMarks))) : 0,
    cropMarks: press && template.cropMarks,
  };
}

/** A text line moved into free room at its size (keeping its alignment), or null when none holds it. */
function textInRoom(base: Template, line: Template['text'][number], to: Stock, sample: FitSample): Template['text'][number] | null {
  const em = line.sizePt * MM_PER_PT;
  const shown = fillPlaceholders(line.text, sample.fields);
  // A turned line keeps its place: free room is looked for along the label's width.
  if (line.rotation !== 0) return null;
  const font = FONT_BOXES[line.font ?? 'sans'];
  const needMm = Math.max(MIN_TEXT_BOX_MM, textWidthEm(shown, faceOf(line)) * em + 0.5);
  const heightMm = (font.ascentEm + font.descentEm) * em;
  const room = widestRoom(safeArea(to.labelWidthMm, to.labelHeightMm), obstacles(base, to.labelWidthMm, sample.modules, barcodeModulesOf(base, sample)), heightMm, needMm);
  if (!room) return null;
  // The whole free band: a line too long for its scaled box gets the room there is.
  const widthMm = Math.floor((room.x1 - room.x0) * 10) / 10;
  const xMm = line.align === 'left' ? room.x0 : line.align === 'center' ? room.x0 + widthMm / 2 : room.x0 + widthMm;
  return { ...line, xMm: round3(xMm), yMm: round3(room.y0 + font.ascentEm * em), widthMm, lines: 1 };
}

/**
 * Carries a design from one stock to another (see the file's comment). When something no longer
 * fits, a smaller code (5 % a step, never under its smallest printable size) is tried, as when a
 * barcode is added; the code stays as large as leaves the fewest things out.
 */
export function carryToStock(template: Template, from: Stock, to: Stock, sample: FitSample): Carried {
  const scale = Math.min(to.labelWidthMm / from.labelWidthMm, to.labelHeightMm / from.labelHeightMm);
  const dx = (to.labelWidthMm - from.labelWidthMm * scale) / 2;
  const dy = (to.labelHeightMm - from.labelHeightMm * scale) / 2;
  // A design printed at the old stock's usual resolution moves to the new one's (a roll goes to a thermal printer).
  const printerDpi = template.printerDpi === defaultPrinterDpi(from) ? defaultPrinterDpi(to) : template.printerDpi;
  const all = scaled(template, to, scale, dx, dy, printerDpi, sample);
  let best = { template: arranged(all, to, sample), changed: [] as LocalizedText[] };
  let left = notFittingIn(best.template, to, sample);
  const codeMm = symbolSizeMm(all, sample.modules);
  for (const size of left.length ? smallerCodes(all, sample.modules) : []) {
    const tried = arranged(withSmallerCode(all, to, sample.modules, size), to, sample);
    const out = notFittingIn(tried, to, sample);
    if (out.length >= left.length) continue;
    const changed = { en: `the QR code was made smaller (${codeMm.toFixed(1)} → ${size.toFixed(1)} mm) to make room`, 'zh-CN': `为腾出位置,二维码已缩小(${codeMm.toFixed(1)} → ${size.toFixed(1)} 毫米)` };
    best = { template: tried, changed: [changed] };
    left = out;
    if (!left.length) break;
  }
  return { template: best.template, scale, notFitting: left, changed: best.changed };
}

/** A box-like element moved so its bounds as turned start at free room's corner, or null when no room holds them. */
function inRoom<T extends { xMm: number; yMm: number }>(thing: T, bounds: { x0: number; y0: number; x1: number; y1: number }, base: Template, to: Stock, sample: FitSample): T | null {
  const room = findRoom(safeArea(to.labelWidthMm, to.labelHeightMm), obstacles(base, to.labelWidthMm, sample.modules, barcodeModulesOf(base, sample)), bounds.x1 - bounds.x0, bounds.y1 - bounds.y0);
  return room && { ...thing, xMm: round3(thing.xMm + room.x0 - bounds.x0), yMm: round3(thing.yMm + room.y0 - bounds.y0) };
}

/**
 * The design's elements taken in drawing order: each that fits beside those before it stays; one
 * that does not is moved into free room when a place holds it, else left where it is.
 */
function arranged(all: Template, to: Stock, sample: FitSample): Template {
  const fits = (t: Template) => fitProblem(t, to, sample) === null;
  let base: Template = { ...all, text: [], barcodes: [], logo: undefined, shapes: [] };
  // Text lines, barcodes, lines and boxes keep their places in their lists (a number is how the
  // designer names each); those that fit so far make up `base`.
  const text = [...all.text];
  const kept: number[] = [];
  all.text.forEach((line, i) => {
    const withLine = (l: typeof line) => ({ ...base, text: [...kept.map((k) => text[k]!), l] });
    if (fits(withLine(line))) {
      base = withLine(line);
      kept.push(i);
      return;
    }
    const moved = textInRoom(base, line, to, sample);
    if (moved && fits(withLine(moved))) {
      base = withLine(moved);
      text[i] = moved;
      kept.push(i);
    }
  });
  const barcodes = [...all.barcodes];
  barcodes.forEach((barcode, i) => {
    const withBarcode = (from: Template, b: Barcode) => ({ ...from, barcodes: [...from.barcodes, b] });
    if (fits(withBarcode(base, barcode))) {
      base = withBarcode(base, barcode);
      return;
    }
    const moved = [false, true]
      .map((firstLinesOnly) => barcodeInRoom(base, to, sample, barcode, firstLinesOnly))
      .map((room) => room && withBarcode(room.made, room.barcode))
      .find((t) => t && fits(t));
    if (moved) {
      barcodes[i] = moved.barcodes.at(-1)!;
      // Room taken from a text box's spare lines stays taken.
      moved.text.forEach((line, j) => (text[kept[j]!] = line));
      base = moved;
    }
  });
  let logo = all.logo;
  if (logo) {
    const placed = fits({ ...base, logo }) ? logo : (inRoom(logo, boxZone(logo), base, to, sample) ?? logo);
    if (fits({ ...base, logo: placed })) {
      logo = placed;
      base = { ...base, logo };
    }
  }
  const shapes = [...all.shapes];
  shapes.forEach((shape, i) => {
    const withShape = (s: Shape) => ({ ...base, shapes: [...base.shapes, s] });
    const placed = fits(withShape(shape)) ? shape : inRoom(shape, shapeBounds(shape, i).box, base, to, sample);
    if (placed && fits(withShape(placed))) {
      shapes[i] = placed;
      base = withShape(placed);
    }
  });
  return { ...base, text, barcodes, logo, shapes };
}

/**
 * The elements of a design that do not fit, taken in drawing order: the code, then each text line,
 * each barcode, the logo and each line and box, each checked beside those before it that fit.
 */
function notFittingIn(template: Template, stock: Stock, sample: FitSample): LocalizedText[] {
  const fits = (t: Template) => fitProblem(t, stock, sample) === null;
  let base: Template = { ...template, text: [], barcodes: [], logo: undefined, shapes: [] };
  const names: LocalizedText[] = fits(base) ? [] : [codeName];
  template.text.forEach((line, i) => {
    const next = { ...base, text: [...base.text, line] };
    if (fits(next)) base = next;
    else names.push(textName(i, line.text));
  });
  template.barcodes.forEach((barcode, i) => {
    const next = { ...base, barcodes: [...base.barcodes, barcode] };
    if (fits(next)) base = next;
    else names.push(barcodeName(barcode, i, template.barcodes.length));
  });
  if (template.logo) {
    if (fits({ ...base, logo: template.logo })) base = { ...base, logo: template.logo };
    else names.push(logoName);
  }
  template.shapes.forEach((shape, i) => {
    const next = { ...base, shapes: [...base.shapes, shape] };
    if (fits(next)) base = next;
    else names.push(shapeName(shape, i));
  });
  return names;
}
