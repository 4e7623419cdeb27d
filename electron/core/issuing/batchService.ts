import type { BatchView } from '../../../shared/contract';
import type { ActionLog } from '../audit/actionLog';
import { AppError } from '../appError';
import type { Log } from '../log/logFile';
import type { Db } from '../store/openStore';
import type { WechatClient } from '../wechat/wechatClient';
import { isProductKeyStandard, productKeyProblem } from '../../../shared/issuing/productKey';
import { checkExtinfo, QRCODE_SIZE_MAX_PX, QRCODE_SIZE_MIN_PX } from '../wechat/requestChecks';
import { JUMP_SPACE, JUMP_TEST_SPACE, prefixProblem } from '../../../shared/jump/jumpRule';
import { expandPattern, PlanCheck, readExtinfoFile, type CodeRule, type ExtinfoSource, type PlannedExtinfo } from './batchPlan';
import { CARD_CODE_PROBLEM_TEXT, CARD_QR_DEFAULT_VALIDITY_S, CARD_SPACE, cardCodeProblem, cardIdProblem, DEPOSIT_SPACE, expireSecondsProblem, LANDING_SPACE, MULTIPLE_CARD_MAX, MULTIPLE_CARD_SPACE, cardCodesExpire } from '../../../shared/cards/cardCode';
import { LANDING_SCENES } from '../wechat/cardApi';
import type { LocalizedText } from '../../../shared/text';
import { BatchOwners } from './batchOwners';
import { BatchRepo, type BatchRow } from './batchRepo';
import { jumpSerialRule, testLinkSerials } from './jumpPlan';
import { codeSourceOf, DEPOSIT_PER_CALL, type CardQrOptions } from './codeSources';
import { ruleFor } from '../jump/jumpRuleService';
import { IssueEngine, type BatchProgress, type RunOptions } from './issueEngine';

export interface PlanInput {
  product: { keystandard: string; keystr: string };
  qrcodeSizePx: number;
  name?: string;
  source: ExtinfoSource;
}

export interface JumpPlanInput {
  prefix: string;
  name?: string;
  /** Serials from a pattern or a file; 'testLinks' prints the rule's own test links, marked as tests. */
  source: ExtinfoSource | { kind: 'testLinks' };
}

/** checkcode calls in flight while a deposit is reconciled. */
const RECONCILE_IN_FLIGHT = 8;
const stamp = () => new Date().toISOString().slice(0, 16).replace('T', ' ');

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

function plannedValues(source: ExtinfoSource): Iterable<PlannedExtinfo> | AsyncIterable<PlannedExtinfo> {
  return source.kind === 'pattern'
    ? expandPattern(source.pattern, source.start, source.count, source.step)
    : readExtinfoFile(source.fileName, source.kind === 'file' ? source.content : source.input, source.column);
}

/** How the values were made, for the batch's record (never a file's content). */
function sourceRecord(source: ExtinfoSource): Record<string, unknown> {
  return source.kind === 'pattern' ? source : { kind: 'file', fileName: source.fileName, column: source.column ?? null };
}

export interface CardPlanInput {
  cardId: string;
  name?: string;
  source: ExtinfoSource;
}

/** Batches as the user works with them: plan (checked, then stored whole), issue, pause, cancel. */
export class BatchService {
  readonly repo: BatchRepo;
  readonly engine: IssueEngine;
  private readonly owners: BatchOwners;
  private readonly log: Log;

  constructor(
    db: Db,
    clientFor: (accountId: string) => Promise<WechatClient>,
    onProgress: (progress: BatchProgress) => void,
    log: Log,
    private readonly actions: ActionLog,
  ) {
    this.repo = new BatchRepo(db);
    this.owners = new BatchOwners(db);
    this.engine = new IssueEngine(this.repo, this.owners, clientFor, onProgress, log);
    this.log = log;
  }

  /** Checks the product key, the size and every extinfo, then writes the whole plan, or nothing. */
  async plan(accountId: string, input: PlanInput): Promise<BatchRow> {
    const keyProblem = productKeyProblem(input.product);
    if (keyProblem) throw new AppError('invalid_argument', keyProblem);
    if (!Number.isInteger(input.qrcodeSizePx) || input.qrcodeSizePx < QRCODE_SIZE_MIN_PX || input.qrcodeSizePx > QRCODE_SIZE_MAX_PX) {
      throw new AppError('invalid_argument', {
        en: `qrcode_size (--size) is a whole number of pixels from ${QRCODE_SIZE_MIN_PX} to ${QRCODE_SIZE_MAX_PX} (got ${String(input.qrcodeSizePx).slice(0, 20)}).`,
        'zh-CN': `qrcode_size(--size)须为 ${QRCODE_SIZE_MIN_PX} 到 ${QRCODE_SIZE_MAX_PX} 之间的整数像素(收到 ${String(input.qrcodeSizePx).slice(0, 20)})。`,
      });
    }
    const source = input.source;
    const name = input.name?.trim() || `${input.product.keystr} ${stamp()}`;
    const batch = { accountId, kind: 'product' as const, test: false, name, ...input.product, qrcodeSizePx: input.qrcodeSizePx, source: sourceRecord(source), options: {} };
    const id = await this.repo.createPlan(batch, plannedValues(source), new PlanCheck(), codeSourceOf(batch));
    return this.repo.get(id);
  }

  /**
   * Plans Mini Program jump codes (prefix + serial) under a rule the account has published — one
   * rule list call — with the same checks and the same "stored whole, or nothing" as product
   * batches; with nothing to call per code, the codes are written with the plan (the batch is
   * stored done). Serials are unique per prefix across the log. An unpublished rule can only print
   * its test links, as a test batch.
   */
  async planJump(accountId: string, client: WechatClient, input: JumpPlanInput): Promise<BatchRow> {
    const prefix = input.prefix.trim();
    const problem = prefixProblem(prefix);
    if (problem) throw new AppError('invalid_argument', problem);
    const listed = await client.qrJump.list();
    const rule = ruleFor(listed.rules, prefix);
    const test = input.source.kind === 'testLinks';
    if (!rule.published && !test) {
      throw new AppError('conflict', {
        en: `The rule for ${prefix} is not published: a scan of its codes would not open the Mini Program. Publish it on the Rules screen (qrpack jump-rule publish), or print its test links as a test batch.`,
        'zh-CN': `前缀 ${prefix} 的规则尚未发布:扫码不会打开小程序。请先在“规则”页发布(qrpack jump-rule publish),或把它的测试链接印成测试批次。`,
      });
    }
    const source = input.source;
    const planned: Iterable<PlannedExtinfo> | AsyncIterable<PlannedExtinfo> = source.kind === 'testLinks' ? testLinkSerials(rule) : plannedValues(source);
    const name = input.name?.trim() || `${new URL(prefix).host}${new URL(prefix).pathname} ${test ? 'test ' : ''}${stamp()}`;
    const batch = {
      accountId,
      kind: 'jump' as const,
      test,
      name,
      keystandard: test ? JUMP_TEST_SPACE : JUMP_SPACE,
      keystr: prefix,
      qrcodeSizePx: 0,
      source: source.kind === 'testLinks' ? { kind: 'testLinks' } : sourceRecord(source),
      options: {},
    };
    const id = await this.repo.createPlan(batch, planned, new PlanCheck(jumpSerialRule(prefix, listed.rules, test)), codeSourceOf(batch));
    return this.repo.get(id);
  }

  /**
   * Plans a deposit of a card's custom codes (seed 002): checked like any plan (characters, length
   * ≤ 128, duplicates, codes already deposited for the card by any batch of the log), stored whole,
   * then sent by the issue engine 100 a call, each answer stored as it arrives. One call first
   * proves the card exists. Asked again for the same card and source, it answers the earlier
   * deposit of them (to be resumed, or done) instead.
   */
  async planDeposit(accountId: string, client: WechatClient, input: CardPlanInput): Promise<BatchRow> {
    const cardId = checkedCardId(input.cardId);
    // The same deposit asked for again (after a kill) is the earlier one, to finish, not a new plan.
    const earlier = this.repo.sameSource(accountId, 'deposit', cardId, sourceRecord(input.source));
    if (earlier) return earlier;
    await client.card.depositCount(cardId);
    const batch = { accountId, kind: 'deposit' as const, test: false, name: input.name?.trim() || `deposit ${cardId.slice(0, 10)}… ${stamp()}`, keystandard: DEPOSIT_SPACE, keystr: cardId, qrcodeSizePx: 0, source: sourceRecord(input.source), options: {} };
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
    if (input.options.outerStr !== undefined && !/^[\x21-\x7e]{0,64}$/.test(input.options.outerStr)) {
      throw new AppError('invalid_argument', { en: 'outer_str: at most 64 printable ASCII characters, no spaces.', 'zh-CN': 'outer_str:最多 64 个可打印 ASCII 字符,不含空格。' });
    }
    const depositMode = this.repo.hasDepositedCodes(accountId, cardId);
    // A card with deposits in the log exists; any other is asked about once before anything is stored.
    if (!depositMode) await client.card.depositCount(cardId);
    const options = Object.fromEntries(Object.entries(input.options).filter(([, v]) => v !== undefined && v !== '' && v !== false));
    const batch = { accountId, kind: 'card' as const, test: false, name: input.name?.trim() || `card ${cardId.slice(0, 10)}… ${stamp()}`, keystandard: CARD_SPACE, keystr: cardId, qrcodeSizePx: 0, source: sourceRecord(input.source), options };
    const deposited = depositMode ? { keystandard: DEPOSIT_SPACE, keystr: cardId } : undefined;
    const id = await this.repo.createPlan(batch, plannedValues(input.source), new PlanCheck(CARD_CODE_RULE), codeSourceOf(batch), deposited);
    return this.repo.get(id);
  }

  /**
   * Plans one QR_MULTIPLE_CARD code (2–5 cards) for a shelf or display label: each card asked
   * about once, then a one-code card batch whose code is named shelf-N (N counts such codes of
   * the same cards in the log).
   */
  async planMultipleCardQr(accountId: string, client: WechatClient, input: { cardIds: string[]; name?: string; options: Omit<CardQrOptions, 'cards'> }): Promise<BatchRow> {
    const cardIds = [...new Set(input.cardIds.map(checkedCardId))];
    if (cardIds.length < 2 || cardIds.length > MULTIPLE_CARD_MAX) {
      throw new AppError('invalid_argument', {
        en: `A multiple-card code holds 2 to ${MULTIPLE_CARD_MAX} different cards (--card-id given ${cardIds.length} time(s)).`,
        'zh-CN': `多卡券二维码须包含 2 到 ${MULTIPLE_CARD_MAX} 张不同的卡券(--card-id 给出了 ${cardIds.length} 次)。`,
      });
    }
    const expiry = expireSecondsProblem(input.options.expireSeconds);
    if (expiry) throw new AppError('invalid_argument', expiry);
    for (const cardId of cardIds) await client.card.depositCount(cardId);
    const keystr = cardIds.join('+');
    const serial = this.repo.countIn(accountId, MULTIPLE_CARD_SPACE, keystr) + 1;
    const options = Object.fromEntries(Object.entries({ ...input.options, cards: cardIds }).filter(([, v]) => v !== undefined && v !== '' && v !== false));
    const batch = { accountId, kind: 'card' as const, test: false, name: input.name?.trim() || `${cardIds.length} cards ${stamp()}`, keystandard: MULTIPLE_CARD_SPACE, keystr, qrcodeSizePx: 0, source: { kind: 'multipleCard' }, options };
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
      if (!/^https?:\/\/\S+$/.test(item.thumb_url)) problems.push({ en: `thumb_url of ${item.card_id}: an http(s) URL.`, 'zh-CN': `${item.card_id} 的 thumb_url:须为 http(s) 网址。` });
    }
    if (problems.length) throw new AppError('invalid_argument', { en: problems.map((p) => p.en).join('\n'), 'zh-CN': problems.map((p) => p['zh-CN']).join('\n') });
    for (const item of page.card_list) await client.card.depositCount(item.card_id);
    const serial = this.repo.countIn(accountId, LANDING_SPACE, 'landing') + 1;
    const batch = { accountId, kind: 'card' as const, test: false, name: input.name?.trim() || `landing page ${page.page_title}`, keystandard: LANDING_SPACE, keystr: 'landing', qrcodeSizePx: 0, source: { kind: 'landingPage' }, options: { landingPage: page } };
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

  /**
   * Claims the batch for this process (refused, naming the holder, while another process or an
   * earlier start issues it), then issues in the background; the UI follows batchProgress events.
   */
  start(id: number, options: RunOptions): BatchRow {
    this.engine.claim(id);
    this.engine.issueClaimed(id, options).catch((error: unknown) => {
      // The batch row already says how it ended when it could be written; the log keeps the rest.
      this.log.write('error', `batch ${id} ended with an error`, error);
    });
    return this.repo.get(id);
  }

  /** Issues and waits for the end (the CLI). */
  run(id: number, options: RunOptions = {}): Promise<BatchRow> {
    return this.engine.run(id, options);
  }

  /** Pauses wherever the batch is issued (another process pauses on its next progress tick). */
  pause(id: number): BatchRow {
    this.engine.pause(id);
    return this.repo.get(id);
  }

  /** Cancels wherever the batch is issued; here, waits until it is cancelled. */
  async cancel(id: number): Promise<BatchRow> {
    await this.engine.cancel(id);
    return this.repo.get(id);
  }

  view(batch: BatchRow): BatchView {
    const owner = this.owners.liveOwner(batch.id);
    return {
      ...batch,
      validityS: batch.kind === 'card' && cardCodesExpire(batch.keystandard) ? ((batch.options as CardQrOptions).expireSeconds ?? CARD_QR_DEFAULT_VALIDITY_S) : null,
      active: owner !== null,
      owner: owner && { pid: owner.pid, elsewhere: !this.owners.isThisProcess(owner), requested: owner.request },
    };
  }

  /** Clears a logged code's scan record on WeChat's side; recorded in the audit either way. */
  async clearScanRecord(accountId: string, client: WechatClient, key: { keystandard: string; keystr: string }, extinfo: string) {
    if (!isProductKeyStandard(key.keystandard)) {
      throw new AppError('invalid_argument', {
        en: 'Only product codes have a scan record to clear (not Mini Program or card codes).',
        'zh-CN': '只有商品码有可清除的扫码记录(小程序码和卡券码没有)。',
      });
    }
    checkExtinfo(extinfo, '/scan/scanticket/check');
    if (!this.repo.findCode(accountId, key.keystandard, key.keystr, extinfo)) {
      throw new AppError('not_found', {
        en: `${key.keystandard}:${key.keystr} / ${extinfo} is not in this account's log.`,
        'zh-CN': `此账号的日志中没有 ${key.keystandard}:${key.keystr} / ${extinfo}。`,
      });
    }
    const target = `${key.keystandard}:${key.keystr}/${extinfo}`;
    await this.actions.audited(accountId, 'clearScanRecord', target, { ...key, extinfo }, () => client.scan.clearScanRecord(key, extinfo));
    return this.actions.list({ accountId, limit: 1 })[0]!;
  }
}
