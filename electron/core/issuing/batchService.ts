import type { BatchView } from '../../../shared/contract';
import type { ActionLog } from '../audit/actionLog';
import { AppError } from '../appError';
import { isStorageError } from '../store/storageError';
import type { Log } from '../log/logFile';
import type { Db } from '../store/openStore';
import type { WechatClient } from '../wechat/wechatClient';
import { batchName } from '../../../shared/issuing/batchName';
import { isProductKeyStandard, productKeyProblem } from '../../../shared/issuing/productKey';
import { checkExtinfo, QRCODE_SIZE_MAX_PX, QRCODE_SIZE_MIN_PX } from '../wechat/requestChecks';
import { JUMP_SPACE, JUMP_TEST_SPACE, prefixProblem } from '../../../shared/jump/jumpRule';
import { PlanCheck, plannedValues, sourceRecord, stamp, type ExtinfoSource, type PlannedExtinfo, type Widest } from './batchPlan';
import type { Template } from '../../../shared/sheets/templateSchema';
import type { LabelFields } from '../sheets/design/labelLayout';
import { productCodeStandIn } from '../sheets/design/designCheck';
import { CARD_QR_DEFAULT_VALIDITY_S, cardCodesExpire } from '../../../shared/cards/cardCode';
import { BatchOwners, type ClaimOptions } from './batchOwners';
import { BatchRepo, type BatchRow } from './batchRepo';
import { gs1OptionsFor, gs1SerialRule, jumpSerialRule, testLinkSerials, type Gs1Request } from './jumpPlan';
import { gs1UriMaker, type Gs1Options } from '../../../shared/jump/gs1DigitalLink';
import { codeSourceOf, type CardQrOptions } from './codeSources';
import { ruleFor } from '../jump/jumpRuleService';
import { IssueEngine, type BatchProgress, type RunOptions } from './issueEngine';

export interface PlanInput {
  product: { keystandard: string; keystr: string };
  qrcodeSizePx: number;
  name?: string;
  source: ExtinfoSource;
  /** The design the batch will be printed with: checked with its real values before anything is stored. */
  design?: Template;
  /** A tester sheet: its codes are for the brand's testers and are never activated (never answer real). */
  tester?: boolean;
}

export interface JumpPlanInput {
  prefix: string;
  name?: string;
  /** Serials from a pattern or a file; 'testLinks' prints the rule's own test links, marked as tests. */
  source: ExtinfoSource | { kind: 'testLinks' };
  design?: Template;
  /** GS1 Digital Link codes: the prefix ends at the GTIN, each serial is AI 21 (with lot and expiry). */
  gs1?: Gs1Request;
}

/** The product page's fields a label can print (null when the page could not be read). */
export type ProductPage = { title: string; product: Record<string, string> } | null;

/** Checks a design against one label of the batch at its widest (sheets/designCheck). */
export type DesignCheck = (template: Template, sample: { fields: LabelFields; content: string }) => void;

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
    /** Reads the product page into the local cache when a product batch is planned (for its labels); gives its fields. */
    private readonly cacheProduct: (accountId: string, key: { keystandard: string; keystr: string }) => Promise<ProductPage> = async () => null,
    private readonly checkDesign?: DesignCheck,
  ) {
    this.repo = new BatchRepo(db);
    this.owners = new BatchOwners(db);
    this.engine = new IssueEngine(this.repo, this.owners, clientFor, onProgress, log);
    this.log = log;
  }

  /** Checks the product key, the size and every extinfo, then writes the whole plan, or nothing. */
  async plan(accountId: string, input: PlanInput): Promise<BatchRow> {
    const keyProblem = productKeyProblem(input.product);
    if (keyProblem) throw new AppError('invalid_argument', keyProblem, { fields: [{ field: 'product', message: keyProblem }] });
    if (!Number.isInteger(input.qrcodeSizePx) || input.qrcodeSizePx < QRCODE_SIZE_MIN_PX || input.qrcodeSizePx > QRCODE_SIZE_MAX_PX) {
      throw new AppError('invalid_argument', {
        en: `qrcode_size (--size) is a whole number of pixels from ${QRCODE_SIZE_MIN_PX} to ${QRCODE_SIZE_MAX_PX} (got ${String(input.qrcodeSizePx).slice(0, 20)}).`,
        'zh-CN': `qrcode_size(--size)须为 ${QRCODE_SIZE_MIN_PX} 到 ${QRCODE_SIZE_MAX_PX} 之间的整数像素(收到 ${String(input.qrcodeSizePx).slice(0, 20)})。`,
      });
    }
    const source = input.source;
    // The labels print the product's own fields, offline at export: read them now, while online
    // (a read, nothing issued). A failure costs nothing but those fields (the export says so).
    // A log that cannot be written (a read-only data folder) stops here, as storing the plan would.
    const page = await this.cacheProduct(accountId, input.product).catch((error: unknown): ProductPage => {
      if (isStorageError(error)) throw error;
      this.log.write('warn', 'product page not cached at plan', error);
      return null;
    });
    // Named as a person would: the product's title (or key) and when.
    const name = batchName(input.name, () => `${page?.title.trim() || input.product.keystr} ${stamp()}`);
    const batch = { accountId, kind: 'product' as const, test: input.tester === true, name, ...input.product, qrcodeSizePx: input.qrcodeSizePx, source: sourceRecord(source), options: {} };
    const design = this.designCheck(input.design, { keystr: input.product.keystr, name, page }, productCodeStandIn);
    const id = await this.repo.createPlan(batch, plannedValues(source), new PlanCheck(undefined, design), codeSourceOf(batch));
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
    const test = input.source.kind === 'testLinks';
    if (input.gs1 && test) {
      throw new AppError('invalid_argument', {
        en: "GS1 Digital Link codes are made from serials (a pattern or a file); a rule's test links are printed as they are.",
        'zh-CN': 'GS1 数字链接码由序列号(规则或文件)生成;规则自带的测试链接按原样打印。',
      });
    }
    // Checked before the rule list is read: a wrong GTIN or lot is the user's to fix, whatever WeChat holds.
    const gs1 = input.gs1 ? gs1OptionsFor(prefix, input.gs1) : undefined;
    const listed = await client.qrJump.list();
    const rule = ruleFor(listed.rules, prefix);
    if (!rule.published && !test) {
      throw new AppError('conflict', {
        en: `The rule for ${prefix} is not published: a scan of its codes would not open the Mini Program. Publish it on the Rules screen (qrpack jump-rule publish), or print its test links as a test batch.`,
        'zh-CN': `前缀 ${prefix} 的规则尚未发布:扫码不会打开小程序。请先在“规则”页发布(qrpack jump-rule publish),或把它的测试链接印成测试批次。`,
      });
    }
    const source = input.source;
    const planned: Iterable<PlannedExtinfo> | AsyncIterable<PlannedExtinfo> = source.kind === 'testLinks' ? testLinkSerials(rule) : plannedValues(source);
    const name = batchName(input.name, () => `${new URL(prefix).host}${new URL(prefix).pathname} ${test ? 'test ' : ''}${stamp()}`);
    const batch = {
      accountId,
      kind: 'jump' as const,
      test,
      name,
      keystandard: test ? JUMP_TEST_SPACE : JUMP_SPACE,
      keystr: prefix,
      qrcodeSizePx: 0,
      source: source.kind === 'testLinks' ? { kind: 'testLinks' } : sourceRecord(source),
      options: gs1 ? { gs1 } : {},
    };
    const contentOf = gs1 ? gs1UriMaker(prefix, gs1) : (serial: string) => prefix + serial;
    const design = this.designCheck(input.design, { keystr: prefix, name, page: null, gs1 }, contentOf);
    const serialRule = gs1 ? gs1SerialRule(prefix, listed.rules, gs1) : jumpSerialRule(prefix, listed.rules, test);
    const id = await this.repo.createPlan(batch, planned, new PlanCheck(serialRule, design), codeSourceOf(batch));
    return this.repo.get(id);
  }

  /**
   * The plan's design check: one label at the batch's widest — its longest value, longest CSV row,
   * largest position — with its product page, drawn with the design, before the plan is stored.
   */
  designCheck(template: Template | undefined, batch: { keystr: string; name: string; page: ProductPage; gs1?: Gs1Options }, contentOf: (value: string) => string) {
    const check = this.checkDesign;
    if (!template || !check) return undefined;
    return (widest: Widest, count: number) =>
      check(template, {
        fields: {
          extinfo: widest.extinfo,
          seq: count,
          keystr: batch.keystr,
          title: batch.page?.title ?? '',
          batch: batch.name,
          date: new Date().toISOString().slice(0, 10),
          product: batch.page?.product ?? {},
          columns: widest.data ? (JSON.parse(widest.data) as Record<string, string>) : undefined,
          gs1: batch.gs1,
        },
        content: contentOf(widest.extinfo),
      });
  }

  /**
   * Claims the batch for this process (refused, naming the holder, while another process or an
   * earlier start issues it), then issues in the background; the UI follows batchProgress events.
   */
  async start(id: number, options: RunOptions): Promise<BatchRow> {
    await this.engine.claim(id);
    this.engine.issueClaimed(id, options).catch((error: unknown) => {
      // The batch row already says how it ended when it could be written; the log keeps the rest.
      this.log.write('error', `batch ${id} ended with an error`, error);
    });
    return this.repo.get(id);
  }

  /** Issues and waits for the end (the CLI). */
  run(id: number, options: RunOptions & ClaimOptions = {}): Promise<BatchRow> {
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
    const ends = this.repo.firstAndLastExtinfo(batch.id, batch.codeCount);
    return {
      ...batch,
      ...ends,
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
