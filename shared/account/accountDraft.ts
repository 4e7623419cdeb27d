import type { LocalizedText } from '../text';

/** What the account form submits. The secret travels renderer → service only, never back. */
export interface AccountDraft {
  /** Absent for a new account. */
  id?: string;
  name: string;
  appId: string;
  credentialKind: CredentialKind;
  /** AppSecret, or the token service's bearer key. Empty on edit = keep the stored one. */
  secret: string;
  tokenMode: TokenMode;
  tokenServiceUrl: string;
  apiBase: string;
  /**
   * The user confirmed an API base that is neither WeChat's nor this computer's (a proxy of the
   * brand's): the secret will be sent there. Recorded in the actions audit.
   */
  customEndpoint?: boolean;
}

/**
 * The draft with another kind of credential chosen. Every secret field is emptied: an AppSecret
 * typed for WeChat must never stay in the token service's key field (and be sent to that service),
 * nor a service key become an AppSecret.
 */
export function withCredentialKind(draft: AccountDraft, kind: CredentialKind): AccountDraft {
  return draft.credentialKind === kind ? draft : { ...draft, credentialKind: kind, secret: '' };
}

export const CREDENTIAL_KINDS = ['appSecret', 'tokenService'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];
export const TOKEN_MODES = ['stable', 'classic'] as const;
export type TokenMode = (typeof TOKEN_MODES)[number];

export const DEFAULT_API_BASE = 'https://api.weixin.qq.com';
export const ACCOUNT_NAME_MAX_CHARS = 40;

export type AccountField = 'name' | 'appId' | 'secret' | 'tokenServiceUrl' | 'apiBase';
export type AccountIssueCode =
  | 'required'
  | 'tooLong'
  | 'appIdFormat'
  | 'secretFormat'
  | 'urlFormat'
  | 'urlInsecure'
  | 'customEndpoint'
  | 'duplicate';

export interface FieldIssue {
  field: AccountField;
  code: AccountIssueCode;
}

export const APP_ID = /^wx[0-9a-f]{16}$/i;
const APP_SECRET = /^[0-9a-f]{32}$/i;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** WeChat's API hosts (the general one and its regional and disaster-recovery twins). */
const WECHAT_API_HOSTS = new Set(['api.weixin.qq.com', 'api2.weixin.qq.com', 'sh.api.weixin.qq.com', 'sz.api.weixin.qq.com', 'hk.api.weixin.qq.com']);

/** Whether an API base is WeChat's own or this computer's (the sandbox): the only ones a secret goes to unasked. */
export function isKnownEndpoint(apiBase: string): boolean {
  try {
    const url = new URL(apiBase.trim());
    return (url.protocol === 'https:' && WECHAT_API_HOSTS.has(url.hostname)) || LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

function checkUrl(value: string, field: AccountField, issues: FieldIssue[]): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issues.push({ field, code: 'urlFormat' });
    return;
  }
  if (url.protocol === 'https:') return;
  // Plain HTTP would carry tokens in the clear; it is allowed only to this machine (the sandbox).
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return;
  issues.push({ field, code: url.protocol === 'http:' ? 'urlInsecure' : 'urlFormat' });
}

/**
 * Checks an account form. `hasStoredSecret` says whether an edit may leave the secret empty.
 * Used by the renderer as the user types and by the service as the authority.
 */
export function validateAccountDraft(draft: AccountDraft, hasStoredSecret: boolean): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const name = draft.name.trim();
  if (!name) issues.push({ field: 'name', code: 'required' });
  else if ([...name].length > ACCOUNT_NAME_MAX_CHARS) issues.push({ field: 'name', code: 'tooLong' });

  const appId = draft.appId.trim();
  if (!appId) issues.push({ field: 'appId', code: 'required' });
  else if (!APP_ID.test(appId)) issues.push({ field: 'appId', code: 'appIdFormat' });

  const secret = draft.secret.trim();
  if (draft.credentialKind === 'appSecret') {
    if (!secret && !hasStoredSecret) issues.push({ field: 'secret', code: 'required' });
    else if (secret && !APP_SECRET.test(secret)) issues.push({ field: 'secret', code: 'secretFormat' });
  } else {
    const url = draft.tokenServiceUrl.trim();
    if (!url) issues.push({ field: 'tokenServiceUrl', code: 'required' });
    else checkUrl(url, 'tokenServiceUrl', issues);
  }

  const apiBase = draft.apiBase.trim();
  if (!apiBase) issues.push({ field: 'apiBase', code: 'required' });
  else {
    const before = issues.length;
    checkUrl(apiBase, 'apiBase', issues);
    if (issues.length === before && !isKnownEndpoint(apiBase) && draft.customEndpoint !== true) issues.push({ field: 'apiBase', code: 'customEndpoint' });
  }
  return issues;
}

/** Field issue messages, shown beside the field by the renderer and in the service's errors. */
export const ACCOUNT_ISSUE_TEXT: Record<AccountField, Partial<Record<AccountIssueCode, LocalizedText>>> = {
  name: {
    required: { en: 'Give the account a name.', 'zh-CN': '请填写账号名称。' },
    tooLong: {
      en: `The name is longer than ${ACCOUNT_NAME_MAX_CHARS} characters.`,
      'zh-CN': `名称不能超过 ${ACCOUNT_NAME_MAX_CHARS} 个字符。`,
    },
  },
  appId: {
    required: { en: 'Enter the AppID.', 'zh-CN': '请填写 AppID。' },
    appIdFormat: {
      en: 'An AppID is "wx" followed by 16 letters a–f or digits, e.g. wx1234567890abcdef.',
      'zh-CN': 'AppID 由 “wx” 加 16 位字母 a–f 或数字组成,例如 wx1234567890abcdef。',
    },
    duplicate: {
      en: 'Another account already uses this AppID.',
      'zh-CN': '已有其他账号使用此 AppID。',
    },
  },
  secret: {
    required: { en: 'Enter the AppSecret.', 'zh-CN': '请填写 AppSecret。' },
    secretFormat: {
      en: 'An AppSecret is 32 letters a–f or digits.',
      'zh-CN': 'AppSecret 为 32 位字母 a–f 或数字。',
    },
  },
  tokenServiceUrl: {
    required: { en: 'Enter the token service URL.', 'zh-CN': '请填写令牌服务地址。' },
    urlFormat: { en: 'This is not a valid https:// URL.', 'zh-CN': '这不是有效的 https:// 地址。' },
    urlInsecure: {
      en: 'Use https:// (http:// is allowed only for this computer).',
      'zh-CN': '请使用 https://(仅本机地址可用 http://)。',
    },
  },
  apiBase: {
    required: { en: 'Enter the API base URL.', 'zh-CN': '请填写接口地址。' },
    customEndpoint: {
      en: "This is not WeChat's API (api.weixin.qq.com) nor this computer: the AppSecret would be sent there. Confirm the custom endpoint to use it.",
      'zh-CN': '该地址既不是微信接口(api.weixin.qq.com)也不是本机:AppSecret 将被发送到那里。如确需使用,请确认自定义接口地址。',
    },
    urlFormat: { en: 'This is not a valid https:// URL.', 'zh-CN': '这不是有效的 https:// 地址。' },
    urlInsecure: {
      en: 'Use https:// (http:// is allowed only for this computer).',
      'zh-CN': '请使用 https://(仅本机地址可用 http://)。',
    },
  },
};

export function accountIssueText(issue: FieldIssue): LocalizedText {
  return ACCOUNT_ISSUE_TEXT[issue.field][issue.code] ?? { en: 'Invalid value.', 'zh-CN': '取值无效。' };
}
