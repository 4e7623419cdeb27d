import { checkCodes, checkExpireSeconds, checkMultipleCards, checkWhitelist, chunk } from './requestChecks';
import type { WechatHttp, WechatReply } from './wechatHttp';

export interface CardQrTarget {
  card_id: string;
  code?: string;
  openid?: string;
  is_unique_code?: boolean;
  outer_str?: string;
}

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

  async createQr(target: CardQrTarget, expireSeconds?: number): Promise<CardQr> {
    const path = '/card/qrcode/create';
    checkExpireSeconds(expireSeconds, path);
    return this.qr(path, { action_name: 'QR_CARD', ...(expireSeconds ? { expire_seconds: expireSeconds } : {}), action_info: { card: target } });
  }

  async createMultipleQr(targets: CardQrTarget[], expireSeconds?: number): Promise<CardQr> {
    const path = '/card/qrcode/create';
    checkMultipleCards(targets.length, path);
    checkExpireSeconds(expireSeconds, path);
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
