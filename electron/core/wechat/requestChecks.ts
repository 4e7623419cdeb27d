import { CARD_CODE_MAX_CHARS, CARD_QR_EXPIRE_MAX_S, CARD_QR_EXPIRE_MIN_S, OUTER_STR_MAX_CHARS } from '../../../shared/cards/cardCode';
import { DEBUG_URLS_MAX, prefixProblem } from '../../../shared/jump/jumpRule';
import { WHITELIST_MAX } from '../../../shared/products/testerEntry';
import { RequestCheckError } from './wechatError';

/** extinfo characters WeChat accepts (61314 otherwise). */
export const EXTINFO_PATTERN = /^[A-Za-z0-9\-_().*]+$/;
/**
 * Our own bound: WeChat documents none, but every character raises the QR version and so
 * shrinks the printed module; 64 keeps a 100 px code decodable.
 */
export const EXTINFO_MAX_CHARS = 64;
export const QRCODE_SIZE_MIN_PX = 50;
export const QRCODE_SIZE_MAX_PX = 2000;
export { WHITELIST_MAX };
export const CODES_PER_CALL = 100;
export { CARD_QR_EXPIRE_MAX_S, CARD_QR_EXPIRE_MIN_S };
export const MULTIPLE_CARD_MAX = 5;

const refuse = (errcode: number, path: string, why: string): never => {
  throw new RequestCheckError(errcode, why, path);
};

export type ExtinfoProblem = 'empty' | 'characters' | 'tooLong';

/** Why an extinfo would be refused, or null when it is fine. */
export function extinfoProblem(extinfo: string): ExtinfoProblem | null {
  if (extinfo.length === 0) return 'empty';
  if (!EXTINFO_PATTERN.test(extinfo)) return 'characters';
  if (extinfo.length > EXTINFO_MAX_CHARS) return 'tooLong';
  return null;
}

export function checkExtinfo(extinfo: string | undefined, path: string): void {
  if (extinfo === undefined) return;
  const problem = extinfoProblem(extinfo);
  if (problem === 'tooLong') refuse(61351, path, `extinfo longer than ${EXTINFO_MAX_CHARS}`);
  if (problem) refuse(61314, path, `invalid extinfo ${JSON.stringify(extinfo.slice(0, 80))}`);
}

export function checkQrcodeSize(sizePx: number | undefined, path: string): void {
  if (sizePx === undefined) return;
  if (!Number.isInteger(sizePx) || sizePx < QRCODE_SIZE_MIN_PX || sizePx > QRCODE_SIZE_MAX_PX) {
    refuse(61350, path, `qrcode_size must be a whole number of pixels from ${QRCODE_SIZE_MIN_PX} to ${QRCODE_SIZE_MAX_PX}`);
  }
}

export function checkWhitelist(openids: readonly string[], usernames: readonly string[], path: string): void {
  if (openids.length + usernames.length > WHITELIST_MAX) {
    refuse(61341, path, `${openids.length + usernames.length} testers; at most ${WHITELIST_MAX}`);
  }
}

export function checkCodes(codes: readonly string[], path: string): void {
  if (codes.some((code) => code.trim() === '')) refuse(40056, path, 'empty code');
  if (codes.some((code) => code.length > CARD_CODE_MAX_CHARS)) refuse(45021, path, `a code longer than ${CARD_CODE_MAX_CHARS} characters`);
}

/** A card QR's card: code string(20), outer_str string(128), outer_id an integer (seed 002). */
export function checkCardTarget(target: { code?: string; outer_str?: string; outer_id?: number }, path: string): void {
  if (target.code !== undefined) checkCodes([target.code], path);
  if (target.outer_str !== undefined && target.outer_str.length > OUTER_STR_MAX_CHARS) refuse(45021, path, `outer_str longer than ${OUTER_STR_MAX_CHARS} characters`);
  if (target.outer_id !== undefined && (!Number.isSafeInteger(target.outer_id) || target.outer_id < 0)) refuse(40097, path, 'outer_id must be a whole number from 0');
}

export function checkExpireSeconds(seconds: number | undefined, path: string): void {
  if (seconds === undefined) return;
  if (!Number.isInteger(seconds) || seconds < CARD_QR_EXPIRE_MIN_S || seconds > CARD_QR_EXPIRE_MAX_S) {
    refuse(40097, path, `expire_seconds must be ${CARD_QR_EXPIRE_MIN_S}–${CARD_QR_EXPIRE_MAX_S}`);
  }
}

export function checkMultipleCards(count: number, path: string): void {
  if (count < 1 || count > MULTIPLE_CARD_MAX) refuse(40097, path, `a multiple-card QR holds 1–${MULTIPLE_CARD_MAX} cards`);
}

export function checkJumpRule(prefix: string, debugUrls: readonly string[], path: string): void {
  if (prefixProblem(prefix)) refuse(85066, path, 'prefix must be an http(s) URL on a domain');
  if (debugUrls.length > DEBUG_URLS_MAX) refuse(40097, path, `at most ${DEBUG_URLS_MAX} debug URLs`);
  if (debugUrls.some((debugUrl) => !debugUrl.startsWith(prefix))) refuse(85068, path, 'every debug URL must start with the prefix');
}

/** Splits a list into calls of at most `size` items. */
export function chunk<T>(items: readonly T[], size = CODES_PER_CALL): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
