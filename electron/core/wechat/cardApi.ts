import { checkCardTarget, checkCodes, checkExpireSeconds, checkMultipleCards, checkWhitelist, chunk } from './requestChecks';
import type { WechatHttp, WechatReply } from './wechatHttp';

export interface CardQrTarget {
  card_id: string;
  code?: string;
  openid?: string;
  is_unique_code?: boolean;
  outer_str?: string;
  /** The channel number seed 002 keeps beside outer_str (an integer). */
  outer_id?: number;
}

/** What card/get tells about a card, as QR Pack needs it (seed 002 §4.1). */
export interface CardInfo {
  cardId: string;
  /** GROUPON, CASH, DISCOUNT, GIFT, GENERAL_COUPON, MEMBER_CARD… */
  cardType: string;
  title: string;
  /** CARD_STATUS_VERIFY_OK and so on. */
  status: string;
  useCustomCode: boolean;
  /** GET_CUSTOM_CODE_MODE_DEPOSIT, or null when the card has no custom-code mode. */
  codeMode: string | null;
  /** sku.quantity: how many more can be claimed. */
  stock: number;
}

/** Cards per card/batchget call (WeChat's limit). */
export const CARDS_PER_LIST_CALL = 50;

export interface CardQr {
  ticket: string;
  expire_seconds: number;
  /** The QR content, to render ourselves. */
  url: string;
  show_qrcode_url: string;
}

import type { LandingScene } from '../../../shared/cards/cardCode';

export { LANDING_SCENES, type LandingScene } from '../../../shared/cards/cardCode';

export interface DepositResult {
  succ: string[];
  duplicate: string[];
  fail: string[];
  /**
   * Codes the answer did not name. Seed 002 shows the deposit answering only `{"errcode":0,
   * "errmsg":"ok"}` and calls succ_code / fail_code counts ("成功个数"), while live answers list the
   * codes: whether WeChat holds an unnamed code is settled with checkcode, never guessed.
   */
  unnamed: string[];
}

/** Code lists may come back as arrays of codes or (per the seed's wording) as counts. */
const codeList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** Card (卡券) QR codes and custom-code deposit (seed 002). */
export class CardApi {
  constructor(
    private readonly http: WechatHttp,
    /** Where showqrcode lives (https://mp.weixin.qq.com; the sandbox serves its own). */
    private readonly showQrcodeBase = 'https://mp.weixin.qq.com',
  ) {}

  /** Enough of card creation for custom-code (deposit) cards: the card object as WeChat takes it. */
  async create(card: Record<string, unknown>): Promise<{ cardId: string }> {
    const reply = await this.http.post('/card/create', { card });
    return { cardId: String(reply.card_id) };
  }

  async get(cardId: string): Promise<CardInfo> {
    const reply = await this.http.post<WechatReply & { card?: Record<string, unknown> }>('/card/get', { card_id: cardId });
    const card = reply.card ?? {};
    const cardType = String(card.card_type ?? '');
    const body = (card[cardType.toLowerCase()] ?? {}) as { base_info?: Record<string, unknown> };
    const base = body.base_info ?? {};
    const sku = (base.sku ?? {}) as { quantity?: unknown };
    return {
      cardId: String(base.id ?? cardId),
      cardType,
      title: String(base.title ?? ''),
      status: String(base.status ?? ''),
      useCustomCode: base.use_custom_code === true,
      codeMode: typeof base.get_custom_code_mode === 'string' && base.get_custom_code_mode ? base.get_custom_code_mode : null,
      stock: Number(sku.quantity ?? 0),
    };
  }

  /** One page of the account's card ids. */
  async batchGet(offset: number, count = CARDS_PER_LIST_CALL): Promise<{ cardIds: string[]; total: number }> {
    const reply = await this.http.post('/card/batchget', { offset, count: Math.min(count, CARDS_PER_LIST_CALL) });
    return { cardIds: Array.isArray(reply.card_id_list) ? reply.card_id_list.map(String) : [], total: Number(reply.total_num ?? 0) };
  }

  /** Sets a card's custom-code mode (card/update with only that field of base_info). */
  async setCodeMode(cardId: string, cardType: string, codeMode: string): Promise<void> {
    await this.http.post('/card/update', { card_id: cardId, [cardType.toLowerCase()]: { base_info: { get_custom_code_mode: codeMode } } });
  }

  async modifyStock(cardId: string, change: { increase: number } | { reduce: number }): Promise<void> {
    await this.http.post('/card/modifystock', { card_id: cardId, ...('increase' in change ? { increase_stock_value: change.increase } : { reduce_stock_value: change.reduce }) });
  }

  /** Sends the card to one tester's WeChat (message/mass/preview, msgtype wxcard; seed 002 §4.6). */
  async preview(cardId: string, target: { openid: string } | { wxname: string }): Promise<{ msgId: string }> {
    const to = 'openid' in target ? { touser: target.openid } : { towxname: target.wxname };
    const reply = await this.http.post('/cgi-bin/message/mass/preview', { ...to, wxcard: { card_id: cardId }, msgtype: 'wxcard' });
    return { msgId: String(reply.msg_id ?? '') };
  }

  async createQr(target: CardQrTarget, expireSeconds?: number): Promise<CardQr> {
    const path = '/card/qrcode/create';
    checkExpireSeconds(expireSeconds, path);
    checkCardTarget(target, path);
    return this.qr(path, { action_name: 'QR_CARD', ...(expireSeconds ? { expire_seconds: expireSeconds } : {}), action_info: { card: target } });
  }

  async createMultipleQr(targets: CardQrTarget[], expireSeconds?: number): Promise<CardQr> {
    const path = '/card/qrcode/create';
    checkMultipleCards(targets.length, path);
    checkExpireSeconds(expireSeconds, path);
    for (const target of targets) checkCardTarget(target, path);
    return this.qr(path, {
      action_name: 'QR_MULTIPLE_CARD',
      ...(expireSeconds ? { expire_seconds: expireSeconds } : {}),
      action_info: { multiple_card: { card_list: targets } },
    });
  }

  /** The image of a card QR ticket. */
  showQrcodeUrl(ticket: string): string {
    return `${this.showQrcodeBase.replace(/\/+$/, '')}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
  }

  async createLandingPage(page: {
    banner: string;
    page_title: string;
    can_share: boolean;
    scene: LandingScene;
    card_list: { card_id: string; thumb_url: string }[];
  }): Promise<{ url: string; pageId: number }> {
    const reply = await this.http.post('/card/landingpage/create', page);
    return { url: String(reply.url), pageId: Number(reply.page_id) };
  }

  /** Deposits any number of codes, 100 per call; the results are merged. */
  async deposit(cardId: string, codes: string[]): Promise<DepositResult> {
    checkCodes(codes, '/card/code/deposit');
    const result: DepositResult = { succ: [], duplicate: [], fail: [], unnamed: [] };
    for (const part of chunk(codes)) {
      const reply = await this.http.post('/card/code/deposit', { card_id: cardId, code: part });
      const lists = { succ: codeList(reply.succ_code), duplicate: codeList(reply.duplicate_code), fail: codeList(reply.fail_code) };
      result.succ.push(...lists.succ);
      result.duplicate.push(...lists.duplicate);
      result.fail.push(...lists.fail);
      const named = new Set([...lists.succ, ...lists.duplicate, ...lists.fail]);
      result.unnamed.push(...part.filter((code) => !named.has(code)));
    }
    return result;
  }

  async depositCount(cardId: string): Promise<number> {
    return Number((await this.http.post('/card/code/getdepositcount', { card_id: cardId })).count ?? 0);
  }

  /** Checks any number of codes, 100 per call. */
  async checkCodes(cardId: string, codes: string[]): Promise<{ exist: string[]; notExist: string[] }> {
    checkCodes(codes, '/card/code/checkcode');
    const result = { exist: [] as string[], notExist: [] as string[] };
    for (const part of chunk(codes)) {
      const reply = await this.http.post('/card/code/checkcode', { card_id: cardId, code: part });
      result.exist.push(...codeList(reply.exist_code));
      result.notExist.push(...codeList(reply.not_exist_code));
    }
    return result;
  }

  async mpnewsHtml(cardId: string): Promise<string> {
    return String((await this.http.post('/card/mpnews/gethtml', { card_id: cardId })).content ?? '');
  }

  async setTestWhitelist(openids: string[], usernames: string[]): Promise<void> {
    checkWhitelist(openids, usernames, '/card/testwhitelist/set');
    await this.http.post('/card/testwhitelist/set', { openid: openids, username: usernames });
  }

  private async qr(path: string, body: unknown): Promise<CardQr> {
    const reply = await this.http.post<WechatReply & CardQr>(path, body);
    return {
      ticket: reply.ticket,
      expire_seconds: Number(reply.expire_seconds),
      url: String(reply.url).trim(),
      show_qrcode_url: String(reply.show_qrcode_url).trim(),
    };
  }
}
