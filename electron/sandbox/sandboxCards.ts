import { randomBytes } from 'node:crypto';
import { CARD_QR_EXPIRE_MAX_S, CARD_QR_EXPIRE_MIN_S, CODES_PER_CALL, MULTIPLE_CARD_MAX, WHITELIST_MAX } from '../core/wechat/requestChecks';
import { LANDING_SCENES } from '../core/wechat/cardApi';
import { fail, field, isBoolean, isNonEmptyString, isObject, isString, isStringArray } from './sandboxError';

const DEFAULT_QR_LIFETIME_S = 365 * 24 * 3600;
const MAX_CODE_CHARS = 128;

interface Card {
  cardId: string;
  cardType: string;
  deposited: Set<string>;
}

interface CardQrTicket {
  url: string;
  expiresAtMs: number;
}

export interface CardsSnapshot {
  cards: { cardId: string; cardType: string; deposited: string[] }[];
  whitelist: { openid: string[]; username: string[] };
  landingPages: number;
}

/**
 * The forms in which WeChat answers a deposit, all documented: the codes listed (what live
 * answers carry), counts (seed 002's field table: "成功个数"), or only errcode 0 (seed 002's example).
 */
export const DEPOSIT_ANSWERS = ['lists', 'counts', 'bare'] as const;
export type DepositAnswer = (typeof DEPOSIT_ANSWERS)[number];

/** Cards with deposited custom codes, card QR tickets, landing pages and the card whitelist. */
export class SandboxCards {
  depositAnswer: DepositAnswer = 'lists';
  private readonly cards = new Map<string, Card>();
  private readonly tickets = new Map<string, CardQrTicket>();
  private whitelist = { openid: [] as string[], username: [] as string[] };
  private landingPages = 0;

  constructor(
    private readonly baseUrl: () => string,
    private readonly nowMs: () => number = Date.now,
  ) {}

  snapshot(): CardsSnapshot {
    return {
      cards: [...this.cards.values()].map((c) => ({ cardId: c.cardId, cardType: c.cardType, deposited: [...c.deposited] })),
      whitelist: this.whitelist,
      landingPages: this.landingPages,
    };
  }

  restore(snapshot: CardsSnapshot): void {
    for (const card of snapshot.cards) this.cards.set(card.cardId, { ...card, deposited: new Set(card.deposited) });
    this.whitelist = snapshot.whitelist;
    this.landingPages = snapshot.landingPages;
  }

  create(body: Record<string, unknown>): { card_id: string } {
    const card = field(body, 'card', isObject);
    const cardType = field(card, 'card_type', isNonEmptyString);
    if (!isObject(card[cardType.toLowerCase()])) fail(40097, `card.${cardType.toLowerCase()} required`);
    const cardId = `p${randomBytes(20).toString('base64url').slice(0, 27)}`;
    this.cards.set(cardId, { cardId, cardType, deposited: new Set() });
    return { card_id: cardId };
  }

  /** A GROUPON card in deposit mode (custom codes, stock 0), as a brand creates one in its console. */
  seedDepositCard(cardId: string): void {
    this.cards.set(cardId, { cardId, cardType: 'GROUPON', deposited: new Set() });
  }

  createQr(body: Record<string, unknown>): Record<string, unknown> {
    const actionName = body.action_name;
    const info = field(body, 'action_info', isObject);
    let targets: Record<string, unknown>[];
    if (actionName === 'QR_CARD') targets = [field(info, 'card', isObject)];
    else if (actionName === 'QR_MULTIPLE_CARD') {
      const list = field(info, 'multiple_card', isObject).card_list;
      if (!Array.isArray(list) || !list.every(isObject)) return fail(40097, 'card_list required');
      if (list.length < 1 || list.length > MULTIPLE_CARD_MAX) fail(40097, `card_list holds 1-${MULTIPLE_CARD_MAX} cards`);
      targets = list;
    } else return fail(40097, 'invalid action_name');
    for (const target of targets) this.card(target.card_id);
    const expire = body.expire_seconds;
    if (expire !== undefined && (!Number.isInteger(expire) || (expire as number) < CARD_QR_EXPIRE_MIN_S || (expire as number) > CARD_QR_EXPIRE_MAX_S)) {
      fail(40097, 'invalid expire_seconds');
    }
    const lifetimeS = (expire as number | undefined) ?? DEFAULT_QR_LIFETIME_S;
    const id = randomBytes(15).toString('base64url');
    const ticket = Buffer.from(`sandbox-card-qr:${id}`).toString('base64');
    const url = `http://weixin.qq.com/q/${id}`;
    this.tickets.set(ticket, { url, expiresAtMs: this.nowMs() + lifetimeS * 1000 });
    return {
      ticket,
      expire_seconds: lifetimeS,
      url,
      show_qrcode_url: `${this.baseUrl()}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`,
    };
  }

  /** The QR content behind a showqrcode ticket, or null (then a 404, as WeChat answers). */
  ticketContent(ticket: string): string | null {
    const found = this.tickets.get(ticket);
    return found && found.expiresAtMs > this.nowMs() ? found.url : null;
  }

  landingPage(body: Record<string, unknown>): { url: string; page_id: number } {
    field(body, 'banner', isNonEmptyString);
    field(body, 'page_title', isNonEmptyString);
    field(body, 'can_share', isBoolean);
    const scene = field(body, 'scene', isString);
    if (!(LANDING_SCENES as readonly string[]).includes(scene)) fail(40097, 'invalid scene');
    const list = body.card_list;
    if (!Array.isArray(list) || list.length === 0 || !list.every(isObject)) return fail(40097, 'card_list required');
    for (const item of list) {
      this.card(item.card_id);
      field(item, 'thumb_url', isNonEmptyString);
    }
    this.landingPages++;
    return { url: `${this.baseUrl()}/sandbox/landing/${this.landingPages}`, page_id: this.landingPages };
  }

  deposit(body: Record<string, unknown>): Record<string, unknown> {
    const card = this.card(body.card_id);
    const codes = this.codes(body);
    const result = { succ_code: [] as string[], duplicate_code: [] as string[], fail_code: [] as string[] };
    for (const code of codes) {
      if (code.length > MAX_CODE_CHARS) result.fail_code.push(code);
      else if (card.deposited.has(code)) result.duplicate_code.push(code);
      else {
        card.deposited.add(code);
        result.succ_code.push(code);
      }
    }
    if (this.depositAnswer === 'bare') return {};
    if (this.depositAnswer === 'counts') return { succ_code: result.succ_code.length, duplicate_code: result.duplicate_code.length, fail_code: result.fail_code.length };
    return result;
  }

  depositCount(body: Record<string, unknown>): { count: number } {
    return { count: this.card(body.card_id).deposited.size };
  }

  checkCodes(body: Record<string, unknown>): { exist_code: string[]; not_exist_code: string[] } {
    const card = this.card(body.card_id);
    const codes = this.codes(body);
    return { exist_code: codes.filter((c) => card.deposited.has(c)), not_exist_code: codes.filter((c) => !card.deposited.has(c)) };
  }

  mpnewsHtml(body: Record<string, unknown>): { content: string } {
    const card = this.card(body.card_id);
    return {
      content: `<iframe class="res_iframe card_iframe js_editor_card" data-src="http://mp.weixin.qq.com/bizmall/appmsgcard?action=show&cardid=${card.cardId}&wechat_card_js=1#wechat_redirect"></iframe>`,
    };
  }

  setWhitelist(body: Record<string, unknown>): Record<string, never> {
    const openid = body.openid ?? [];
    const username = body.username ?? [];
    if (!isStringArray(openid) || !isStringArray(username)) return fail(40097, 'openid and username must be string arrays');
    if (openid.length + username.length > WHITELIST_MAX) fail(61341, 'whitelist size exceeds limit');
    this.whitelist = { openid: [...openid], username: [...username] };
    return {};
  }

  private codes(body: Record<string, unknown>): string[] {
    const codes = field(body, 'code', isStringArray);
    if (codes.length > CODES_PER_CALL) fail(40109, 'too many codes, at most 100');
    if (codes.some((c) => c === '')) fail(40056, 'invalid code');
    return codes;
  }

  private card(cardId: unknown): Card {
    const card = isString(cardId) ? this.cards.get(cardId.trim()) : undefined;
    if (!card) return fail(40073, 'invalid card id');
    return card;
  }
}
