import type { Template } from '../../../shared/sheets/templateSchema';
import type { BatchService } from '../issuing/batchService';
import { CARD_CODE_PROBLEM_TEXT, CARD_SPACE, cardCodeProblem, cardIdProblem, DEPOSIT_CODE_MODE, DEPOSIT_SPACE, expireSecondsProblem, LANDING_SPACE, MULTIPLE_CARD_MAX, MULTIPLE_CARD_SPACE, outerIdProblem, outerStrProblem, thumbUrlProblem } from '../../../shared/cards/cardCode';
import { batchName } from '../../../shared/issuing/batchName';
import type { Language, LocalizedText } from '../../../shared/text';
import type { ActionLog } from '../audit/actionLog';
import { AppError } from '../appError';
import { PlanCheck, plannedValues, sourceRecord, stamp, type CodeRule, type ExtinfoSource } from '../issuing/batchPlan';
import type { BatchRepo, BatchRow } from '../issuing/batchRepo';
import { codeSourceOf, DEPOSIT_PER_CALL, type CardQrOptions } from '../issuing/codeSources';
import { LANDING_SCENES } from '../wechat/cardApi';
import type { WechatClient } from '../wechat/wechatClient';
import type { CardService } from './cardService';

/** checkcode calls in flight while a deposit is reconciled. */
const RECONCILE_IN_FLIGHT = 8;

export interface CardPlanInput {
  cardId: string;
  name?: string;
  source: ExtinfoSource;
  /** The design the codes will be printed with (card QR batches): checked before anything is stored. */
  design?: Template;
}

/** What a card QR code will hold: the ticket's url, stood in for by one of its length before it exists. */
const cardUrlLike = () => `http://weixin.qq.com/q/${'X'.repeat(20)}`;

export interface DepositReconciliation {
  cardId: string;
  /** getdepositcount: every code WeChat holds for the card (deposits from elsewhere included). */
  wechatCount: number;
  loggedCount: number;
  /** Codes the log holds as deposited that checkcode does not find. */
  missing: string[];
  matches: boolean;
}

const CARD_CODE_RULE: CodeRule = { noun: { en: 'code', 'zh-CN': 'code' }, problem: cardCodeProblem, text: CARD_CODE_PROBLEM_TEXT };

function checkedCardId(cardId: string): string {
  const problem = cardIdProblem(cardId.trim());
  if (problem) throw new AppError('invalid_argument', problem);
  return cardId.trim();
}

/**
 * Card code batches (seed 002): deposits of a card's custom codes, card QR codes per deposited
 * code, multiple-card codes and landing pages — planned here, stored and issued by the one
 * pipeline of issuing/ (the card code sources live in codeSources).
 */
export class CardBatches {
  constructor(
    private readonly repo: BatchRepo,
    private readonly actions: ActionLog,
    private readonly cards: CardService,
    /** The user's language, for the names given to batches planned without one. */
    private readonly language: () => Language,
    /** The plan's design check (BatchService's), for card QR batches. */
    private readonly designCheck?: BatchService['designCheck'],
  ) {}

  private defaultName(name: LocalizedText): string {
    return name[this.language()];
  }

  /**
   * Plans a deposit of a card's custom codes (seed 002): checked like any plan (characters, length
   * ≤ 20, duplicates, codes already deposited for the card by any batch of the log), stored whole,
   * then sent by the issue engine 100 a call, each answer stored as it arrives. The card is read
   * first (card/get) and a card WeChat would refuse deposits to is refused here. Asked again for
   * the same card and source, it answers the earlier deposit of them (to be resumed, or done) instead.
   */
  async planDeposit(accountId: string, client: WechatClient, input: CardPlanInput): Promise<BatchRow> {
    const cardId = checkedCardId(input.cardId);
    // The same deposit asked for again (after a kill) is the earlier one, to finish, not a new plan.
    const earlier = this.repo.sameSource(accountId, 'deposit', cardId, sourceRecord(input.source));
    if (earlier) return earlier;
    await this.cards.checkDepositable(accountId, client, cardId);
    const batch = { accountId, kind: 'deposit' as const, test: false, name: batchName(input.name, () => this.defaultName({ en: `Deposit ${cardId.slice(0, 10)}… ${stamp()}`, 'zh-CN': `卡券 ${cardId.slice(0, 10)}… 导入 ${stamp()}` })), keystandard: DEPOSIT_SPACE, keystr: cardId, qrcodeSizePx: 0, source: sourceRecord(input.source), options: {} };
    const id = await this.repo.createPlan(batch, plannedValues(input.source), new PlanCheck(CARD_CODE_RULE), codeSourceOf(batch));
    return this.repo.get(id);
  }

  /**
   * Plans card QR codes, one QR_CARD ticket per code. A card whose codes were deposited from this
   * log is a deposit-mode card: every code must be among them, or the plan is refused before any
   * call. Codes are unique per card across the log.
   */
  async planCardQr(accountId: string, client: WechatClient, input: CardPlanInput & { options: CardQrOptions }): Promise<BatchRow> {
    const cardId = checkedCardId(input.cardId);
    const expiry = expireSecondsProblem(input.options.expireSeconds);
    if (expiry) throw new AppError('invalid_argument', expiry);
    const channel = outerStrProblem(input.options.outerStr) ?? outerIdProblem(input.options.outerId);
    if (channel) throw new AppError('invalid_argument', channel);
    const depositMode = this.repo.hasDepositedCodes(accountId, cardId);
    // A card with deposits in the log exists; any other is asked about once before anything is stored.
    if (!depositMode) await client.card.depositCount(cardId);
    const options = Object.fromEntries(Object.entries(input.options).filter(([, v]) => v !== undefined && v !== '' && v !== false));
    const batch = { accountId, kind: 'card' as const, test: false, name: batchName(input.name, () => this.defaultName({ en: `Card ${cardId.slice(0, 10)}… ${stamp()}`, 'zh-CN': `卡券 ${cardId.slice(0, 10)}… 二维码 ${stamp()}` })), keystandard: CARD_SPACE, keystr: cardId, qrcodeSizePx: 0, source: sourceRecord(input.source), options };
    const deposited = depositMode ? { keystandard: DEPOSIT_SPACE, keystr: cardId } : undefined;
    const design = this.designCheck?.(input.design, { keystr: cardId, name: batch.name, page: null }, cardUrlLike);
    const id = await this.repo.createPlan(batch, plannedValues(input.source), new PlanCheck(CARD_CODE_RULE, design), codeSourceOf(batch), deposited);
    return this.repo.get(id);
  }

  /**
   * Plans one QR_MULTIPLE_CARD code (2–5 cards) for a shelf or display label: each card read once
   * (card/get), then a one-code card batch whose code is named shelf-N (N counts such codes of
   * the same cards in the log). A card with custom codes not deposited must be given its code, as
   * seed 002's example does; a card without custom codes takes none.
   */
  async planMultipleCardQr(accountId: string, client: WechatClient, input: { cards: { cardId: string; code?: string }[]; name?: string; options: Omit<CardQrOptions, 'cards' | 'cardCodes'> }): Promise<BatchRow> {
    const codeOf = new Map(input.cards.map((c) => [c.cardId.trim(), c.code?.trim() || undefined]));
    const cardIds = [...new Set(input.cards.map((c) => checkedCardId(c.cardId)))];
    if (cardIds.length < 2 || cardIds.length > MULTIPLE_CARD_MAX) {
      throw new AppError('invalid_argument', {
        en: `A multiple-card code holds 2 to ${MULTIPLE_CARD_MAX} different cards (${cardIds.length} given).`,
        'zh-CN': `多卡券二维码须包含 2 到 ${MULTIPLE_CARD_MAX} 张不同的卡券(给出了 ${cardIds.length} 张)。`,
      });
    }
    const expiry = expireSecondsProblem(input.options.expireSeconds) ?? outerStrProblem(input.options.outerStr) ?? outerIdProblem(input.options.outerId);
    if (expiry) throw new AppError('invalid_argument', expiry);
    const cardCodes: Record<string, string> = {};
    for (const cardId of cardIds) {
      const card = await this.cards.get(accountId, client, cardId);
      const code = codeOf.get(cardId);
      const problem = code === undefined ? null : cardCodeProblem(code);
      if (problem) throw new AppError('invalid_argument', { en: `code of ${cardId}: ${CARD_CODE_PROBLEM_TEXT[problem].en}.`, 'zh-CN': `${cardId} 的 code:${CARD_CODE_PROBLEM_TEXT[problem]['zh-CN']}。` });
      if (code === undefined && card.useCustomCode && card.codeMode !== DEPOSIT_CODE_MODE) {
        throw new AppError('invalid_argument', { en: `Card ${cardId} uses custom codes: give the code this label's card carries.`, 'zh-CN': `卡券 ${cardId} 使用自定义 code:请填写此标签对应卡券的 code。` });
      }
      if (code !== undefined && !card.useCustomCode) {
        throw new AppError('invalid_argument', { en: `Card ${cardId} has no custom codes: leave its code empty (WeChat gives one).`, 'zh-CN': `卡券 ${cardId} 未使用自定义 code:请不填 code(由微信生成)。` });
      }
      if (code !== undefined) cardCodes[cardId] = code;
    }
    const keystr = cardIds.join('+');
    const serial = this.repo.countIn(accountId, MULTIPLE_CARD_SPACE, keystr) + 1;
    const options = Object.fromEntries(
      Object.entries({ ...input.options, cards: cardIds, cardCodes: Object.keys(cardCodes).length ? cardCodes : undefined }).filter(([, v]) => v !== undefined && v !== '' && v !== false),
    );
    const batch = { accountId, kind: 'card' as const, test: false, name: batchName(input.name, () => this.defaultName({ en: `${cardIds.length} cards ${stamp()}`, 'zh-CN': `${cardIds.length} 张卡券 ${stamp()}` })), keystandard: MULTIPLE_CARD_SPACE, keystr, qrcodeSizePx: 0, source: { kind: 'multipleCard' }, options };
    const id = await this.repo.createPlan(batch, [{ extinfo: `shelf-${serial}`, line: 1 }], new PlanCheck(CARD_CODE_RULE), codeSourceOf(batch));
    return this.repo.get(id);
  }

  /**
   * Plans a landing page of cards (banner, title, cards, scene) as a one-code card batch: issuing
   * it creates the page, and its url is the code to print (page-N in the log).
   */
  async planLandingPage(accountId: string, client: WechatClient, input: { name?: string; page: NonNullable<CardQrOptions['landingPage']> }): Promise<BatchRow> {
    const page = input.page;
    const problems: LocalizedText[] = [];
    if (!/^https?:\/\/\S+$/.test(page.banner)) problems.push({ en: 'banner: the http(s) URL of the banner image.', 'zh-CN': 'banner:横幅图片的 http(s) 网址。' });
    if (!page.page_title.trim() || page.page_title.length > 64) problems.push({ en: 'page_title: 1 to 64 characters.', 'zh-CN': 'page_title:1 到 64 个字符。' });
    if (!(LANDING_SCENES as readonly string[]).includes(page.scene)) problems.push({ en: `scene: one of ${LANDING_SCENES.join(', ')}.`, 'zh-CN': `scene:须为 ${LANDING_SCENES.join('、')} 之一。` });
    if (!page.card_list.length) problems.push({ en: 'cards: at least one card, each with its thumbnail URL.', 'zh-CN': '卡券:至少一张,每张都要有缩略图网址。' });
    for (const item of page.card_list) {
      const idProblem = cardIdProblem(item.card_id);
      if (idProblem) problems.push(idProblem);
      const thumbProblem = thumbUrlProblem(item.card_id, item.thumb_url);
      if (thumbProblem) problems.push(thumbProblem);
    }
    if (problems.length) throw new AppError('invalid_argument', { en: problems.map((p) => p.en).join('\n'), 'zh-CN': problems.map((p) => p['zh-CN']).join('\n') });
    for (const item of page.card_list) await client.card.depositCount(item.card_id);
    const serial = this.repo.countIn(accountId, LANDING_SPACE, 'landing') + 1;
    const batch = { accountId, kind: 'card' as const, test: false, name: batchName(input.name, () => this.defaultName({ en: `Landing page ${page.page_title}`, 'zh-CN': `卡券落地页 ${page.page_title}` })), keystandard: LANDING_SPACE, keystr: 'landing', qrcodeSizePx: 0, source: { kind: 'landingPage' }, options: { landingPage: page } };
    const id = await this.repo.createPlan(batch, [{ extinfo: `page-${serial}`, line: 1 }], new PlanCheck(CARD_CODE_RULE), codeSourceOf(batch));
    return this.repo.get(id);
  }

  /**
   * Compares a card's deposited codes in the log with WeChat's: getdepositcount against the
   * count, and checkcode (100 a call) on every code the log holds as deposited. Recorded in the audit.
   */
  async reconcileDeposit(accountId: string, client: WechatClient, cardId: string): Promise<DepositReconciliation> {
    const logged = this.repo.depositedCodes(accountId, cardId);
    const wechatCount = await client.card.depositCount(cardId);
    const parts: string[][] = [];
    for (let i = 0; i < logged.length; i += DEPOSIT_PER_CALL) parts.push(logged.slice(i, i + DEPOSIT_PER_CALL));
    // A few checkcode calls in flight, their answers kept in the log's order.
    const notFound: string[][] = new Array(parts.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(RECONCILE_IN_FLIGHT, parts.length) }, async () => {
        while (next < parts.length) {
          const index = next++;
          notFound[index] = (await client.card.checkCodes(cardId, parts[index]!)).notExist;
        }
      }),
    );
    const missing = notFound.flat();
    const result = { cardId, wechatCount, loggedCount: logged.length, missing, matches: missing.length === 0 && wechatCount === logged.length };
    this.actions.note(accountId, 'reconcileDeposit', cardId, { ...result, missing: missing.slice(0, 100) });
    return result;
  }
}
