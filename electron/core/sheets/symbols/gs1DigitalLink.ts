import { quoted, type LocalizedText } from '../../../../shared/text';
import { lazyModule, requireModule } from '../../lazyModule';

// GS1's own syntax rules for a Digital Link URI, as Barcode Writer in Pure PostScript (bwip-js)
// carries them in its gs1dlqrcode encoder: key–qualifier order, AI character sets, lengths, check
// digits and dates, the same linter GS1's syntax engine applies. About 5 ms a URI.

interface BwipLint {
  raw(options: { bcid: 'gs1dlqrcode'; text: string; dontdraw: true }): unknown;
}
const bwip = lazyModule(() => requireModule('bwip-js') as BwipLint);

/** What bwip-js's linter reports, in words (its own text never reaches a user). */
const LINT_WORDS: Record<string, LocalizedText> = {
  badChecksum: { en: 'a wrong check digit', 'zh-CN': '校验位错误' },
  valueTooLong: { en: 'a value too long', 'zh-CN': '值过长' },
  valueTooShort: { en: 'a value too short', 'zh-CN': '值过短' },
  badCSET82character: { en: 'a character outside GS1 set 82', 'zh-CN': '含有 GS1 字符集 82 以外的字符' },
  badMonth: { en: 'a month that does not exist', 'zh-CN': '月份不存在' },
  badDay: { en: 'a day the month does not have', 'zh-CN': '日期不存在' },
  dlBadPathInfo: { en: 'qualifiers out of the order 01, 22, 10, 21', 'zh-CN': '限定符顺序不是 01、22、10、21' },
  dlNoAIinfo: { en: 'no GTIN key in the path', 'zh-CN': '路径中没有 GTIN 主键' },
  dlAttributeMustBeQualifier: { en: 'a qualifier in the query instead of the path', 'zh-CN': '限定符放在了查询参数里而不是路径中' },
};

/**
 * Why GS1's rules refuse a Digital Link URI (naming the AI when the linter does), or null when it
 * is a valid GS1 Digital Link.
 */
export function gs1DigitalLinkProblem(uri: string): LocalizedText | null {
  try {
    bwip().raw({ bcid: 'gs1dlqrcode', text: uri, dontdraw: true });
    return null;
  } catch (error) {
    const text = String((error as Error)?.message ?? error);
    const code = /GS1([A-Za-z0-9]+)#/.exec(text)?.[1] ?? '';
    const ai = /AI \(?(\d{2,4})\)?/.exec(text)?.[1];
    const what = LINT_WORDS[code] ?? { en: 'a part GS1 does not allow', 'zh-CN': '含有 GS1 不允许的部分' };
    return {
      en: `${quoted(uri, 120)} is not a valid GS1 Digital Link: ${what.en}${ai ? ` in AI ${ai}` : ''}.`,
      'zh-CN': `${quoted(uri, 120)} 不是有效的 GS1 数字链接:${ai ? `AI ${ai} ` : ''}${what['zh-CN']}。`,
    };
  }
}
