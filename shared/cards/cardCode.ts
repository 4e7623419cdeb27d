import { quoted, type LocalizedText } from '../text';
import { testerEntryProblem } from '../products/testerEntry';

/**
 * Card (卡券) codes on packaging (seed 002): custom codes deposited for a card, then one card QR
 * ticket per code. In the code log a deposit keeps its codes under DEPOSIT_SPACE and the card id,
 * a card QR batch under CARD_SPACE and the card id (as product codes keep their product key).
 */
export const CARD_SPACE = 'card';
export const DEPOSIT_SPACE = 'card-deposit';
/** Multiple-card codes (a shelf or display label): keystr is the cards' ids joined by "+". */
export const MULTIPLE_CARD_SPACE = 'card-multiple';
export const MULTIPLE_CARD_MAX = 5;
/** Landing pages of cards: keystr "landing", extinfo page-N. */
export const LANDING_SPACE = 'card-landing';
/** Whether a card batch's codes expire (card QR tickets do; a landing page's url does not). */
export const cardCodesExpire = (keystandard: string): boolean => keystandard === CARD_SPACE || keystandard === MULTIPLE_CARD_SPACE;

/** A deposit-mode card the sandbox account starts with, so card codes can be rehearsed on day one. */
export const SANDBOX_DEMO_CARD_ID = 'pSandboxDemoCard0000000000000';

/**
 * Seed 002's qrcode/create table gives `code` as string(20); a deposited code is one a card QR
 * ticket is made for later, so deposits are held to it too (the deposit section names no length).
 * The seed's string(N) are not exact everywhere (its whitelist table says openid string(20) beside
 * a 28-character example): this is the seed's word, not a limit measured on WeChat.
 */
export const CARD_CODE_MAX_CHARS = 20;
/** Seed 002's table: string(128). It does not grow the printed code: the QR holds the ticket's url. */
export const OUTER_STR_MAX_CHARS = 128;
/** The custom-code mode a card needs before its codes can be deposited (seed 002 §4.1.1). */
export const DEPOSIT_CODE_MODE = 'GET_CUSTOM_CODE_MODE_DEPOSIT';
/** A preview sent to a tester's phone goes to one OpenID or one WeChat ID (message/mass/preview). */
export type PreviewTarget = { openid: string } | { wxname: string };
/** Printable ASCII without spaces: what a till or a scanner reads back as typed. */
export const CARD_CODE_PATTERN = /^[\x21-\x7e]+$/;
/** A card QR ticket without expire_seconds lives 365 days. */
export const CARD_QR_DEFAULT_VALIDITY_S = 365 * 24 * 3600;
export const CARD_QR_EXPIRE_MIN_S = 60;
export const CARD_QR_EXPIRE_MAX_S = 1800;
/** An export of card codes warns when the first of them expires within this many days. */
export const CARD_EXPIRY_WARNING_DAYS = 30;

export type CardCodeProblem = 'empty' | 'characters' | 'tooLong';

export function cardCodeProblem(code: string): CardCodeProblem | null {
  if (code.length === 0) return 'empty';
  if (!CARD_CODE_PATTERN.test(code)) return 'characters';
  if (code.length > CARD_CODE_MAX_CHARS) return 'tooLong';
  return null;
}

export const CARD_CODE_PROBLEM_TEXT: Record<CardCodeProblem, LocalizedText> = {
  empty: { en: 'empty code', 'zh-CN': 'code 为空' },
  characters: { en: 'spaces or characters other than printable ASCII', 'zh-CN': '含有空格或可打印 ASCII 以外的字符' },
  tooLong: { en: `longer than ${CARD_CODE_MAX_CHARS} characters`, 'zh-CN': `超过 ${CARD_CODE_MAX_CHARS} 个字符` },
};

/** What is wrong with a card id as typed; null when it may be one. */
export function cardIdProblem(cardId: string): LocalizedText | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cardId)) {
    return { en: `card_id: ${quoted(cardId)} is not a card id (1–64 letters, digits, _ or -, e.g. pFS7Fjg8kV1IdDz01r4SQwMkuCKc).`, 'zh-CN': `card_id:${quoted(cardId)} 不是卡券 ID(1–64 个字母、数字、_ 或 -,例如 pFS7Fjg8kV1IdDz01r4SQwMkuCKc)。` };
  }
  return null;
}

/** What is wrong with a card QR's expire_seconds; null when absent or within WeChat's range. */
export function expireSecondsProblem(seconds: number | undefined): LocalizedText | null {
  if (seconds === undefined) return null;
  if (!Number.isInteger(seconds) || seconds < CARD_QR_EXPIRE_MIN_S || seconds > CARD_QR_EXPIRE_MAX_S) {
    return {
      en: `expire_seconds is a whole number from ${CARD_QR_EXPIRE_MIN_S} to ${CARD_QR_EXPIRE_MAX_S} (got ${String(seconds).slice(0, 20)}); leave it out for codes valid 365 days, as packaging needs.`,
      'zh-CN': `expire_seconds 须为 ${CARD_QR_EXPIRE_MIN_S} 到 ${CARD_QR_EXPIRE_MAX_S} 之间的整数(收到 ${String(seconds).slice(0, 20)});包装用码请不填,有效期即为 365 天。`,
    };
  }
  return null;
}

/** Where a card landing page is put (card/landingpage/create's scene). */
export const LANDING_SCENES = [
  'SCENE_NEAR_BY',
  'SCENE_MENU',
  'SCENE_QRCODE',
  'SCENE_ARTICLE',
  'SCENE_H5',
  'SCENE_IVR',
  'SCENE_CARD_CUSTOM_CELL',
] as const;
export type LandingScene = (typeof LANDING_SCENES)[number];

/** What is wrong with an outer_str: printable ASCII without spaces, at most 128 (seed 002). */
export function outerStrProblem(outerStr: string | undefined): LocalizedText | null {
  if (outerStr === undefined || outerStr === '') return null;
  if (!/^[\x21-\x7e]+$/.test(outerStr) || outerStr.length > OUTER_STR_MAX_CHARS) {
    return { en: `outer_str: at most ${OUTER_STR_MAX_CHARS} printable ASCII characters, no spaces (got ${outerStr.length}).`, 'zh-CN': `outer_str:最多 ${OUTER_STR_MAX_CHARS} 个可打印 ASCII 字符,不含空格(收到 ${outerStr.length} 个)。` };
  }
  return null;
}

/**
 * What is wrong with an outer_id. Seed 002 calls it an int "limited to 60 digits", which no int
 * holds; a whole number from 0 that JSON carries exactly is what both readings allow.
 */
export function outerIdProblem(outerId: number | undefined): LocalizedText | null {
  if (outerId === undefined) return null;
  if (!Number.isSafeInteger(outerId) || outerId < 0) {
    return { en: `outer_id: a whole number from 0 to ${Number.MAX_SAFE_INTEGER} (got ${String(outerId).slice(0, 24)}).`, 'zh-CN': `outer_id:须为 0 到 ${Number.MAX_SAFE_INTEGER} 之间的整数(收到 ${String(outerId).slice(0, 24)})。` };
  }
  return null;
}

/**
 * A landing page's thumb_url. Seed 002's own example is "www.qq.com/a.jpg" (no scheme), so an
 * address without http(s):// is taken as WeChat shows it; only spaces and other schemes are refused.
 */
export function thumbUrlProblem(cardId: string, thumbUrl: string): LocalizedText | null {
  if (!/^(https?:\/\/)?[A-Za-z0-9.-]+\.[A-Za-z]{2,}(\/\S*)?$/.test(thumbUrl)) {
    return { en: `thumb_url of ${cardId}: an image address such as https://img.example/t.png or www.qq.com/a.jpg.`, 'zh-CN': `${cardId} 的 thumb_url:须为图片地址,如 https://img.example/t.png 或 www.qq.com/a.jpg。` };
  }
  return null;
}

/** What is wrong with a preview's tester: an OpenID or a WeChat ID, as the whitelist takes them. */
export function previewTargetProblem(target: PreviewTarget): LocalizedText | null {
  return 'openid' in target ? testerEntryProblem('openid', target.openid) : testerEntryProblem('username', target.wxname);
}
