import type { LocalizedText } from '../text';
import { quoted } from '../text';

/** An OpenID as WeChat issues them: 28 characters of letters, digits, "-" and "_". */
export const OPENID_PATTERN = /^[A-Za-z0-9_-]{28}$/;
/** A WeChat ID: 6–20 characters, letters, digits, "-" and "_", starting with a letter. */
export const WECHAT_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{5,19}$/;
/** WeChat's limit for a test whitelist, OpenIDs and WeChat IDs together (seed 000). */
export const WHITELIST_MAX = 10;

export type TesterField = 'openid' | 'username';

export interface TesterEntryProblem {
  field: TesterField;
  /** 1-based line of the field's text (or position in the list). */
  line: number;
  value: string;
  text: LocalizedText;
}

/** One entry per line (commas and semicolons also separate); blank lines and repeats dropped. */
export function testerLines(text: string): string[] {
  return [...new Set(text.split(/[\r\n,;，；]+/).map((s) => s.trim()).filter(Boolean))];
}

export function testerEntryProblem(field: TesterField, value: string): LocalizedText | null {
  if (field === 'openid' && !OPENID_PATTERN.test(value)) {
    return {
      en: `${quoted(value)} is not an OpenID: WeChat's OpenIDs are 28 letters, digits, "-" or "_" (this has ${[...value].length} characters${/[^A-Za-z0-9_-]/.test(value) ? ' and others' : ''}).`,
      'zh-CN': `${quoted(value)} 不是 OpenID:微信的 OpenID 为 28 个字母、数字、“-”或“_”(此值有 ${[...value].length} 个字符${/[^A-Za-z0-9_-]/.test(value) ? ',且含其他字符' : ''})。`,
    };
  }
  if (field === 'username' && !WECHAT_ID_PATTERN.test(value)) {
    return {
      en: `${quoted(value)} is not a WeChat ID: 6–20 letters, digits, "-" or "_", starting with a letter.`,
      'zh-CN': `${quoted(value)} 不是微信号:须为 6–20 个字母、数字、“-”或“_”,以字母开头。`,
    };
  }
  return null;
}

/** Every entry that is not what WeChat accepts, with its line, then the count if over the limit. */
export function whitelistProblems(openids: readonly string[], usernames: readonly string[]): TesterEntryProblem[] {
  const problems: TesterEntryProblem[] = [];
  for (const [field, list] of [['openid', openids], ['username', usernames]] as const) {
    list.forEach((value, i) => {
      const text = testerEntryProblem(field, value);
      if (text) problems.push({ field, line: i + 1, value, text });
    });
  }
  return problems;
}
