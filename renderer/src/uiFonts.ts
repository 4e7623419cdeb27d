/**
 * Chinese in the labels' own Noto Sans SC, served by the app at /fonts/, so a machine without a CJK
 * font of its own shows every character. Registered here rather than as @font-face in styles.css:
 * the files are not part of the renderer build, and the bundler warned on every build that it
 * could not find them. Only CJK characters use it (unicodeRange), and it comes first in the font
 * list: behind the system's fonts, Chromium took a system fallback without the glyphs for some runs.
 */
const CJK_RANGE = 'U+2E80-2FFF, U+3000-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF';
const WEIGHTS = [
  { file: '/fonts/ui-regular.ttf', weight: '100 550' },
  { file: '/fonts/ui-bold.ttf', weight: '551 900' },
];

const UI_CJK_FAMILY = 'QR Pack Sans SC';

/** Adds the faces to the document; each file loads only when a screen first draws Chinese with it. */
export function registerUiFonts(): void {
  for (const { file, weight } of WEIGHTS) {
    document.fonts.add(new FontFace(UI_CJK_FAMILY, `url(${file}) format('truetype')`, { weight, display: 'swap', unicodeRange: CJK_RANGE }));
  }
}
