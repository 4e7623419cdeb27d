import { cardIdProblem, DEPOSIT_CODE_MODE, previewTargetProblem, type PreviewTarget } from '../../../shared/cards/cardCode';
import type { ActionLog } from '../audit/actionLog';
import { AppError } from '../appError';
import type { Db } from '../store/openStore';
import type { CardInfo } from '../wechat/cardApi';
import type { WechatClient } from '../wechat/wechatClient';
import { counted } from '../../../shared/text';

/** card/get calls in flight while the account's cards are listed. */
const GET_IN_FLIGHT = 4;

interface CardDbRow {
  card_id: string;
  card_type: string;
  title: string;
  status: string;
  use_custom_code: 0 | 1;
  code_mode: string | null;
  stock: number;
}

const fromRow = (row: CardDbRow): CardInfo => ({
  cardId: row.card_id,
  cardType: row.card_type,
  title: row.title,
  status: row.status,
  useCustomCode: row.use_custom_code === 1,
  codeMode: row.code_mode,
  stock: row.stock,
});

/** How far the stock is from the codes deposited: the change that makes every deposited code claimable. */
export interface StockPlan {
  cardId: string;
  stock: number;
  deposited: number;
  change: { increase: number } | { reduce: number } | null;
}

function checkedCardId(cardId: string): string {
  const problem = cardIdProblem(cardId.trim());
  if (problem) throw new AppError('invalid_argument', problem);
  return cardId.trim();
}

const named = (card: CardInfo) => (card.title ? `${card.cardId} (${card.title})` : card.cardId);

/**
 * The account's cards on WeChat's side (seed 002 §4.1): read with card/batchget and card/get into a
 * local cache (as product pages are), their deposit mode set with card/update and their stock
 * moved with card/modifystock, and a card previewed on a tester's phone — every change audited.
 */
export class CardService {
  constructor(
    private readonly db: Db,
    private readonly actions: ActionLog,
  ) {}

  /**
   * Every card of the account (card/batchget), each read with card/get — all of them (`all`), or
   * only those this computer has not read yet (`new`: a form opening does not cost a call per
   * card). The cache then holds exactly the account's cards.
   */
  async list(accountId: string, client: WechatClient, read: 'all' | 'new' = 'all'): Promise<CardInfo[]> {
    const ids: string[] = [];
    for (let total = Infinity; ids.length < total; ) {
      const page = await client.card.batchGet(ids.length);
      total = page.total;
      if (!page.cardIds.length) break;
      ids.push(...page.cardIds);
    }
    const known = new Map(read === 'new' ? this.cached(accountId).map((card) => [card.cardId, card]) : []);
    const cards: CardInfo[] = ids.map((id) => known.get(id)!);
    const toRead = ids.flatMap((id, index) => (known.has(id) ? [] : [index]));
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(GET_IN_FLIGHT, toRead.length) }, async () => {
        while (next < toRead.length) {
          const index = toRead[next++]!;
          cards[index] = await client.card.get(ids[index]!);
        }
      }),
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM cards WHERE account_id = ?').run(accountId);
      for (const card of cards) this.remember(accountId, card);
    })();
    return cards;
  }

  /** The cards as last read on this computer (for forms before, or without, a fresh list). */
  cached(accountId: string): CardInfo[] {
    return this.db.prepare<[string], CardDbRow>('SELECT * FROM cards WHERE account_id = ? ORDER BY title, card_id').all(accountId).map(fromRow);
  }

  async get(accountId: string, client: WechatClient, cardId: string): Promise<CardInfo> {
    const card = await client.card.get(checkedCardId(cardId));
    this.remember(accountId, card);
    return card;
  }

  /**
   * Reads the card before a deposit and refuses what seed 002 §4.1.1 says WeChat refuses: a card
   * without custom codes, or one not in the deposit mode.
   */
  async checkDepositable(accountId: string, client: WechatClient, cardId: string): Promise<CardInfo> {
    const card = await this.get(accountId, client, cardId);
    if (!card.useCustomCode) {
      throw new AppError('invalid_argument', {
        en: `Card ${named(card)} does not use custom codes (use_custom_code is false): WeChat refuses deposits to it. Deposits are for a card created with use_custom_code and the deposit mode (seed 002 §4.1.1).`,
        'zh-CN': `卡券 ${named(card)} 未使用自定义 code(use_custom_code 为 false):微信不接受向它导入 code。导入 code 须用创建时带 use_custom_code 和预存模式的卡券(种子文档 002 §4.1.1)。`,
      });
    }
    if (card.codeMode !== DEPOSIT_CODE_MODE) {
      throw new AppError('invalid_argument', {
        en: `Card ${named(card)} is not in the deposit mode (get_custom_code_mode ${DEPOSIT_CODE_MODE}): WeChat refuses deposits to it. Set the mode first ("Set deposit mode" on the Batches screen, or qrpack card deposit-mode --card-id ${card.cardId}).`,
        'zh-CN': `卡券 ${named(card)} 不是预存 code 模式(get_custom_code_mode ${DEPOSIT_CODE_MODE}):微信不接受向它导入 code。请先设置该模式(批次页面的“设为预存模式”,或 qrpack card deposit-mode --card-id ${card.cardId})。`,
      });
    }
    return card;
  }

  /**
   * Puts an existing custom-code card in the deposit mode (card/update). WeChat refuses it while
   * the stock is above the codes deposited (seed 002 §4.1.1), so that is told before any change.
   */
  async setDepositMode(accountId: string, client: WechatClient, cardId: string): Promise<CardInfo> {
    const card = await this.get(accountId, client, cardId);
    if (card.codeMode === DEPOSIT_CODE_MODE) return card;
    if (!card.useCustomCode) {
      throw new AppError('invalid_argument', {
        en: `Card ${named(card)} does not use custom codes, so it cannot take the deposit mode; a card created with use_custom_code true can.`,
        'zh-CN': `卡券 ${named(card)} 未使用自定义 code,不能设为预存模式;创建时 use_custom_code 为 true 的卡券才可以。`,
      });
    }
    const deposited = await client.card.depositCount(card.cardId);
    if (card.stock > deposited) {
      throw new AppError('invalid_argument', {
        en: `Card ${named(card)} has a stock of ${card.stock} and ${counted(deposited, 'code')} deposited: WeChat refuses the deposit mode while the stock is higher. Reduce the stock to ${deposited} first (qrpack card stock --card-id ${card.cardId} --reduce ${card.stock - deposited}).`,
        'zh-CN': `卡券 ${named(card)} 库存为 ${card.stock},已导入 ${deposited} 个 code:库存高于已导入数时微信不接受预存模式。请先把库存减到 ${deposited}(qrpack card stock --card-id ${card.cardId} --reduce ${card.stock - deposited})。`,
      });
    }
    await this.actions.audited(accountId, 'setCardDepositMode', card.cardId, { card_id: card.cardId, get_custom_code_mode: DEPOSIT_CODE_MODE }, () =>
      client.card.setCodeMode(card.cardId, card.cardType, DEPOSIT_CODE_MODE),
    );
    return this.get(accountId, client, card.cardId);
  }

  /** The stock against the codes WeChat holds for the card, and the change that brings one to the other. */
  async stockPlan(accountId: string, client: WechatClient, cardId: string): Promise<StockPlan> {
    const card = await this.get(accountId, client, cardId);
    const deposited = await client.card.depositCount(card.cardId);
    const difference = deposited - card.stock;
    return { cardId: card.cardId, stock: card.stock, deposited, change: difference > 0 ? { increase: difference } : difference < 0 ? { reduce: -difference } : null };
  }

  /** card/modifystock: raises or lowers the stock by a whole number from 1; audited. */
  async modifyStock(accountId: string, client: WechatClient, cardId: string, change: { increase: number } | { reduce: number }): Promise<CardInfo> {
    const id = checkedCardId(cardId);
    const by = 'increase' in change ? change.increase : change.reduce;
    if (!Number.isSafeInteger(by) || by < 1 || by > 100_000_000) {
      throw new AppError('invalid_argument', {
        en: `The stock change is a whole number from 1 to 100000000 (got ${String(by).slice(0, 20)}).`,
        'zh-CN': `库存变化须为 1 到 100000000 之间的整数(收到 ${String(by).slice(0, 20)})。`,
      });
    }
    const request = { card_id: id, ...('increase' in change ? { increase_stock_value: by } : { reduce_stock_value: by }) };
    await this.actions.audited(accountId, 'modifyCardStock', id, request, () => client.card.modifyStock(id, change));
    return this.get(accountId, client, id);
  }

  /** Sends the card to one tester's WeChat (message/mass/preview, msgtype wxcard; seed 002 §4.6); audited. */
  async preview(accountId: string, client: WechatClient, cardId: string, target: PreviewTarget): Promise<{ msgId: string }> {
    const id = checkedCardId(cardId);
    const problem = previewTargetProblem(target);
    if (problem) throw new AppError('invalid_argument', problem);
    return this.actions.audited(accountId, 'previewCard', id, { card_id: id, ...target }, () => client.card.preview(id, target));
  }

  private remember(accountId: string, card: CardInfo): void {
    this.db
      .prepare(
        `INSERT INTO cards (account_id, card_id, card_type, title, status, use_custom_code, code_mode, stock, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(account_id, card_id) DO UPDATE SET card_type = excluded.card_type, title = excluded.title, status = excluded.status,
           use_custom_code = excluded.use_custom_code, code_mode = excluded.code_mode, stock = excluded.stock, fetched_at = excluded.fetched_at`,
      )
      .run(accountId, card.cardId, card.cardType, card.title, card.status, card.useCustomCode ? 1 : 0, card.codeMode, card.stock, new Date().toISOString());
  }
}
