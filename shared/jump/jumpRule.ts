import { quoted, type LocalizedText } from '../text';

/**
 * "Scan an ordinary QR code to open the Mini Program" rules (seed 003) as the screens, the CLI and
 * the service speak of them; `electron/core/wechat/qrJumpApi` turns them into WeChat's fields.
 */
export const OPEN_VERSIONS = ['develop', 'trial', 'release'] as const;
export type OpenVersion = (typeof OPEN_VERSIONS)[number];

export interface JumpRuleDraft {
  /** The URL prefix every code of the rule starts with. */
  prefix: string;
  /** The Mini Program page the codes open, without a query. */
  path: string;
  openVersion: OpenVersion;
  /** WeChat's permit_sub_rule "2": no other rule may claim a longer prefix under this one. */
  exclusive: boolean;
  /** Up to DEBUG_URLS_MAX full test links, each starting with the prefix. */
  debugUrls: string[];
}

export interface JumpRule extends JumpRuleDraft {
  published: boolean;
}

export const DEBUG_URLS_MAX = 5;
/**
 * The code log keeps a jump code's prefix where a product code keeps its key: keystandard is one
 * of these (production codes and test links apart), keystr the prefix.
 */
export const JUMP_SPACE = 'jump';
export const JUMP_TEST_SPACE = 'jump-test';
/** Our bound: long enough for any real prefix, short enough to leave room for serials in a small code. */
export const PREFIX_MAX_CHARS = 200;
export const PAGE_PATH_MAX_CHARS = 200;
/** Serial characters: those a URL carries as they are (RFC 3986 unreserved), and / = & for paths and queries. */
export const SERIAL_PATTERN = /^[A-Za-z0-9\-_.~/=&]+$/;
export const SERIAL_MAX_CHARS = 128;

const shown = (value: string) => quoted(value, 60);

function parsedUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** What is wrong with a rule prefix; null when WeChat would take it. */
export function prefixProblem(prefix: string): LocalizedText | null {
  if (!prefix.trim()) return { en: 'Prefix: enter the URL prefix of the codes, e.g. https://qr.brand.com/p/', 'zh-CN': '前缀:请填写码的网址前缀,例如 https://qr.brand.com/p/' };
  if (prefix.length > PREFIX_MAX_CHARS) {
    return { en: `Prefix: at most ${PREFIX_MAX_CHARS} characters (this one has ${prefix.length}).`, 'zh-CN': `前缀:最多 ${PREFIX_MAX_CHARS} 个字符(当前 ${prefix.length} 个)。` };
  }
  const url = parsedUrl(prefix);
  if (!url || !/^https?:$/.test(url.protocol) || /\s/.test(prefix)) {
    return { en: `Prefix: ${shown(prefix)} is not an http:// or https:// URL.`, 'zh-CN': `前缀:${shown(prefix)} 不是 http:// 或 https:// 网址。` };
  }
  // WeChat checks the verification file on the prefix's domain: an IP address or a bare host has none.
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(url.hostname) || url.port || url.username || url.password) {
    return {
      en: `Prefix: ${shown(prefix)} must be on a domain name (no IP address, port or user name), e.g. https://qr.brand.com/p/`,
      'zh-CN': `前缀:${shown(prefix)} 必须使用域名(不能是 IP 地址,不能带端口或用户名),例如 https://qr.brand.com/p/`,
    };
  }
  if (url.hash) return { en: `Prefix: ${shown(prefix)} has a # fragment, which a scanner does not send.`, 'zh-CN': `前缀:${shown(prefix)} 含有 # 片段,扫码时不会带上。` };
  return null;
}

/** What is wrong with a Mini Program page path; null when fine. */
export function pagePathProblem(path: string): LocalizedText | null {
  if (!path.trim()) return { en: 'Mini Program page: enter the page the codes open, e.g. pages/product/index', 'zh-CN': '小程序页面:请填写扫码后打开的页面,例如 pages/product/index' };
  if (path.length > PAGE_PATH_MAX_CHARS) return { en: `Mini Program page: at most ${PAGE_PATH_MAX_CHARS} characters.`, 'zh-CN': `小程序页面:最多 ${PAGE_PATH_MAX_CHARS} 个字符。` };
  if (path.includes('?')) {
    return {
      en: `Mini Program page: ${shown(path)} has a query (?…); the page receives the scanned link itself, so give the page alone.`,
      'zh-CN': `小程序页面:${shown(path)} 带有查询参数(?…);页面会收到所扫的链接本身,请只填页面路径。`,
    };
  }
  if (!/^[A-Za-z0-9_\-./]+$/.test(path) || path.startsWith('/')) {
    return {
      en: `Mini Program page: ${shown(path)} is not a page path (letters, digits, _ - . / and no leading /), e.g. pages/product/index`,
      'zh-CN': `小程序页面:${shown(path)} 不是页面路径(字母、数字、_ - . /,且不以 / 开头),例如 pages/product/index`,
    };
  }
  return null;
}

/** What is wrong with one test link (position from 1), given the rule's prefix; null when fine. */
export function debugUrlProblem(debugUrl: string, prefix: string, position: number): LocalizedText | null {
  if (!debugUrl.startsWith(prefix)) {
    return {
      en: `Test link ${position}: ${shown(debugUrl)} does not start with the prefix ${shown(prefix)}.`,
      'zh-CN': `测试链接 ${position}:${shown(debugUrl)} 不是以前缀 ${shown(prefix)} 开头。`,
    };
  }
  if (debugUrl.length > PREFIX_MAX_CHARS + SERIAL_MAX_CHARS || /\s/.test(debugUrl)) {
    return { en: `Test link ${position}: ${shown(debugUrl)} is not a link (spaces, or too long).`, 'zh-CN': `测试链接 ${position}:${shown(debugUrl)} 不是有效链接(含空格或过长)。` };
  }
  return null;
}

/** Every problem of a rule, field by field (for a form) — empty when WeChat would take it. */
export function jumpRuleProblems(rule: JumpRuleDraft): { field: 'prefix' | 'path' | 'openVersion' | 'debugUrls'; message: LocalizedText }[] {
  const problems: { field: 'prefix' | 'path' | 'openVersion' | 'debugUrls'; message: LocalizedText }[] = [];
  const prefix = prefixProblem(rule.prefix);
  if (prefix) problems.push({ field: 'prefix', message: prefix });
  const path = pagePathProblem(rule.path);
  if (path) problems.push({ field: 'path', message: path });
  if (!(OPEN_VERSIONS as readonly string[]).includes(rule.openVersion)) {
    problems.push({ field: 'openVersion', message: { en: `Open version: one of ${OPEN_VERSIONS.join(', ')}.`, 'zh-CN': `打开版本:须为 ${OPEN_VERSIONS.join('、')} 之一。` } });
  }
  if (rule.debugUrls.length > DEBUG_URLS_MAX) {
    problems.push({
      field: 'debugUrls',
      message: { en: `Test links: at most ${DEBUG_URLS_MAX} (there are ${rule.debugUrls.length}).`, 'zh-CN': `测试链接:最多 ${DEBUG_URLS_MAX} 个(当前 ${rule.debugUrls.length} 个)。` },
    });
  } else if (!prefix) {
    const bad = rule.debugUrls.map((url, i) => debugUrlProblem(url, rule.prefix, i + 1)).find(Boolean);
    if (bad) problems.push({ field: 'debugUrls', message: bad });
  }
  return problems;
}

export type SerialProblem = 'empty' | 'characters' | 'tooLong';

/** Why a serial cannot follow a prefix in a printed code, or null. */
export function serialProblem(serial: string): SerialProblem | null {
  if (serial.length === 0) return 'empty';
  if (!SERIAL_PATTERN.test(serial)) return 'characters';
  if (serial.length > SERIAL_MAX_CHARS) return 'tooLong';
  return null;
}

export const SERIAL_PROBLEM_TEXT: Record<SerialProblem, LocalizedText> = {
  empty: { en: 'empty serial', 'zh-CN': '序列号为空' },
  characters: { en: 'characters other than A–Z a–z 0–9 - _ . ~ / = &', 'zh-CN': '含有 A–Z a–z 0–9 - _ . ~ / = & 以外的字符' },
  tooLong: { en: `longer than ${SERIAL_MAX_CHARS} characters`, 'zh-CN': `超过 ${SERIAL_MAX_CHARS} 个字符` },
};
