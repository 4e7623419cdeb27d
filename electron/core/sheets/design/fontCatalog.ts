import fs from 'node:fs';
import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';
import { lazyModule, requireModule } from '../../lazyModule';
import type { FontBox } from '../../../../shared/sheets/textFit';

const fontkit = lazyModule(() => requireModule('fontkit') as typeof Fontkit);

const resolveFontFile = createRequire(import.meta.url).resolve;

/**
 * The label font: Noto Sans SC (SIL OFL), shipped on npm as whole TrueType files, so every
 * machine embeds the same CJK-capable font whatever is installed on it.
 */
export const LABEL_FONTS = {
  regular: resolveFontFile('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: resolveFontFile('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
} as const;
export type FontWeight = keyof typeof LABEL_FONTS;

const fileCache = new Map<string, Buffer>();
/** Each font file read once per process and shared (10 MB each): pdfkit and fontkit both use it. */
export function fontBytes(weight: FontWeight): Buffer {
  const file = LABEL_FONTS[weight];
  let bytes = fileCache.get(file);
  if (!bytes) {
    bytes = fs.readFileSync(file);
    fileCache.set(file, bytes);
  }
  return bytes;
}

interface Metrics {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  advance: (codePoint: number) => number;
  has: (codePoint: number) => boolean;
}

const metricsCache = new Map<string, Metrics>();

/** Font metrics for measuring text before drawing it (advance widths in font units). */
export function fontMetrics(weight: FontWeight): Metrics {
  const file = LABEL_FONTS[weight];
  let found = metricsCache.get(file);
  if (!found) {
    const font = fontkit().create(fontBytes(weight)) as Fontkit.Font;
    const advances = new Map<number, number>();
    found = {
      unitsPerEm: font.unitsPerEm,
      ascent: font.ascent,
      descent: font.descent,
      advance: (codePoint): number => {
        const known = advances.get(codePoint);
        if (known !== undefined) return known;
        const width = font.glyphForCodePoint(codePoint).advanceWidth;
        advances.set(codePoint, width);
        return width;
      },
      has: (codePoint) => font.hasGlyphForCodePoint(codePoint),
    };
    metricsCache.set(file, found);
  }
  return found;
}

/** A weight's ascent and descent in ems, for laying out lines of text. */
export function fontBox(weight: FontWeight): FontBox {
  const m = fontMetrics(weight);
  return { ascentEm: m.ascent / m.unitsPerEm, descentEm: -m.descent / m.unitsPerEm };
}

/** A text's width in ems, as the template check measures it. */
export function textWidthEm(text: string, weight: FontWeight): number {
  const m = fontMetrics(weight);
  let units = 0;
  for (const char of text) units += m.advance(char.codePointAt(0)!);
  return units / m.unitsPerEm;
}

/**
 * The characters of a text the label font has no glyph for: they would print as empty boxes.
 * Spaces and line breaks are never drawn, so they are never missing.
 */
export function missingGlyphs(text: string, weight: FontWeight): string[] {
  const m = fontMetrics(weight);
  const missing = new Set<string>();
  for (const char of text) if (!/\s/.test(char) && !m.has(char.codePointAt(0)!)) missing.add(char);
  return [...missing];
}
