import fs from 'node:fs';
import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';
import { lazyModule, requireModule } from '../../lazyModule';
import { faceOf, type FontBox, type FontFace } from '../../../../shared/sheets/textFit';
import type { FontFamily } from '../../../../shared/sheets/templateSchema';

const fontkit = lazyModule(() => requireModule('fontkit') as typeof Fontkit);

const resolveFontFile = createRequire(import.meta.url).resolve;

/**
 * The label fonts (SIL OFL), shipped on npm as whole TrueType files, so every machine embeds the
 * same fonts whatever is installed on it: Noto Sans SC and Noto Serif SC draw Chinese, Japanese
 * kana, Latin, Greek and Cyrillic; Noto Sans Mono draws Latin, Greek and Cyrillic only.
 */
export const LABEL_FONTS = {
  'sans-regular': resolveFontFile('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  'sans-bold': resolveFontFile('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
  'serif-regular': resolveFontFile('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'),
  'serif-bold': resolveFontFile('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf'),
  'mono-regular': resolveFontFile('@expo-google-fonts/noto-sans-mono/400Regular/NotoSansMono_400Regular.ttf'),
  'mono-bold': resolveFontFile('@expo-google-fonts/noto-sans-mono/700Bold/NotoSansMono_700Bold.ttf'),
} as const satisfies Record<FontFace, string>;
export { faceOf, type FontFace } from '../../../../shared/sheets/textFit';

/** The faces a design prints in: its texts', and Noto Sans SC Regular for the slug and barcode digits. */
export const usedFaces = (template: { text: readonly { font?: FontFamily; bold?: boolean }[] }): FontFace[] => [...new Set<FontFace>(['sans-regular', ...template.text.map(faceOf)])];

/** The families' names as people know them. */
export const FONT_NAMES: Record<FontFamily, string> = { sans: 'Noto Sans SC', serif: 'Noto Serif SC', mono: 'Noto Sans Mono' };

const fileCache = new Map<string, Buffer>();
/** Each font file read once per process and shared (10 MB each): pdfkit and fontkit both use it. */
export function fontBytes(face: FontFace): Buffer {
  const file = LABEL_FONTS[face];
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
export function fontMetrics(face: FontFace): Metrics {
  const file = LABEL_FONTS[face];
  let found = metricsCache.get(file);
  if (!found) {
    const font = fontkit().create(fontBytes(face)) as Fontkit.Font;
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

/** A face's ascent and descent in ems, for laying out lines of text. */
export function fontBox(face: FontFace): FontBox {
  const m = fontMetrics(face);
  return { ascentEm: m.ascent / m.unitsPerEm, descentEm: -m.descent / m.unitsPerEm };
}

/** A text's width in ems, as the template check measures it. */
export function textWidthEm(text: string, face: FontFace): number {
  const m = fontMetrics(face);
  let units = 0;
  for (const char of text) units += m.advance(char.codePointAt(0)!);
  return units / m.unitsPerEm;
}

/**
 * The characters of a text a label font has no glyph for: they would print as empty boxes.
 * Spaces and line breaks are never drawn, so they are never missing.
 */
export function missingGlyphs(text: string, face: FontFace): string[] {
  const m = fontMetrics(face);
  const missing = new Set<string>();
  for (const char of text) if (!/\s/.test(char) && !m.has(char.codePointAt(0)!)) missing.add(char);
  return [...missing];
}
