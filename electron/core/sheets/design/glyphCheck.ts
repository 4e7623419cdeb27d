import type { LocalizedText } from '../../../../shared/text';
import { faceOf, FONT_NAMES, missingGlyphs, type FontFace } from './fontCatalog';
import { fillPlaceholders, PLACEHOLDER_PATTERN, type LabelFields } from './labelLayout';
import type { Template } from './template';

// A character the label font has no glyph for prints as an empty box (.notdef) and nothing else
// says so: every text a label prints is checked against the font first, naming where it came from.

/** A text a label prints, where it comes from, and the face it is drawn in. */
export interface TextSource {
  where: LocalizedText;
  text: string;
  face: FontFace;
}

function placeholderSource(name: string, line: number): LocalizedText {
  if (name.startsWith('col:')) {
    const column = name.slice(4).split('|')[0]!;
    return { en: `the CSV column "${column}"`, 'zh-CN': `CSV 列“${column}”` };
  }
  if (name.startsWith('detail:') || name === 'brand_tag' || name === 'retail_price') return { en: `the product field "${name}"`, 'zh-CN': `商品字段“${name}”` };
  const named: Record<string, LocalizedText> = {
    title: { en: 'the title', 'zh-CN': '标题' },
    extinfo: { en: 'the extinfo', 'zh-CN': 'extinfo' },
    batch: { en: 'the batch name', 'zh-CN': '批次名称' },
    keystr: { en: 'the product key', 'zh-CN': '商品编码' },
  };
  return named[name] ?? { en: `text line ${line} of the design`, 'zh-CN': `设计的第 ${line} 行文字` };
}

const perLabel = (name: string) => name === 'extinfo' || name.startsWith('col:');

/**
 * Every text a label prints with these fields: each line's own words and each placeholder's value,
 * and the slug's batch name. `which`: all of them, those the same on every label, or those that
 * differ per label (the extinfo and the CSV columns).
 */
export function textSources(template: Template, fields: LabelFields, which: 'all' | 'fixed' | 'perLabel' = 'all'): TextSource[] {
  // Barcodes are no source: their digits (and Code 128's printable ASCII) are Noto Sans SC's, always there.
  const sources: TextSource[] = [];
  template.text.forEach((line, i) => {
    const face = faceOf(line);
    if (which !== 'perLabel') sources.push({ where: { en: `text line ${i + 1} of the design`, 'zh-CN': `设计的第 ${i + 1} 行文字` }, text: line.text.replace(PLACEHOLDER_PATTERN, ''), face });
    for (const match of line.text.matchAll(PLACEHOLDER_PATTERN)) {
      if ((which === 'fixed' && perLabel(match[1]!)) || (which === 'perLabel' && !perLabel(match[1]!))) continue;
      sources.push({ where: placeholderSource(match[1]!, i + 1), text: fillPlaceholders(match[0], fields), face });
    }
  });
  if (template.slug && which !== 'perLabel') sources.push({ where: { en: 'the batch name (on the slug line)', 'zh-CN': '批次名称(版尾信息行)' }, text: fields.batch, face: 'sans-regular' });
  return sources;
}

const shownChar = (char: string) => `"${char}" (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
const MAX_SHOWN = 12;

/** Collects the characters without a glyph, per place they come from and font (with the first label's position, for per-label values). */
export class GlyphScan {
  private readonly found = new Map<string, { where: LocalizedText; face: FontFace; chars: Set<string>; seq?: number }>();

  add(sources: Iterable<TextSource>, seq?: number): void {
    for (const source of sources) {
      const missing = missingGlyphs(source.text, source.face);
      if (!missing.length) continue;
      const key = `${source.where.en}\u0000${source.face}`;
      let entry = this.found.get(key);
      if (!entry) this.found.set(key, (entry = { where: source.where, face: source.face, chars: new Set(), seq }));
      for (const char of missing) entry.chars.add(char);
    }
  }

  problems(): LocalizedText[] {
    return [...this.found.values()].map(({ where, face, chars, seq }) => {
      const list = [...chars].slice(0, MAX_SHOWN).map(shownChar).join(', ') + (chars.size > MAX_SHOWN ? ' …' : '');
      const at = seq === undefined ? { en: '', zh: '' } : { en: ` (first at position ${seq})`, zh: `(首次出现在第 ${seq} 个)` };
      if (face.startsWith('mono-')) {
        return {
          en: `${FONT_NAMES.mono} has no glyph for ${list} in ${where.en}${at.en}: they would print as empty boxes. ${FONT_NAMES.mono} draws Latin, Greek and Cyrillic only; choose ${FONT_NAMES.sans} or ${FONT_NAMES.serif} for this line (they draw Chinese), or remove these characters.`,
          'zh-CN': `${FONT_NAMES.mono} 没有${where['zh-CN']}${at.zh}中 ${list} 的字形:它们会印成空白方框。${FONT_NAMES.mono} 只含拉丁、希腊和西里尔字母;请为这一行改用 ${FONT_NAMES.sans} 或 ${FONT_NAMES.serif}(它们含中文),或删除这些字符。`,
        };
      }
      return {
        en: `The label font has no glyph for ${list} in ${where.en}${at.en}: they would print as empty boxes. Replace or remove these characters (the font covers Chinese, Japanese kana, Latin, Greek and Cyrillic; not Korean Hangul, emoji or rare CJK Extension B ideographs).`,
        'zh-CN': `标签字体没有${where['zh-CN']}${at.zh}中 ${list} 的字形:它们会印成空白方框。请替换或删除这些字符(字体支持中文、日文假名、拉丁、希腊和西里尔字母;不支持韩文、表情符号和 CJK 扩展 B 区的生僻字)。`,
      };
    });
  }
}
