import type { LinearSymbology } from '../../../../shared/sheets/templateSchema';
import { quoted, type LocalizedText } from '../../../../shared/text';
import { gtinCheckDigit } from '../../../../shared/jump/gs1DigitalLink';
import { lazyModule, requireModule } from '../../lazyModule';

// Linear barcodes beside the QR code: the retail GTINs (EAN-13, EAN-8, UPC-A) and Code 128 for any
// text. bwip-js (Barcode Writer in Pure PostScript) makes the bars; we draw them as vector paths.
// Page workers import this file: it loads bwip-js on the first barcode, never for a sheet without one.

/** The part of bwip-js used here (its typings sit behind a "node" export condition TypeScript does not take). */
interface BwipRaw {
  raw(options: { bcid: string; text: string; includetext: boolean }): { sbs: number[]; bbs: number[] }[];
}
const bwip = lazyModule(() => requireModule('bwip-js') as BwipRaw);

/** Quiet zones in modules, left and right (GS1 General Specifications; ISO/IEC 15417 for Code 128). */
export const QUIET_MODULES: Record<LinearSymbology, [left: number, right: number]> = {
  ean13: [11, 7],
  ean8: [7, 7],
  upca: [9, 9],
  code128: [10, 10],
};

/** A bar's module must cover this many whole printer dots, or the printer cannot keep bar widths apart. */
export const MIN_DOTS_PER_BAR_MODULE = 2;

/**
 * GS1 General Specifications, symbol specification table 1 (trade items scanned at the retail
 * point of sale): the X-dimension's range (mm; 0.330 is 100 % magnification) and the bars' least
 * height for a given X (22.85 mm at 0.330 for EAN-13 and UPC-A, 18.23 mm for EAN-8), so a
 * symbol at 80 % (0.264 mm) needs 18.28 mm bars. Code 128 follows ISO/IEC 15417's application
 * rule instead: bars at least 15 % of the symbol's length, and never under 6.35 mm.
 */
export const GS1_X_MM = { min: 0.264, target: 0.33, max: 0.66 } as const;
export const GS1_BAR_HEIGHT_PER_X: Partial<Record<LinearSymbology, number>> = { ean13: 22.85 / 0.33, upca: 22.85 / 0.33, ean8: 18.23 / 0.33 };
export const CODE128_MIN_HEIGHT = { mm: 6.35, ofLength: 0.15 } as const;

/** Whole printer dots a module of this width covers (a hair under a whole dot counts as whole). */
export const moduleDots = (moduleMm: number, printerDpi: number) => Math.floor((moduleMm * printerDpi) / 25.4 + 0.05);
export const CODE128_MAX_CHARS = 48;

export const SYMBOLOGY_NAMES: Record<LinearSymbology, string> = { ean13: 'EAN-13', ean8: 'EAN-8', upca: 'UPC-A', code128: 'Code 128' };

/** Digits of each GTIN, without and with the check digit. */
const GTIN_DIGITS: Partial<Record<LinearSymbology, number>> = { ean13: 13, ean8: 8, upca: 12 };

export { gtinCheckDigit };

/**
 * The value a barcode encodes, complete (a GTIN given without its check digit gets it), or why
 * it cannot be encoded — in words a person at the press can act on.
 */
export function barcodeValue(symbology: LinearSymbology, raw: string): { value: string } | { problem: LocalizedText } {
  const name = SYMBOLOGY_NAMES[symbology];
  const length = GTIN_DIGITS[symbology];
  if (length) {
    if (!/^\d+$/.test(raw) || (raw.length !== length && raw.length !== length - 1)) {
      return {
        problem: {
          en: `${name} takes ${length - 1} digits (the check digit is added) or ${length} with their check digit; ${quoted(raw)} is not.`,
          'zh-CN': `${name} 需要 ${length - 1} 位数字(自动加校验位)或含校验位的 ${length} 位数字;${quoted(raw)} 不符合。`,
        },
      };
    }
    const check = gtinCheckDigit(raw.slice(0, length - 1));
    if (raw.length === length && Number(raw[length - 1]) !== check) {
      return {
        problem: {
          en: `${quoted(raw)} has a wrong ${name} check digit: the last digit should be ${check}.`,
          'zh-CN': `${quoted(raw)} 的 ${name} 校验位不对:最后一位应为 ${check}。`,
        },
      };
    }
    return { value: raw.length === length ? raw : raw + check };
  }
  if (!/^[\x20-\x7e]+$/.test(raw) || raw.length > CODE128_MAX_CHARS) {
    return {
      problem: {
        en: `Code 128 takes 1 to ${CODE128_MAX_CHARS} printable ASCII characters (letters, digits, punctuation; no Chinese); ${quoted(raw)} is not.`,
        'zh-CN': `Code 128 只能编码 1 到 ${CODE128_MAX_CHARS} 个可打印 ASCII 字符(字母、数字、标点,不含中文);${quoted(raw)} 不符合。`,
      },
    };
  }
  return { value: raw };
}

/** A linear symbol in modules: its bars (start, width, whether a guard bar that runs down between the digits) and readable text. */
export interface LinearSymbol {
  symbology: LinearSymbology;
  value: string;
  modules: number;
  bars: [startModules: number, widthModules: number, guard: boolean][];
  /** What is printed under the bars, each centred at a module position (outer UPC-A digits outside the bars). */
  digits: { text: string; atModules: number }[];
}

const encoded = new Map<string, LinearSymbol>();
/** Enough for the values a sheet repeats (the product key); a value per label is encoded anyway. */
const CACHE_LIMIT = 256;

/** Encodes a value from barcodeValue (checked); the same value twice is encoded once. */
export function encodeLinear(symbology: LinearSymbology, value: string): LinearSymbol {
  const key = `${symbology}:${value}`;
  const cached = encoded.get(key);
  if (cached) return cached;
  const [raw] = bwip().raw({ bcid: symbology, text: value, includetext: true });
  const bars: LinearSymbol['bars'] = [];
  let at = 0;
  // sbs alternates bar, space, bar…; bbs holds each bar's bottom (below 0: a guard bar).
  for (let i = 0; i < raw!.sbs.length; i++) {
    const width = raw!.sbs[i]!;
    if (i % 2 === 0) bars.push([at, width, (raw!.bbs[i / 2] ?? 0) < 0]);
    at += width;
  }
  const symbol: LinearSymbol = { symbology, value, modules: at, bars, digits: readableDigits(symbology, value, at) };
  if (encoded.size >= CACHE_LIMIT) encoded.clear();
  encoded.set(key, symbol);
  return symbol;
}

/** Where GS1 puts the human-readable digits: in groups under the halves, the first (and UPC-A's last) outside. */
function readableDigits(symbology: LinearSymbology, value: string, modules: number): LinearSymbol['digits'] {
  const at = (text: string, atModules: number) => ({ text, atModules });
  const run = (digits: string, firstModule: number) => [...digits].map((d, i) => at(d, firstModule + 7 * i + 3.5));
  switch (symbology) {
    case 'ean13':
      return [at(value[0]!, -5), ...run(value.slice(1, 7), 3), ...run(value.slice(7), 50)];
    case 'ean8':
      return [...run(value.slice(0, 4), 3), ...run(value.slice(4), 36)];
    case 'upca':
      return [at(value[0]!, -5), ...run(value.slice(1, 6), 10), ...run(value.slice(6, 11), 50), at(value[11]!, modules + 5)];
    default:
      return [at(value, modules / 2)];
  }
}

/**
 * A barcode drawn in its box: module width (whole printer dots), how much narrower each bar is
 * drawn (bar-width reduction, for presses whose ink spreads), bar heights and the digits' size
 * and baseline (mm from the box's top).
 */
export interface BarcodeLayout {
  moduleMm: number;
  barReductionMm: number;
  barsHeightMm: number;
  guardHeightMm: number;
  textSizePt: number;
  baselineMm: number;
}

export function barcodeLayout(symbol: LinearSymbol, box: { widthMm: number; heightMm: number; digits: boolean; barWidthReductionMm?: number }, printerDpi: number): BarcodeLayout {
  // Every module the same whole number of dots, so every bar prints at its width: 2.2 dots
  // would print some bars 2 dots wide and some 3.
  const dots = moduleDots(box.widthMm / symbol.modules, printerDpi);
  const moduleMm = dots > 0 ? (dots * 25.4) / printerDpi : box.widthMm / symbol.modules;
  // Digits about 10 modules high (GS1's proportion), never more than a quarter of the box.
  const textMm = box.digits ? Math.min(10 * moduleMm, box.heightMm / 4) : 0;
  const rowMm = textMm * 0.95;
  const barsHeightMm = box.heightMm - rowMm;
  const retail = symbol.symbology !== 'code128';
  return {
    moduleMm,
    barReductionMm: box.barWidthReductionMm ?? 0,
    barsHeightMm,
    guardHeightMm: retail && box.digits ? barsHeightMm + rowMm / 2 : barsHeightMm,
    textSizePt: (textMm * 72) / 25.4,
    baselineMm: box.heightMm,
  };
}
