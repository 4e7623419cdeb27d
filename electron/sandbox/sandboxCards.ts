import { randomBytes } from 'node:crypto';
import { CARD_QR_EXPIRE_MAX_S, CARD_QR_EXPIRE_MIN_S, CODES_PER_CALL, MULTIPLE_CARD_MAX, WHITELIST_MAX } from '../core/wechat/requestChecks';
import { CARDS_PER_LIST_CALL, LANDING_SCENES } from '../core/wechat/cardApi';
import { CARD_CODE_MAX_CHARS, DEPOSIT_CODE_MODE, OUTER_STR_MAX_CHARS } from '../../shared/cards/cardCode';
import { fail, field, isBoolean, isNonEmptyString, isObject, isString, isStringArray } from './sandboxError';

const DEFAULT_QR_LIFETIME_S = 365 * 24 * 3600;

/** A card as the sandbox keeps it: what card/get shows, its stock, its deposited and claimed codes. */
interface Card {
  cardId: string;
  cardType: string;
  title: string;
  useCustomCode: boolean;
  codeMode: string | null;
  /** sku.quantity: claims left. */
  stock: number;
  deposited: Set<string>;
  /** Codes a user has received (a custom code is received once). */
  claimed: Set<string>;
}

interface CardQrTicket {
  url: string;
  expiresAtMs: number;
  cards: { cardId: string; code?: string; outerStr?: string }[];
}

/** One card a user received through a card QR code: what WeChat's user_get_card push carries. */
export interface CardClaim {
  cardId: string;
  userCardCode: string;
  outerStr: string;
}

/** A card sent to a tester's phone (message/mass/preview). */
export interface CardPreview {
  cardId: string;
  touser?: string;
  towxname?: string;
  atMs: number;
}

/** Cards saved before modes and stock existed lack them (they were all deposit-mode cards). */
type SavedCard = Partial<Omit<Card, 'deposited' | 'claimed'>> & Pick<Card, 'cardId' | 'cardType'> & { deposited: string[]; claimed?: string[] };

export interface CardsSnapshot {
  cards: SavedCard[];
  whitelist: { openid: string[]; username: string[] };
  landingPages: number;
  previews?: CardPreview[];
}

/**
 * The forms in which WeChat answers a deposit, all documented: the codes listed (what live
 * answers carry), counts (seed 002's field table: "成功个数"), or only errcode 0 (seed 002's example).
 */
export const DEPOSIT_ANSWERS = ['lists', 'counts', 'bare'] as const;
export type DepositAnswer = (typeof DEPOSIT_ANSWERS)[number];

/** WeChat's card errcodes the sandbox answers with (card error code page). */
const ERR = { codeMode: 40072, stock: 40122, stockZero: 45031, tooLong: 45021, received: 40099 } as const;

/** Cards with deposited custom codes, card QR tickets, landing pages and the card whitelist. */
export class SandboxCards {
  depositAnswer: DepositAnswer = 'lists';
  private readonly cards = new Map<string, Card>();
  private readonly tickets = new Map<string, CardQrTicket>();
  private whitelist = { openid: [] as string[], username: [] as string[] };
  private landingPages = 0;
  readonly previews: CardPreview[] = [];

  constructor(
    private readonly baseUrl: () => string,
    private readonly nowMs: () => number = Date.now,
  ) {}

  snapshot(): CardsSnapshot {
    return {
      cards: [...this.cards.values()].map((c) => ({ ...c, deposited: [...c.deposited], claimed: [...c.claimed] })),
      whitelist: this.whitelist,
      landingPages: this.landingPages,
      previews: this.previews,
    };
  }

  restore(snapshot: CardsSnapshot): void {
    // State saved before cards had a mode and a stock: those cards were the deposit-mode demo kind.
    for (const card of snapshot.cards) {
      this.cards.set(card.cardId, {
        ...card,
        title: card.title ?? '',
        useCustomCode: card.useCustomCode ?? true,
        codeMode: card.codeMode === undefined ? DEPOSIT_CODE_MODE : card.codeMode,
        stock: card.stock ?? 0,
        deposited: new Set(card.deposited),
        claimed: new Set(card.claimed ?? []),
      });
    }
    this.whitelist = snapshot.whitelist;
    this.landingPages = snapshot.landingPages;
    this.previews.push(...(snapshot.previews ?? []));
  }

  create(body: Record<string, unknown>): { card_id: string } {
    const card = field(body, 'card', isObject);
    const cardType = field(card, 'card_type', isNonEmptyString);
    const detail = card[cardType.toLowerCase()];
    if (!isObject(detail)) return fail(40097, `card.${cardType.toLowerCase()} required`);
    const base = isObject(detail.base_info) ? detail.base_info : {};
    const sku = isObject(base.sku) ? base.sku : {};
    const stock = sku.quantity ?? 0;
    if (!Number.isSafeInteger(stock) || (stock as number) < 0) fail(ERR.stock, 'invalid quantity');
    const codeMode = isNonEmptyString(base.get_custom_code_mode) ? base.get_custom_code_mode : null;
    if (codeMode && codeMode !== DEPOSIT_CODE_MODE) fail(40097, 'invalid get_custom_code_mode');
    if (codeMode && base.use_custom_code !== true) fail(ERR.codeMode, 'get_custom_code_mode needs use_custom_code');
    // Seed 002 §4.1: a deposit-mode card's stock may not exceed its deposited codes (none yet).
    if (codeMode && (stock as number) > 0) fail(ERR.stock, 'stock exceeds deposited codes, create with quantity 0');
    const cardId = `p${randomBytes(20).toString('base64url').slice(0, 27)}`;
    this.cards.set(cardId, { cardId, cardType, title: isString(base.title) ? base.title : '', useCustomCode: base.use_custom_code === true, codeMode, stock: stock as number, deposited: new Set(), claimed: new Set() });
    return { card_id: cardId };
  }

  /** A GROUPON card in deposit mode (custom codes, stock 0), as a brand creates one in its console. */
  seedDepositCard(cardId: string): void {
    this.cards.set(cardId, { cardId, cardType: 'GROUPON', title: '示例团购券 Demo deal', useCustomCode: true, codeMode: DEPOSIT_CODE_MODE, stock: 0, deposited: new Set(), claimed: new Set() });
  }

  get(body: Record<string, unknown>): Record<string, unknown> {
    const card = this.card(body.card_id);
    const baseInfo = {
      id: card.cardId,
      title: card.title,
      status: 'CARD_STATUS_VERIFY_OK',
      use_custom_code: card.useCustomCode,
      ...(card.codeMode ? { get_custom_code_mode: card.codeMode } : {}),
      sku: { quantity: card.stock, total_quantity: card.stock + card.claimed.size },
    };
    return { card: { card_type: card.cardType, [card.cardType.toLowerCase()]: { base_info: baseInfo } } };
  }

  batchGet(body: Record<string, unknown>): { card_id_list: string[]; total_num: number } {
    const offset = body.offset ?? 0;
    const count = body.count;
    if (!Number.isSafeInteger(offset) || (offset as number) < 0) return fail(40097, 'invalid offset');
    if (!Number.isSafeInteger(count) || (count as number) < 1 || (count as number) > CARDS_PER_LIST_CALL) return fail(40097, `count is 1-${CARDS_PER_LIST_CALL}`);
    const ids = [...this.cards.keys()];
    return { card_id_list: ids.slice(offset as number, (offset as number) + (count as number)), total_num: ids.length };
  }

  /** card/update: the sandbox takes get_custom_code_mode only (the one field QR Pack changes). */
  update(body: Record<string, unknown>): { send_check: boolean } {
    const card = this.card(body.card_id);
    const detail = body[card.cardType.toLowerCase()];
    const base = isObject(detail) && isObject(detail.base_info) ? detail.base_info : fail(40097, `${card.cardType.toLowerCase()}.base_info required`);
    const mode = base.get_custom_code_mode;
    if (mode !== undefined) {
      if (mode !== DEPOSIT_CODE_MODE) fail(40097, 'invalid get_custom_code_mode');
      if (!card.useCustomCode) fail(ERR.codeMode, 'card does not use custom code');
      // Seed 002 §4.1.1: setting the mode when fewer codes are deposited than the stock is refused.
      if (card.deposited.size - card.claimed.size < card.stock) fail(ERR.stock, 'stock exceeds deposited codes');
      card.codeMode = DEPOSIT_CODE_MODE;
    }
    return { send_check: false };
  }

  modifyStock(body: Record<string, unknown>): Record<string, never> {
    const card = this.card(body.card_id);
    const increase = body.increase_stock_value ?? 0;
    const reduce = body.reduce_stock_value ?? 0;
    if (!Number.isSafeInteger(increase) || !Number.isSafeInteger(reduce) || (increase as number) < 0 || (reduce as number) < 0) return fail(ERR.stock, 'invalid stock value');
    const stock = card.stock + (increase as number) - (reduce as number);
    if (stock < 0) fail(ERR.stock, 'stock would fall below 0');
    // Seed 002 §4.1: a deposit-mode card's stock may not exceed the codes left to hand out.
    if (card.codeMode === DEPOSIT_CODE_MODE && stock > card.deposited.size - card.claimed.size) fail(ERR.stock, 'stock exceeds deposited codes');
    card.stock = stock;
    return {};
  }

  /** message/mass/preview with msgtype wxcard: recorded, as the tester's phone would show it. */
  preview(body: Record<string, unknown>): { msg_id: number } {
    if (body.msgtype !== 'wxcard') return fail(40097, 'this sandbox previews wxcard only');
    const card = this.card(field(body, 'wxcard', isObject).card_id);
    const touser = isNonEmptyString(body.touser) ? body.touser : undefined;
    const towxname = isNonEmptyString(body.towxname) ? body.towxname : undefined;
    if (!touser === !towxname) fail(40097, 'touser or towxname, one of them');
    this.previews.push({ cardId: card.cardId, ...(touser ? { touser } : { towxname }), atMs: this.nowMs() });
    return { msg_id: this.previews.length };
  }

  /**
   * A user scanning a card QR code and receiving its card(s) (`POST /sandbox/card/claim {ticket}`,
   * or `{url}`: the printed code's content):
   * refused with 45031 when the card's stock is 0, with 40099 when its code was received already.
   */
  claim(body: Record<string, unknown>): { cards: { card_id: string; code?: string }[]; claims: CardClaim[] } {
    // The ticket, or the printed code's content (its url) as a phone scanning the label reads it.
    const ticket = isString(body.url) ? [...this.tickets.values()].find((t) => t.url === body.url) : this.tickets.get(String(body.ticket ?? ''));
    if (!ticket || ticket.expiresAtMs <= this.nowMs()) return fail(40097, 'invalid ticket');
    const cards = ticket.cards.map(({ cardId, code, outerStr }) => ({ card: this.card(cardId), code, outerStr }));
    for (const { card, code } of cards) {
      if (card.stock <= 0) fail(ERR.stockZero, `stock of ${card.cardId} is 0`);
      if (code && card.claimed.has(code)) fail(ERR.received, `code ${code} was received already`);
    }
    const claims = cards.map(({ card, code, outerStr }) => {
      card.stock--;
      // A card without a custom code gets one from WeChat: 12 digits, as its codes look.
      const userCardCode = code ?? String(100_000_000_000 + card.claimed.size + 1);
      card.claimed.add(userCardCode);
      return { cardId: card.cardId, userCardCode, outerStr: outerStr ?? '' };
    });
    return { cards: cards.map(({ card, code }) => ({ card_id: card.cardId, ...(code ? { code } : {}) })), claims };
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
    for (const target of targets) {
      this.card(target.card_id);
      if (target.code !== undefined && (!isNonEmptyString(target.code) || target.code.length > CARD_CODE_MAX_CHARS)) fail(ERR.tooLong, `code is string(${CARD_CODE_MAX_CHARS})`);
      if (target.outer_str !== undefined && (!isString(target.outer_str) || target.outer_str.length > OUTER_STR_MAX_CHARS)) fail(ERR.tooLong, `outer_str is string(${OUTER_STR_MAX_CHARS})`);
      if (target.outer_id !== undefined && (!Number.isSafeInteger(target.outer_id) || (target.outer_id as number) < 0)) fail(40097, 'invalid outer_id');
    }
    const expire = body.expire_seconds;
    if (expire !== undefined && (!Number.isInteger(expire) || (expire as number) < CARD_QR_EXPIRE_MIN_S || (expire as number) > CARD_QR_EXPIRE_MAX_S)) {
      fail(40097, 'invalid expire_seconds');
    }
    const lifetimeS = (expire as number | undefined) ?? DEFAULT_QR_LIFETIME_S;
    const id = randomBytes(15).toString('base64url');
    const ticket = Buffer.from(`sandbox-card-qr:${id}`).toString('base64');
    const url = `http://weixin.qq.com/q/${id}`;
    const cards = targets.map((target) => ({
      cardId: String(target.card_id).trim(),
      ...(isString(target.code) ? { code: target.code } : {}),
      ...(isString(target.outer_str) ? { outerStr: target.outer_str } : {}),
    }));
    this.tickets.set(ticket, { url, expiresAtMs: this.nowMs() + lifetimeS * 1000, cards });
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
    // Seed 002 §4.1.1: codes are deposited only to a card with use_custom_code and the deposit mode.
    // The seed's steps for an existing card list the deposit before the mode; the interface's own
    // section is followed, so QR Pack sets the mode first.
    if (!card.useCustomCode || card.codeMode !== DEPOSIT_CODE_MODE) fail(ERR.codeMode, 'card is not in GET_CUSTOM_CODE_MODE_DEPOSIT');
    const codes = this.codes(body);
    const result = { succ_code: [] as string[], duplicate_code: [] as string[], fail_code: [] as string[] };
    for (const code of codes) {
      if (code.length > CARD_CODE_MAX_CHARS) result.fail_code.push(code);
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
