import { shortened, type LocalizedText } from '../../../../shared/text';
import { MIN_TEXT_PT, smallestTextPt, LABEL_FONT_BOX, MM_PER_PT } from '../../../../shared/sheets/textFit';
import { textWidthEm } from './fontCatalog';
import { barcodeModulesOf, fitProblem, type FitSample } from './designFit';
import { MIN_TEXT_BOX_MM, obstacles, safeArea, widestRoom, findRoom } from './freeSpace';
import { fillPlaceholders, MIN_DOTS_PER_MODULE, symbolSizeMm } from './labelLayout';
import { barcodeInRoom, smallerCodes, withSmallerCode } from './newElements';
import { SYMBOLOGY_NAMES } from '../symbols/linearBarcode';
import { CUT_TOLERANCE_MM, maxBleedMm } from './stockRules';
import { QUIET_ZONE_MODULES } from '../../../../shared/sheets/symbolRules';
import type { Stock } from './stocks';
import { ROLL_PRINTER_DPI, type Template } from './template';

// A design carried to another stock: everything scaled by one factor (so nothing is stretched),
// centred on the new label, the code kept at least its smallest printable size and text at least
// its smallest legible one; what then collides or runs off is moved into free room if it can be,
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
const defaultDpi = (stock: Stock) => (stock.kind === 'roll' ? ROLL_PRINTER_DPI : 600);

const codeName: LocalizedText = { en: 'the QR code', 'zh-CN': '二维码' };
const logoName: LocalizedText = { en: 'the logo', 'zh-CN': '标志' };
const textName = (i: number, text: string): LocalizedText => ({ en: `text line ${i + 1} “${shortened(text, 30)}”`, 'zh-CN': `第 ${i + 1} 行文字“${shortened(text, 30)}”` });
const barcodeName = (barcode: NonNullable<Template['barcode']>): LocalizedText => ({ en: `the barcode (${SYMBOLOGY_NAMES[barcode.symbology]} ${barcode.value})`, 'zh-CN': `条码(${SYMBOLOGY_NAMES[barcode.symbology]} ${barcode.value})` });

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
  const press = to.kind === 'press';
  return {
    ...template,
    stock: to.id,
    printerDpi,
    qr,
    text,
    barcode: template.barcode && box(template.barcode),
    logo: template.logo && box(template.logo),
    // Bleed and marks only a press grid takes (stockRules), and no more bleed than its gutters allow.
    bleedMm: press ? Math.min(template.bleedMm, round3(maxBleedMm(to, template.cropMarks))) : 0,
    cropMarks: press && template.cropMarks,
  };
}

/** A text line moved into free room at its size (keeping its alignment), or null when none holds it. */
function textInRoom(base: Template, line: Template['text'][number], to: Stock, sample: FitSample): Template['text'][number] | null {
  const em = line.sizePt * MM_PER_PT;
  const shown = fillPlaceholders(line.text, sample.fields);
  const needMm = Math.max(MIN_TEXT_BOX_MM, textWidthEm(shown, line.bold ? 'bold' : 'regular') * em + 0.5);
  const heightMm = (LABEL_FONT_BOX.ascentEm + LABEL_FONT_BOX.descentEm) * em;
  const room = widestRoom(safeArea(to.labelWidthMm, to.labelHeightMm), obstacles(base, to.labelWidthMm, sample.modules, undefined), heightMm, needMm);
  if (!room) return null;
  // The whole free band: a line too long for its scaled box gets the room there is.
  const widthMm = Math.floor((room.x1 - room.x0) * 10) / 10;
  const xMm = line.align === 'left' ? room.x0 : line.align === 'center' ? room.x0 + widthMm / 2 : room.x0 + widthMm;
  return { ...line, xMm: round3(xMm), yMm: round3(room.y0 + LABEL_FONT_BOX.ascentEm * em), widthMm, lines: 1 };
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
  const printerDpi = template.printerDpi === defaultDpi(from) ? defaultDpi(to) : template.printerDpi;
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

/**
 * The design's elements taken in drawing order: each that fits beside those before it stays; one
 * that does not is moved into free room when a place holds it, else left where it is.
 */
function arranged(all: Template, to: Stock, sample: FitSample): Template {
  const fits = (t: Template) => fitProblem(t, to, sample) === null;
  let base: Template = { ...all, text: [], barcode: undefined, logo: undefined };
  // Text lines keep their places in the list (a line's number is how the designer names it).
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
  let barcode = all.barcode;
  if (barcode) {
    const choice = { symbology: barcode.symbology, value: barcode.value };
    const moved = fits({ ...base, barcode }) ? { ...base, barcode } : [false, true].map((firstLinesOnly) => barcodeInRoom(base, to, sample, choice, firstLinesOnly)).find((t) => t && fits(t));
    if (moved) {
      barcode = moved.barcode;
      // Room taken from a text box's spare lines stays taken.
      moved.text.forEach((line, j) => (text[kept[j]!] = line));
      base = moved;
    }
  }
  let logo = all.logo;
  if (logo) {
    const room = fits({ ...base, logo }) ? null : findRoom(safeArea(to.labelWidthMm, to.labelHeightMm), obstacles(base, to.labelWidthMm, sample.modules, barcodeModulesOf(base, sample)), logo.widthMm, logo.heightMm);
    const placed = room ? { ...logo, xMm: round3(room.x0), yMm: round3(room.y0) } : logo;
    if (fits({ ...base, logo: placed })) logo = placed;
  }
  return { ...base, text, barcode, logo };
}

/**
 * The elements of a design that do not fit, taken in drawing order: the code, then each text line,
 * the barcode and the logo, each checked beside those before it that fit.
 */
function notFittingIn(template: Template, stock: Stock, sample: FitSample): LocalizedText[] {
  const fits = (t: Template) => fitProblem(t, stock, sample) === null;
  let base: Template = { ...template, text: [], barcode: undefined, logo: undefined };
  const names: LocalizedText[] = fits(base) ? [] : [codeName];
  template.text.forEach((line, i) => {
    const next = { ...base, text: [...base.text, line] };
    if (fits(next)) base = next;
    else names.push(textName(i, line.text));
  });
  if (template.barcode) {
    if (fits({ ...base, barcode: template.barcode })) base = { ...base, barcode: template.barcode };
    else names.push(barcodeName(template.barcode));
  }
  if (template.logo && !fits({ ...base, logo: template.logo })) names.push(logoName);
  return names;
}
