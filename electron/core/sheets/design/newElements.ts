import type { LocalizedText } from '../../../../shared/text';
import { AppError } from '../../appError';
import { LABEL_FONT_BOX, MM_PER_PT, smallestTextPt } from '../../../../shared/sheets/textFit';
import { ELEMENT_LIMITS, TEMPLATE_LIMITS, type Barcode, type LinearSymbology, type Shape } from '../../../../shared/sheets/templateSchema';
import { textWidthEm } from './fontCatalog';
import { barcodeZone, boxZone, codeZone, findRoom, narrowTextBefore, MIN_TEXT_BOX_MM, obstacles, safeArea, SAFE_MARGIN_MM, textZone, trimLinesAbove, widestRoom, type Rect } from './freeSpace';
import { shapeBounds } from './templateCheck';
import { barcodeModulesOf, fitProblem, sampleBarcode, type FitSample } from './designFit';
import { fillPlaceholders, MIN_DOTS_PER_MODULE, symbolSizeMm } from './labelLayout';
import { barcodeValue, CODE128_MIN_HEIGHT, GS1_BAR_HEIGHT_PER_X, GS1_X_MM, MIN_DOTS_PER_BAR_MODULE, QUIET_MODULES, SYMBOLOGY_NAMES } from '../symbols/linearBarcode';
import type { Stock } from './stocks';
import type { Template } from './template';

// A new element put where the label has room: a text line, a barcode the product can carry (up to
// ELEMENT_LIMITS.barcodes on a label), a logo, a line, a box. Each goes in free space (freeSpace), clear of every
// element as turned, taking spare lines from a text box when it must and, for a barcode, a smaller
// code; the result passes the design check whenever the design did.

export type NewElement = 'text' | 'barcode' | 'logo' | 'line' | 'box';

export interface Placed {
  template: Template;
  /** The element added, as the designer names it: text-N, barcode-N, logo, shape-N. */
  selected: string;
  /** What the person should know: no free room (it was put over other things), or what was changed to make room. */
  notice: LocalizedText | null;
  /** False when it could not go in free room. */
  roomy: boolean;
}

/** What a new text line says. */
const NEW_TEXT = '{seq}';
/** The size a new line takes at most (pt); never under what the printer keeps legible. */
const NEW_TEXT_PT = 6;
const floor3 = (mm: number) => Math.floor(mm * 1000) / 1000;
const ceil1 = (mm: number) => Math.ceil(mm * 10) / 10;

/** Tries each way of putting an element in, keeping the first that fits and (if the design printed before) still prints. */
function firstFitting(template: Template, stock: Stock, sample: FitSample, tries: Iterable<Template | null>): Template | null {
  const printed = fitProblem(template, stock, sample) === null;
  for (const next of tries) if (next && (!printed || fitProblem(next, stock, sample) === null)) return next;
  return null;
}

function placeText(template: Template, stock: Stock, sample: FitSample): Placed {
  const { labelWidthMm: width, labelHeightMm: height } = stock;
  const shown = fillPlaceholders(NEW_TEXT, sample.fields);
  const sizePt = Math.max(smallestTextPt(shown, template.printerDpi), Math.min(NEW_TEXT_PT, ...template.text.map((l) => l.sizePt)));
  const em = sizePt * MM_PER_PT;
  const lineMm = (LABEL_FONT_BOX.ascentEm + LABEL_FONT_BOX.descentEm) * em;
  const needMm = Math.max(MIN_TEXT_BOX_MM, textWidthEm(shown, 'sans-regular') * em + 0.5);
  const line = (room: Rect) => ({ text: NEW_TEXT, xMm: floor3(room.x0), yMm: floor3(room.y0 + LABEL_FONT_BOX.ascentEm * em), sizePt, bold: false, align: 'left' as const, widthMm: Math.floor((room.x1 - room.x0) * 10) / 10, lines: 1, font: 'sans' as const, rotation: 0 as const });
  const area = safeArea(width, height);
  const modules = barcodeModulesOf(template, sample);
  function* tries() {
    for (const firstLinesOnly of [false, true]) {
      const room = widestRoom(area, obstacles(template, width, sample.modules, modules, firstLinesOnly), lineMm, needMm);
      if (!room) continue;
      const made = trimLinesAbove(template, width, room);
      yield { ...made, text: [...made.text, line(room)] };
    }
  }
  const selected = `text-${template.text.length}`;
  const placed = firstFitting(template, stock, sample, tries());
  if (placed) return { template: placed, selected, notice: null, roomy: true };
  return {
    template: { ...template, text: [...template.text, line({ x0: area.x0, y0: area.y0, x1: area.x1, y1: area.y0 + lineMm })] },
    selected,
    roomy: false,
    notice: {
      en: 'There is no free room on this label for another text line: it was put at the top, over what is there. Move it, or make room by making other things smaller.',
      'zh-CN': '此标签上没有空余位置再放一行文字:已把它放在顶部,压在已有内容上。请移动它,或缩小其他内容腾出位置。',
    },
  };
}

type BarcodeChoice = { symbology: LinearSymbology; value: string };

/** What a new barcode encodes: the product key as EAN-13 when it is a valid one, else Code 128 of it (or of the extinfo, when the key is no printable ASCII). */
function barcodeChoices(fields: FitSample['fields']): BarcodeChoice[] {
  const choices: BarcodeChoice[] = [];
  const ean = barcodeValue('ean13', fields.keystr);
  if ('value' in ean && ean.value === fields.keystr) choices.push({ symbology: 'ean13', value: '{keystr}' });
  choices.push({ symbology: 'code128', value: 'value' in barcodeValue('code128', fields.keystr) ? '{keystr}' : '{extinfo}' });
  return choices;
}

/** A barcode of `dots` printer dots a module, its box's size, and its width with quiet zones. */
function barcodeBox(choice: BarcodeChoice, symbolModules: number, dots: number, printerDpi: number, shown: string) {
  const moduleMm = (dots * 25.4) / printerDpi;
  const widthMm = floor3(symbolModules * moduleMm + 0.0005);
  const retail = GS1_BAR_HEIGHT_PER_X[choice.symbology];
  const barsMm = retail ? retail * moduleMm : Math.max(CODE128_MIN_HEIGHT.mm, CODE128_MIN_HEIGHT.ofLength * widthMm);
  // The digits' row (barcodeLayout): 0.95 of a text min(10 modules, a quarter of the box) high.
  const withDigits = Math.max(barsMm + 9.5 * moduleMm, barsMm / (1 - 0.95 / 4));
  const digitsPt = (Math.min(10 * moduleMm, withDigits / 4) * 72) / 25.4;
  const digits = digitsPt >= smallestTextPt(shown, printerDpi);
  const heightMm = ceil1((digits ? withDigits : barsMm) + 0.05);
  const [left, right] = QUIET_MODULES[choice.symbology];
  return { moduleMm, widthMm, heightMm, digits, zoneWidthMm: (symbolModules + left + right) * moduleMm, leftMm: left * moduleMm };
}

/**
 * The design with its code made `sizeMm` a side, its top-left kept (centred where it was centred),
 * and what lay beside or below it moved in by what the code gave up, a text box keeping its far
 * edge and what sits at the label's bottom staying there.
 */
export function withSmallerCode(template: Template, stock: Stock, modules: number, sizeMm: number): Template {
  const was = symbolSizeMm(template, modules);
  const zone = codeZone(template, modules);
  // The code's far edge (its quiet zone's) comes in by what the symbol and that quiet zone give up.
  const shrink = ((was - sizeMm) * (modules + 4)) / modules;
  const centredX = Math.abs(template.qr.xMm + was / 2 - stock.labelWidthMm / 2) < 0.05;
  const centredY = Math.abs(template.qr.yMm + was / 2 - stock.labelHeightMm / 2) < 0.05;
  const qr = { ...template.qr, sizeMm: floor3(sizeMm), moduleMm: undefined, xMm: floor3(template.qr.xMm + (centredX ? (was - sizeMm) / 2 : 0)), yMm: floor3(template.qr.yMm + (centredY ? (was - sizeMm) / 2 : 0)) };
  const dx = centredX ? 0 : shrink;
  const dy = centredY ? 0 : shrink;
  const right = (x0: number) => x0 >= zone.x1 - 0.01;
  // What sits at the label's bottom stays there: the room the code gives up opens above it.
  const up = (box: Rect) => box.y0 >= zone.y1 - 0.01 && box.y1 < stock.labelHeightMm - SAFE_MARGIN_MM - 0.5;
  const text = template.text.map((line) => {
    const box = textZone(line, stock.labelWidthMm);
    let moved = line;
    if (dx && right(box.x0)) moved = { ...moved, xMm: floor3(line.xMm - (line.align === 'left' ? dx : line.align === 'center' ? dx / 2 : 0)), widthMm: line.widthMm === undefined ? undefined : floor3(line.widthMm + dx) };
    if (dy && up(box)) moved = { ...moved, yMm: floor3(moved.yMm - dy) };
    return moved;
  });
  // Barcodes, the logo, lines and boxes move by where they lie as turned.
  const shift = <T extends { xMm: number; yMm: number }>(thing: T, bounds: Rect): T => ({
    ...thing,
    xMm: dx && right(bounds.x0) ? floor3(thing.xMm - dx) : thing.xMm,
    yMm: dy && up(bounds) ? floor3(thing.yMm - dy) : thing.yMm,
  });
  return {
    ...template,
    qr,
    text,
    barcodes: template.barcodes.map((b) => shift(b, barcodeZone(b, undefined))),
    logo: template.logo && shift(template.logo, boxZone(template.logo)),
    shapes: template.shapes.map((shape, i) => shift(shape, shapeBounds(shape, i).box)),
  };
}

/** The code's sizes to try when a barcode needs room: 5 % smaller each step, down to its smallest printable size. */
export function smallerCodes(template: Template, modules: number): number[] {
  const smallest = ((MIN_DOTS_PER_MODULE * 25.4) / template.printerDpi) * modules;
  const sizes: number[] = [];
  for (let size = symbolSizeMm(template, modules) * 0.95; size >= smallest + 0.001; size *= 0.95) sizes.push(size);
  return sizes;
}

/**
 * A barcode of this symbology and value (and turn) put in free room, its bars as wide as the room
 * allows (nearest GS1's 100 % first, down to the fewest dots a module), with the design it goes
 * into (text above it giving up lines it takes); null when no room holds it. The barcode is not
 * added: the caller puts it in its place among the design's barcodes.
 */
export function barcodeInRoom(
  from: Template,
  stock: Stock,
  sample: FitSample,
  choice: BarcodeChoice & Partial<Barcode>,
  firstLinesOnly: boolean,
): { made: Template; barcode: Barcode } | null {
  const dpi = from.printerDpi;
  const shown = fillPlaceholders(choice.value, sample.fields);
  const encoded = sampleBarcode(choice, sample.fields);
  if (!('symbol' in encoded)) return null;
  const dotMm = 25.4 / dpi;
  const fewest = Math.max(MIN_DOTS_PER_BAR_MODULE, GS1_BAR_HEIGHT_PER_X[choice.symbology] ? Math.ceil(GS1_X_MM.min / dotMm - 0.05) : 0);
  const most = Math.max(fewest, Math.round(GS1_X_MM.target / dotMm));
  const blocked = obstacles(from, stock.labelWidthMm, sample.modules, barcodeModulesOf(from, sample), firstLinesOnly);
  const rotation = choice.rotation ?? 0;
  const area = safeArea(stock.labelWidthMm, stock.labelHeightMm);
  for (let dots = most; dots >= fewest; dots--) {
    const size = barcodeBox(choice, encoded.symbol.modules, dots, dpi, shown);
    // Its zone as turned, were its box at the label's corner: the room it needs, and where its box then goes.
    const at0 = barcodeZone({ symbology: choice.symbology, xMm: 0, yMm: 0, widthMm: size.widthMm, heightMm: size.heightMm, rotation }, encoded.symbol.modules);
    const room = findRoom(area, blocked, at0.x1 - at0.x0, at0.y1 - at0.y0);
    if (!room) continue;
    const made = trimLinesAbove(from, stock.labelWidthMm, room);
    const barcode: Barcode = { ...choice, rotation, xMm: floor3(room.x0 - at0.x0), yMm: floor3(room.y0 - at0.y0), widthMm: size.widthMm, heightMm: size.heightMm, digits: size.digits };
    return { made, barcode };
  }
  return null;
}

function placeBarcode(template: Template, stock: Stock, sample: FitSample): Placed {
  if (template.barcodes.length >= ELEMENT_LIMITS.barcodes) {
    throw new AppError('invalid_argument', {
      en: `A label holds at most ${ELEMENT_LIMITS.barcodes} barcodes, and this one has ${template.barcodes.length}: remove one to add another.`,
      'zh-CN': `一个标签最多放 ${ELEMENT_LIMITS.barcodes} 个条码,此标签已有 ${template.barcodes.length} 个:请先删除一个再添加。`,
    });
  }
  const area = safeArea(stock.labelWidthMm, stock.labelHeightMm);
  const dpi = template.printerDpi;
  const choices = barcodeChoices(sample.fields);
  // Each new barcode goes after those the design has, clear of them all.
  const put = (from: Template, choice: BarcodeChoice, firstLinesOnly: boolean) => {
    const room = barcodeInRoom(from, stock, sample, choice, firstLinesOnly);
    return room && { ...room.made, barcodes: [...room.made.barcodes, room.barcode] };
  };
  const plain = template;
  const selected = `barcode-${template.barcodes.length}`;
  function* tries() {
    for (const choice of choices) for (const firstLinesOnly of [false, true]) yield put(plain, choice, firstLinesOnly);
    // Code 128 fits where a smaller code leaves it room.
    const last = choices.at(-1)!;
    for (const size of smallerCodes(plain, sample.modules)) yield put(withSmallerCode(plain, stock, sample.modules, size), last, true);
  }
  const placed = firstFitting(plain, stock, sample, tries());
  const name = (t: Template) => `${SYMBOLOGY_NAMES[t.barcodes.at(-1)!.symbology]} ${t.barcodes.at(-1)!.value}`;
  if (placed) {
    const was = symbolSizeMm(plain, sample.modules);
    const now = symbolSizeMm(placed, sample.modules);
    const notice =
      now < was - 0.001
        ? {
            en: `${name(placed)} added. To make room for it, the QR code was made smaller (${was.toFixed(1)} → ${now.toFixed(1)} mm) and what was beside it moved up to it.`,
            'zh-CN': `已添加 ${name(placed)}。为给它腾出位置,二维码已缩小(${was.toFixed(1)} → ${now.toFixed(1)} 毫米),旁边的内容随之靠拢。`,
          }
        : null;
    return { template: placed, selected, notice, roomy: true };
  }
  const choice = choices.at(-1)!;
  const encoded = sampleBarcode(choice, sample.fields);
  const modules = 'symbol' in encoded ? encoded.symbol.modules : 100;
  const size = barcodeBox(choice, modules, MIN_DOTS_PER_BAR_MODULE, dpi, '');
  const barcode = { symbology: choice.symbology, value: choice.value, xMm: floor3(area.x0 + size.leftMm), yMm: floor3(Math.max(area.y0, area.y1 - size.heightMm)), widthMm: size.widthMm, heightMm: size.heightMm, digits: false, rotation: 0 as const };
  return {
    template: { ...plain, barcodes: [...plain.barcodes, barcode] },
    selected,
    roomy: false,
    notice: {
      en: `There is no free room on this ${stock.labelWidthMm} × ${stock.labelHeightMm} mm label for a barcode (the smallest printable ${SYMBOLOGY_NAMES[choice.symbology]} of ${choice.value} takes ${size.zoneWidthMm.toFixed(1)} × ${size.heightMm.toFixed(1)} mm with its quiet zones): it was put at the bottom, over what is there. Make room, or choose a larger stock.`,
      'zh-CN': `此 ${stock.labelWidthMm} × ${stock.labelHeightMm} 毫米标签上没有空余位置放条码(${choice.value} 的 ${SYMBOLOGY_NAMES[choice.symbology]} 最小可打印尺寸连同静区为 ${size.zoneWidthMm.toFixed(1)} × ${size.heightMm.toFixed(1)} 毫米):已把它放在底部,压在已有内容上。请腾出位置,或选择更大的标签纸。`,
    },
  };
}

function placeLogo(template: Template, stock: Stock, sample: FitSample, file: string): Placed {
  const area = safeArea(stock.labelWidthMm, stock.labelHeightMm);
  const plain = { ...template, logo: undefined };
  const side = Math.min(stock.labelWidthMm, stock.labelHeightMm) / 4;
  const modules = barcodeModulesOf(plain, sample);
  const sides = [1, 0.75, 0.5].map((scale) => Math.floor(side * scale * 10) / 10);
  const logo = (room: Rect, s: number) => ({ file, xMm: floor3(room.x0), yMm: floor3(room.y0), widthMm: s, heightMm: s, rotation: 0 as const });
  // As large as a quarter of the label's short side, else down to an eighth: in free room; else in
  // the top right corner with the text beside it made narrower; else taking a text box's spare lines.
  function* tries() {
    for (const s of sides) {
      const room = findRoom(area, obstacles(plain, stock.labelWidthMm, sample.modules, modules), s, s);
      if (room) yield { ...plain, logo: logo(room, s) };
    }
    for (const s of sides) {
      const corner = { x0: area.x1 - s, y0: area.y0, x1: area.x1, y1: area.y0 + s };
      yield { ...narrowTextBefore(plain, stock.labelWidthMm, corner), logo: logo(corner, s) };
    }
    for (const s of sides) {
      const room = findRoom(area, obstacles(plain, stock.labelWidthMm, sample.modules, modules, true), s, s);
      if (room) yield { ...trimLinesAbove(plain, stock.labelWidthMm, room), logo: logo(room, s) };
    }
  }
  const placed = firstFitting(plain, stock, sample, tries());
  if (placed) return { template: placed, selected: 'logo', notice: null, roomy: true };
  const s = Math.floor(side * 10) / 10;
  return {
    template: { ...plain, logo: { file, xMm: floor3(area.x1 - s), yMm: area.y0, widthMm: s, heightMm: s, rotation: 0 } },
    selected: 'logo',
    roomy: false,
    notice: {
      en: 'There is no free room on this label for the logo: it was put at the top right, over what is there. Move it or make it smaller, or make room.',
      'zh-CN': '此标签上没有空余位置放标志:已把它放在右上角,压在已有内容上。请移动或缩小它,或腾出位置。',
    },
  };
}

/** A new line's or box's stroke: 0.3 mm, or thicker where that is under MIN_DOTS_PER_BAR_MODULE printer dots (the check's least). */
export function newStrokeMm(printerDpi: number): number {
  const leastMm = Math.ceil(((MIN_DOTS_PER_BAR_MODULE * 25.4) / printerDpi) * 1000) / 1000;
  return Math.max(0.3, TEMPLATE_LIMITS.strokeMm.min, leastMm);
}
/** Kept clear above and below a new rule and around a new box, so neither hugs what is beside it. */
const SHAPE_CLEARANCE_MM = 0.5;

/**
 * A line (a rule along a free band: as long as the band, at least a third of the label's width
 * inside its margins, at most 40 mm) or a box (an empty one, a quarter of the label's sides at most
 * 10 × 6 mm, down to half that) in free room.
 */
function placeShape(template: Template, stock: Stock, sample: FitSample, kind: 'line' | 'box'): Placed {
  if (template.shapes.length >= ELEMENT_LIMITS.shapes) {
    throw new AppError('invalid_argument', {
      en: `A label holds at most ${ELEMENT_LIMITS.shapes} lines and boxes, and this one has ${template.shapes.length}: remove one to add another.`,
      'zh-CN': `一个标签最多放 ${ELEMENT_LIMITS.shapes} 个线条和方框,此标签已有 ${template.shapes.length} 个:请先删除一个再添加。`,
    });
  }
  const { labelWidthMm: width, labelHeightMm: height } = stock;
  const area = safeArea(width, height);
  const strokeMm = newStrokeMm(template.printerDpi);
  const modules = barcodeModulesOf(template, sample);
  const selected = `shape-${template.shapes.length}`;
  const blocked = (firstLinesOnly: boolean) => obstacles(template, width, sample.modules, modules, firstLinesOnly);
  const lengthMm = Math.min(40, area.x1 - area.x0);
  const shortestMm = Math.min(lengthMm, Math.floor(((area.x1 - area.x0) / 3) * 10) / 10);
  const line = (room: Rect): Shape => ({ kind: 'line', xMm: floor3(room.x0), yMm: floor3(room.y0 + SHAPE_CLEARANCE_MM), lengthMm: Math.floor(Math.min(lengthMm, room.x1 - room.x0) * 10) / 10, strokeMm, rotation: 0 });
  const sides = [1, 0.75, 0.5].map((scale) => ({ w: Math.floor(Math.min(10, width / 4) * scale * 10) / 10, h: Math.floor(Math.min(6, height / 4) * scale * 10) / 10 }));
  const box = (at: { x: number; y: number }, s: { w: number; h: number }): Shape => ({ kind: 'box', xMm: floor3(at.x), yMm: floor3(at.y), widthMm: s.w, heightMm: s.h, strokeMm, fill: 'none', rotation: 0 });
  const add = (from: Template, room: Rect, shape: Shape) => {
    const made = trimLinesAbove(from, width, room);
    return { ...made, shapes: [...made.shapes, shape] };
  };
  function* tries() {
    for (const firstLinesOnly of [false, true]) {
      if (kind === 'line') {
        const room = widestRoom(area, blocked(firstLinesOnly), strokeMm + 2 * SHAPE_CLEARANCE_MM, shortestMm);
        if (room) yield add(template, room, line(room));
      } else {
        // With room to spare around it first; on a crowded label, just clear of its neighbours.
        for (const clear of [SHAPE_CLEARANCE_MM, 0]) {
          for (const s of sides) {
            const room = findRoom(area, blocked(firstLinesOnly), s.w + 2 * clear, s.h + 2 * clear);
            if (room) yield add(template, room, box({ x: room.x0 + clear, y: room.y0 + clear }, s));
          }
        }
      }
    }
  }
  const placed = firstFitting(template, stock, sample, tries());
  if (placed) return { template: placed, selected, notice: null, roomy: true };
  // No room: a rule along the foot of the label, a box in its top left corner, over what is there.
  const over: Shape =
    kind === 'line'
      ? { kind, xMm: area.x0, yMm: floor3(area.y1 - strokeMm), lengthMm: Math.floor((area.x1 - area.x0) * 10) / 10, strokeMm, rotation: 0 }
      : box({ x: area.x0, y: area.y0 }, sides[0]!);
  return {
    template: { ...template, shapes: [...template.shapes, over] },
    selected,
    roomy: false,
    notice:
      kind === 'line'
        ? {
            en: 'There is no free room on this label for a line: it was put at the bottom, over what is there. Move it or make it shorter, or make room.',
            'zh-CN': '此标签上没有空余位置放线条:已把它放在底部,压在已有内容上。请移动或缩短它,或腾出位置。',
          }
        : {
            en: 'There is no free room on this label for a box: it was put at the top left, over what is there. Move it or make it smaller, or make room.',
            'zh-CN': '此标签上没有空余位置放方框:已把它放在左上角,压在已有内容上。请移动或缩小它,或腾出位置。',
          },
  };
}

/** The design with a new element in free room (see Placed). */
export function placeElement(template: Template, stock: Stock, sample: FitSample, element: NewElement, logoFile?: string): Placed {
  if (element === 'text') return placeText(template, stock, sample);
  if (element === 'barcode') return placeBarcode(template, stock, sample);
  if (element === 'line' || element === 'box') return placeShape(template, stock, sample, element);
  return placeLogo(template, stock, sample, logoFile ?? '');
}
