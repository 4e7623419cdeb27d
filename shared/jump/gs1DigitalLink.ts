import { quoted, type LocalizedText } from '../text';

/**
 * GS1 Digital Link URIs (GS1 Digital Link standard, URI syntax) as jump codes: a rule's prefix ends
 * at the GTIN (`https://DOMAIN[/path]/01/{GTIN-14}/`) and each code adds its qualifiers and
 * attributes in the standard's order — `10/{lot}/21/{serial}` in the path, `?17=YYMMDD` in the
 * query — so one code opens the Mini Program in WeChat and rings up at a till.
 */

/** What a GS1 jump batch carries besides its prefix (kept as the batch's options). */
export interface Gs1Options {
  /** AI 01, 14 digits, check digit verified. */
  gtin: string;
  /** AI 10: set 82, 1–20 characters. */
  lot?: string;
  /** AI 17 as GS1 writes it (YYMMDD), and the date it was given as. */
  expiry?: string;
  expiryDate?: string;
}

/** One code's GS1 data, as a till reads it out of the URI. */
export interface Gs1Data {
  gtin: string;
  lot: string | null;
  serial: string | null;
  expiry: string | null;
}

/** GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1). */
export const SET_82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;
export const SERIAL_MAX_CHARS = 20;
export const LOT_MAX_CHARS = 20;
/** The product keys a GTIN comes from, and their digits. */
const GTIN_KEYS: Record<string, number> = { ean13: 13, ean8: 8, 'upc-a': 12 };

/** The GS1 check digit of a GTIN's other digits (weights 3, 1, 3 … from the right). */
export function gtinCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(digits[i]) * weight;
  return (10 - (sum % 10)) % 10;
}

const wrongCheckDigit = (gtin: string): LocalizedText => {
  const right = `${gtin.slice(0, -1)}${gtinCheckDigit(gtin.slice(0, -1))}`;
  return {
    en: `GTIN ${gtin}: the last digit is the check digit and should be ${right.slice(-1)} (${right}); check the number on the product.`,
    'zh-CN': `GTIN ${gtin}:最后一位是校验位,应为 ${right.slice(-1)}(${right});请核对商品上的条码号。`,
  };
};

/** A GTIN of 8, 12, 13 or 14 digits as GTIN-14, or why not (length, check digit). */
export function gtin14(digits: string): { gtin: string } | { problem: LocalizedText } {
  if (!/^(\d{8}|\d{12,14})$/.test(digits)) {
    return { problem: { en: `GTIN ${quoted(digits, 20)}: 8, 12, 13 or 14 digits.`, 'zh-CN': `GTIN ${quoted(digits, 20)}:须为 8、12、13 或 14 位数字。` } };
  }
  if (gtinCheckDigit(digits.slice(0, -1)) !== Number(digits.slice(-1))) return { problem: wrongCheckDigit(digits) };
  return { gtin: digits.padStart(14, '0') };
}

/** A product key (EAN-13, EAN-8, UPC-A) as GTIN-14, or why not. */
export function gtinOfProductKey(key: { keystandard: string; keystr: string }): { gtin: string } | { problem: LocalizedText } {
  const digits = GTIN_KEYS[key.keystandard];
  if (!digits || !new RegExp(`^\\d{${digits}}$`).test(key.keystr)) {
    return {
      problem: {
        en: `GS1 Digital Link: the product key is an EAN-13, EAN-8 or UPC-A code (ean13:…, ean8:…, upc-a:…), not ${quoted(`${key.keystandard}:${key.keystr}`)}.`,
        'zh-CN': `GS1 数字链接:商品编码须为 EAN-13、EAN-8 或 UPC-A(ean13:…、ean8:…、upc-a:…),而不是 ${quoted(`${key.keystandard}:${key.keystr}`)}。`,
      },
    };
  }
  return gtin14(key.keystr);
}

/**
 * The GTIN-14 a jump rule's prefix ends at (`…/01/{GTIN-14}` or `…/01/{GTIN-14}/`), or why the
 * prefix cannot carry GS1 Digital Link codes.
 */
export function gtinOfPrefix(prefix: string): { gtin: string } | { problem: LocalizedText } {
  let url: URL;
  try {
    url = new URL(prefix);
  } catch {
    return { problem: { en: `Prefix: ${quoted(prefix, 60)} is not a URL.`, 'zh-CN': `前缀:${quoted(prefix, 60)} 不是网址。` } };
  }
  const match = /\/01\/(\d+)\/?$/.exec(url.pathname);
  if (url.search || !match) {
    return {
      problem: {
        en: `Prefix: for GS1 Digital Link codes the prefix must end at the GTIN, as …/01/{GTIN-14}/ (e.g. https://qr.brand.com/01/06901234567892/); ${quoted(prefix, 60)} does not. Add and publish such a rule first.`,
        'zh-CN': `前缀:GS1 数字链接码的前缀必须以 GTIN 结尾,形如 …/01/{14 位 GTIN}/(例如 https://qr.brand.com/01/06901234567892/);${quoted(prefix, 60)} 不是。请先添加并发布这样的规则。`,
      },
    };
  }
  const digits = match[1]!;
  if (digits.length !== 14) {
    const padded = /^(\d{8}|\d{12,13})$/.test(digits) ? digits.padStart(14, '0') : null;
    return {
      problem: {
        en: `Prefix: the GTIN after /01/ is written with 14 digits in a GS1 Digital Link${padded ? ` (${padded})` : ''}; ${quoted(digits, 20)} has ${digits.length}.`,
        'zh-CN': `前缀:GS1 数字链接中 /01/ 后的 GTIN 须写成 14 位${padded ? `(${padded})` : ''};${quoted(digits, 20)} 是 ${digits.length} 位。`,
      },
    };
  }
  return gtin14(digits);
}

export type Gs1ValueProblem = 'empty' | 'characters' | 'tooLong';

/** Why a serial or lot cannot be AI 21 or AI 10 (set 82, 1–20 characters), or null. */
export function set82Problem(value: string, maxChars: number): Gs1ValueProblem | null {
  if (value.length === 0) return 'empty';
  if (!SET_82.test(value)) return 'characters';
  if (value.length > maxChars) return 'tooLong';
  return null;
}

const SET_82_TEXT = { en: 'letters A–Z a–z, digits and ! " % & \' ( ) * + , - . / : ; < = > ? _', 'zh-CN': '字母 A–Z a–z、数字及 ! " % & \' ( ) * + , - . / : ; < = > ? _' };

export const GS1_SERIAL_PROBLEM_TEXT: Record<Gs1ValueProblem, LocalizedText> = {
  empty: { en: 'empty serial', 'zh-CN': '序列号为空' },
  characters: { en: `characters GS1 does not allow in a serial (AI 21 takes ${SET_82_TEXT.en})`, 'zh-CN': `含有 GS1 序列号不允许的字符(AI 21 只能用${SET_82_TEXT['zh-CN']})` },
  tooLong: { en: `longer than ${SERIAL_MAX_CHARS} characters (GS1's limit for AI 21)`, 'zh-CN': `超过 ${SERIAL_MAX_CHARS} 个字符(GS1 对 AI 21 的上限)` },
};

/** Why a lot cannot be AI 10, in words for the --lot option and the form's field; null when fine. */
export function lotProblem(lot: string): LocalizedText | null {
  const problem = set82Problem(lot, LOT_MAX_CHARS);
  if (!problem) return null;
  return {
    en: `Lot (--lot): 1 to ${LOT_MAX_CHARS} of ${SET_82_TEXT.en} (GS1 AI 10); ${quoted(lot, 30)} ${problem === 'tooLong' ? `has ${lot.length}` : 'is not'}.`,
    'zh-CN': `批号(--lot):须为 1 到 ${LOT_MAX_CHARS} 个${SET_82_TEXT['zh-CN']}(GS1 AI 10);${quoted(lot, 30)} ${problem === 'tooLong' ? `有 ${lot.length} 个字符` : '不符合'}。`,
  };
}

/**
 * An expiry date (YYYY-MM-DD) as AI 17 (YYMMDD), or why not: a real date, within the 49 years back
 * and 50 ahead in which a reader of a two-digit year finds its century (GS1 General Specifications 7.12).
 */
export function expiryYymmdd(date: string, today = new Date()): { yymmdd: string } | { problem: LocalizedText } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !parsed || parsed.toISOString().slice(0, 10) !== date) {
    return { problem: { en: `Expiry (--expiry): a date as YYYY-MM-DD, e.g. 2027-06-30 (got ${quoted(date, 20)}).`, 'zh-CN': `有效期(--expiry):须为 YYYY-MM-DD 格式的日期,例如 2027-06-30(收到 ${quoted(date, 20)})。` } };
  }
  const year = Number(match[1]);
  const now = today.getUTCFullYear();
  if (year < now - 49 || year > now + 50) {
    return {
      problem: {
        en: `Expiry (--expiry): ${date} is outside ${now - 49}–${now + 50}, where a two-digit year (GS1 AI 17) is read in the right century.`,
        'zh-CN': `有效期(--expiry):${date} 超出 ${now - 49}–${now + 50} 年,两位年份(GS1 AI 17)在此范围外会被读错世纪。`,
      },
    };
  }
  return { yymmdd: date.slice(2).replaceAll('-', '') };
}

const URI_UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/** A value as a GS1 Digital Link carries it: everything but A–Z a–z 0–9 - . _ ~ percent-encoded. */
export function percentEncoded(value: string): string {
  if (URI_UNRESERVED.test(value)) return value;
  return value.replace(/[^A-Za-z0-9\-._~]/g, (c) =>
    Array.from(new TextEncoder().encode(c), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** A code's URI around its serial: `{prefix}10/{lot}/21/` and `?17={YYMMDD}` (a `/` first when the prefix has none). */
function aroundSerial(prefix: string, options: Gs1Options): [head: string, tail: string] {
  const slash = prefix.endsWith('/') ? '' : '/';
  const lot = options.lot !== undefined ? `10/${percentEncoded(options.lot)}/` : '';
  return [`${prefix}${slash}${lot}21/`, options.expiry !== undefined ? `?17=${options.expiry}` : ''];
}

/** The whole code: the canonical GS1 Digital Link URI of one serial under the prefix. */
export function gs1Uri(prefix: string, options: Gs1Options, serial: string): string {
  const [head, tail] = aroundSerial(prefix, options);
  return head + percentEncoded(serial) + tail;
}

/** gs1Uri for the serials of one batch, its fixed parts made once (a plan makes a million). */
export function gs1UriMaker(prefix: string, options: Gs1Options): (serial: string) => string {
  const [head, tail] = aroundSerial(prefix, options);
  return (serial) => head + percentEncoded(serial) + tail;
}

/** What follows the prefix in a code (what a longer rule of the account could catch). */
export const gs1Suffix = (prefix: string, options: Gs1Options, serial: string): string => gs1Uri(prefix, options, serial).slice(prefix.length);

/**
 * A GS1 Digital Link URI as a till reads it — the GTIN after the path's last /01/, the qualifiers
 * after it (10, 21), AI 17 from the query — or null when the text is no such URI.
 */
export function parseGs1DigitalLink(text: string): Gs1Data | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const segments = url.pathname.split('/');
  // The key is the first /01/{14 digits} from which the rest of the path pairs up as qualifiers
  // (a path before it may hold anything; a lot or serial may itself be "01").
  for (let at = segments.indexOf('01'); at >= 0; at = segments.indexOf('01', at + 1)) {
    const values = qualifierPairs(segments.slice(at));
    if (values && /^\d{14}$/.test(values['01'] ?? '')) return { gtin: values['01']!, lot: values['10'] ?? null, serial: values['21'] ?? null, expiry: url.searchParams.get('17') };
  }
  return null;
}

/** Path segments as AI/value pairs of a GTIN's key and qualifiers (01, 22, 10, 21 once each, in order), or null. */
function qualifierPairs(pairs: string[]): Record<string, string> | null {
  if (pairs.length % 2 !== 0) return null;
  const order = ['01', '22', '10', '21'];
  const values: Record<string, string> = {};
  let last = -1;
  for (let i = 0; i < pairs.length; i += 2) {
    const rank = order.indexOf(pairs[i]!);
    if (rank <= last) return null;
    last = rank;
    try {
      values[pairs[i]!] = decodeURIComponent(pairs[i + 1]!);
    } catch {
      return null;
    }
  }
  return values;
}

/** The human-readable line GS1 asks for under the code: "(01) 06901234567892 (10) LOT7 (21) S000001 (17) 270630". */
export function gs1HumanReadable(data: Gs1Data): string {
  return [
    ['01', data.gtin],
    ['10', data.lot],
    ['21', data.serial],
    ['17', data.expiry],
  ]
    .filter((pair): pair is [string, string] => pair[1] !== null)
    .map(([ai, value]) => `(${ai}) ${value}`)
    .join(' ');
}
