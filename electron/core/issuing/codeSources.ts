import { gs1UriMaker, type Gs1Options } from '../../../shared/jump/gs1DigitalLink';
import type { LandingScene } from '../wechat/cardApi';
import type { WechatClient } from '../wechat/wechatClient';
import type { NewBatch } from './batchRepo';

/** What one code's call came back with. */
export type CodeOutcome = { status: 'issued'; content: string | null; picUrl: string | null } | { status: 'failed'; errcode: number | null };

/** What a card QR batch's calls carry besides the code (seed 002). */
export interface CardQrOptions {
  /** The print run's tag in the brand's channel statistics. */
  outerStr?: string;
  /** The integer channel number seed 002 keeps beside outer_str. */
  outerId?: number;
  uniqueCode?: boolean;
  openid?: string;
  /** 60–1800; absent: the ticket lives 365 days. */
  expireSeconds?: number;
  /** A QR_MULTIPLE_CARD code: these cards (2–5) in one code, for a shelf or display label. */
  cards?: string[];
  /** A multiple-card code's code per card, for the cards with custom codes. */
  cardCodes?: Record<string, string>;
  /** A landing page of cards (card/landingpage/create), its url printed as the code. */
  landingPage?: { banner: string; page_title: string; can_share: boolean; scene: LandingScene; card_list: { card_id: string; thumb_url: string }[] };
}

/** What a jump batch carries besides its prefix: GS1 Digital Link codes' GTIN, lot and expiry. */
export interface JumpOptions {
  gs1?: Gs1Options;
}

/**
 * How a batch's codes are obtained: the one part of issuing that differs between code kinds
 * (DESIGN: code kinds, one pipeline). Plan checks, the store, ownership, progress, pause, cancel,
 * resume, export and audit are the same for every kind.
 */
export type CodeSource =
  /** WeChat calls made by the issue engine, each for up to `perCall` codes (answers in their order). */
  | { local: false; perCall: number; obtain(client: WechatClient, extinfos: string[]): Promise<CodeOutcome[]> }
  /**
   * Nothing to call: content = prefix + extinfo, written with the plan itself; a GS1 Digital Link
   * batch's content is its canonical URI (the extinfo being the serial, AI 21).
   */
  | { local: true; prefix: string; contentOf?: (serial: string) => string };

/** Custom codes per deposit call (WeChat takes at most 100). */
export const DEPOSIT_PER_CALL = 100;

export function codeSourceOf(batch: Pick<NewBatch, 'kind' | 'keystandard' | 'keystr' | 'qrcodeSizePx' | 'options'>): CodeSource {
  switch (batch.kind) {
    case 'jump': {
      const gs1 = (batch.options as JumpOptions).gs1;
      return gs1 ? { local: true, prefix: batch.keystr, contentOf: gs1UriMaker(batch.keystr, gs1) } : { local: true, prefix: batch.keystr };
    }
    case 'deposit':
      return {
        local: false,
        perCall: DEPOSIT_PER_CALL,
        async obtain(client, codes) {
          const answer = await client.card.deposit(batch.keystr, codes);
          // A duplicate is in the card's pool already — ours from a call whose answer a kill lost.
          const deposited = new Set([...answer.succ, ...answer.duplicate]);
          // An answer of counts, or of nothing but errcode 0, names no code: ask WeChat which it holds.
          if (answer.unnamed.length) for (const code of (await client.card.checkCodes(batch.keystr, answer.unnamed)).exist) deposited.add(code);
          return codes.map((code) => (deposited.has(code) ? { status: 'issued', content: null, picUrl: null } : { status: 'failed', errcode: null }));
        },
      };
    case 'card': {
      const options = batch.options as CardQrOptions;
      if (options.landingPage) {
        const page = options.landingPage;
        return {
          local: false,
          perCall: 1,
          async obtain(client) {
            const created = await client.card.createLandingPage(page);
            return [{ status: 'issued', content: created.url, picUrl: null }];
          },
        };
      }
      if (options.cards) {
        const targets = options.cards.map((cardId) => ({
          card_id: cardId,
          ...(options.cardCodes?.[cardId] ? { code: options.cardCodes[cardId] } : {}),
          ...(options.outerStr ? { outer_str: options.outerStr } : {}),
          ...(options.outerId !== undefined ? { outer_id: options.outerId } : {}),
        }));
        return {
          local: false,
          perCall: 1,
          async obtain(client) {
            const ticket = await client.card.createMultipleQr(targets, options.expireSeconds);
            return [{ status: 'issued', content: ticket.url, picUrl: ticket.show_qrcode_url }];
          },
        };
      }
      return {
        local: false,
        perCall: 1,
        async obtain(client, [code]) {
          const target = {
            card_id: batch.keystr,
            code: code!,
            ...(options.openid ? { openid: options.openid } : {}),
            ...(options.uniqueCode ? { is_unique_code: true } : {}),
            ...(options.outerStr ? { outer_str: options.outerStr } : {}),
            ...(options.outerId !== undefined ? { outer_id: options.outerId } : {}),
          };
          const ticket = await client.card.createQr(target, options.expireSeconds);
          return [{ status: 'issued', content: ticket.url, picUrl: ticket.show_qrcode_url }];
        },
      };
    }
    default: {
      const key = { keystandard: batch.keystandard, keystr: batch.keystr };
      return {
        local: false,
        perCall: 1,
        async obtain(client, [extinfo]) {
          const reply = await client.scan.getQrcode(key, extinfo!, batch.qrcodeSizePx);
          return [{ status: 'issued', content: reply.qrcode_url, picUrl: reply.pic_url }];
        },
      };
    }
  }
}
