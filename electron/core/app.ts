import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  contract,
  isMethodName,
  type Envelope,
  type EventName,
  type EventPayload,
  type MethodName,
  type Result,
  type Settings,
} from '../../shared/contract';
import { isKnownEndpoint } from '../../shared/account/accountDraft';
import { languageFromLocale, type Language } from '../../shared/text';
import { AccountRepo } from './accounts/accountRepo';
import { AccountService, SANDBOX_ACCOUNT_ID } from './accounts/accountService';
import { AppError, internalErrorText } from './appError';
import { requestProblems, type SchemaIssue } from './requestProblems';
import { storeFile } from './dataDir';
import { logFileOf, openLogFile, type Log } from './log/logFile';
import { Redactor } from './log/redactor';
import { SecretVault, type SecretCipher } from './secrets/secretVault';
import { SettingsRepo } from './settings/settingsRepo';
import { ActionLog } from './audit/actionLog';
import { BatchService } from './issuing/batchService';
import { JumpRuleService } from './jump/jumpRuleService';
import { CardTools } from './cards/cardTools';
import { CardBatches } from './cards/cardBatches';
import { CardService } from './cards/cardService';
import { LedgerSync } from './ledger/ledgerSync';
import { StationIdentity } from './ledger/stationIdentity';
import { Activation } from './verdicts/activation';
import { SUSPICIOUS_SCANNERS, VerdictLedger } from './verdicts/verdictLedger';
import { Rehearsal } from './verdicts/rehearsal';
import type { LandingScene } from './wechat/cardApi';
import { ProductService } from './products/productService';
import { PrintService } from './printing/printService';
import { ExportService } from './sheets/export/exportService';
import { PicCache } from './sheets/writers/raster/picCache';
import { TemplateStore } from './sheets/design/templateStore';
import { BUILT_IN_STOCKS, findStock } from './sheets/design/stocks';
import { defaultTemplate, resolveStock } from './sheets/design/template';
import { placeElement } from './sheets/design/newElements';
import { carryToStock } from './sheets/design/carryToStock';
import { withGs1Line } from './sheets/design/gs1Design';
import { checkDesignFor } from './sheets/design/designCheck';
import { saveLogo } from './sheets/design/logoFiles';
import { AccountClients, type SandboxStarter } from './wechat/accountClients';
import type { WechatClient } from './wechat/wechatClient';
import { openStore, schemaVersion, type Db } from './store/openStore';
import { DownloadGrants } from './files/downloadGrants';
import { PathGrants } from './files/pathGrants';
import { existingFiles } from './files/outputFiles';

export interface AppOptions {
  dataDir: string;
  version: string;
  /** The OS locale, for the default language. */
  systemLocale: string;
  /** The OS keychain in the app; null where there is none (then secrets cannot be stored). */
  cipher: SecretCipher | null;
  /** A better-sqlite3 binary for this runtime, when it is not the one in node_modules. */
  nativeBinding?: string;
  /** Starts the sandbox that stands in for WeChat for the sandbox account. */
  startSandbox?: SandboxStarter;
  /** What only the desktop shell can do (main supplies it; absent in the browser transport). */
  desktop?: {
    showItemInFolder(file: string): void;
    /** Opens a file with the system's default application. */
    openFile(file: string): Promise<void>;
    /** The system's save dialog; resolves to the chosen path, or null when cancelled. */
    chooseSaveFile(defaultPath: string, extension: string): Promise<string | null>;
    /** The system's print dialog for a PDF. */
    printFile(file: string): Promise<void>;
  };
}

type Handlers = {
  [M in MethodName]: (args: z.output<(typeof contract)[M]['args']>) => Result<M> | Promise<Result<M>>;
};

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * Operations that change nothing and send nothing: left out of the log file, which keeps what was
 * done (and what was refused or failed) for the print shop and its support — not every screen's reads.
 */
const READS = new Set<MethodName>([
  'getAppInfo', 'getSettings', 'listAccounts', 'listCards', 'getCard', 'cardStockPlan', 'getCardMpnews', 'listJumpRules', 'getJumpVerificationFile',
  'listBatches', 'listCodes', 'listActions', 'listProducts', 'getProduct', 'checkTicket', 'listStocks', 'defaultTemplate', 'previewSheet', 'labelFields',
  'listExports', 'listVerdicts', 'scanStats', 'getRehearsal', 'listCardClaims', 'listPrinters', 'getTestWhitelist', 'listTemplates', 'chooseExportFile',
]);
/** What a log line says about an action: which batch, card, product, file or printer — never a secret or a file's content. */
const FACT_ARGS = ['id', 'batchId', 'cardId', 'keystandard', 'keystr', 'prefix', 'out', 'format', 'file', 'printer', 'copies', 'pages', 'undo', 'range', 'status', 'name'];
const FACT_RESULTS = ['id', 'state', 'codeCount', 'labels', 'pages', 'manifest', 'changed', 'matches', 'jobId'];
function actionFacts(args: unknown, value: unknown): Record<string, unknown> {
  const pick = (from: unknown, keys: string[]) => {
    if (!from || typeof from !== 'object' || Array.isArray(from)) return {};
    const record = from as Record<string, unknown>;
    return Object.fromEntries(keys.filter((k) => record[k] !== undefined).map((k) => [k, record[k]]));
  };
  const files = (value as { files?: { file: string }[] } | undefined)?.files;
  return { ...pick(args, FACT_ARGS), ...pick(value, FACT_RESULTS), ...(Array.isArray(files) ? { files: files.map((f) => f.file) } : {}) };
}

/** The service: every operation of shared/contract, over the store, the vault and (later) WeChat. */
export class QrPackApp {
  readonly dataDir: string;
  readonly db: Db;
  readonly log: Log;
  readonly redactor = new Redactor();
  readonly accounts: AccountService;
  private readonly vault: SecretVault;
  readonly actions: ActionLog;
  readonly batches: BatchService;
  readonly jumpRules: JumpRuleService;
  readonly cardTools: CardTools;
  readonly cardBatches: CardBatches;
  readonly cards: CardService;
  readonly verdicts: VerdictLedger;
  readonly activation: Activation;
  readonly rehearsal: Rehearsal;
  readonly ledger: LedgerSync;
  readonly products: ProductService;
  readonly exports: ExportService;
  readonly printing: PrintService;
  readonly templates: TemplateStore;
  private readonly clients: AccountClients;
  private readonly settings: SettingsRepo;
  private readonly events = new EventEmitter();
  private readonly handlers: Handlers;
  /** Where the renderer may have files written and read: never a path it merely names. */
  private readonly grants: PathGrants;
  /** Links the browser transport serves an export through (to print it in the browser's viewer). */
  readonly downloads = new DownloadGrants();

  constructor(private readonly options: AppOptions) {
    this.dataDir = options.dataDir;
    this.db = openStore({ file: storeFile(options.dataDir), nativeBinding: options.nativeBinding });
    this.log = openLogFile(options.dataDir, this.redactor);
    this.settings = new SettingsRepo(this.db);
    const vault = (this.vault = new SecretVault(options.dataDir, options.cipher, this.redactor));
    this.accounts = new AccountService(new AccountRepo(this.db), vault);
    this.clients = new AccountClients(vault, this.redactor, options.startSandbox);
    this.actions = new ActionLog(this.db);
    this.products = new ProductService(this.db, this.actions);
    this.jumpRules = new JumpRuleService(this.actions);
    this.cardTools = new CardTools(this.actions);
    this.cards = new CardService(this.db, this.actions);
    this.batches = new BatchService(
      this.db,
      (accountId) => this.wechatFor(accountId),
      (progress) => this.emit('batchProgress', progress),
      this.log,
      this.actions,
      async (accountId, key) => {
        await this.products.get(accountId, await this.wechatFor(accountId), key);
        return this.products.cachedFields(accountId, key);
      },
      checkDesignFor,
    );
    this.cardBatches = new CardBatches(this.batches.repo, this.actions, this.cards, () => this.getSettings().language, (...args) => this.batches.designCheck(...args));
    const activeAccountId = () => this.getSettings().activeAccountId;
    this.verdicts = new VerdictLedger(this.db, activeAccountId);
    this.activation = new Activation(this.db, this.batches.repo, this.actions);
    // The rehearsal answers for the sandbox account whichever account the screens have selected.
    this.rehearsal = new Rehearsal(new VerdictLedger(this.db, () => SANDBOX_ACCOUNT_ID), this.log, this.redactor, () => this.clients.sandboxHandle());
    this.ledger = new LedgerSync(this.db, new StationIdentity(this.settings, options.dataDir), this.batches.repo, new AccountRepo(this.db), activeAccountId);
    this.templates = new TemplateStore(path.join(options.dataDir, 'templates'));
    this.exports = new ExportService(
      this.db,
      this.batches.repo,
      (batch) => this.products.cachedFields(batch.accountId, { keystandard: batch.keystandard, keystr: batch.keystr }),
      new PicCache(path.join(options.dataDir, 'pic-cache')),
      () => this.getSettings().language,
    );
    this.printing = new PrintService((accountId, exportId) => this.exports.records(accountId).find((r) => r.id === exportId)?.file);
    this.grants = new PathGrants(options.dataDir);
    this.handlers = this.createHandlers();
  }

  /** Only files QR Pack wrote itself (in this account's export log) are printed from the screens. */
  private ownExportFile(file: string): void {
    const known = this.exports.records(this.getSettings().activeAccountId).some((r) => r.file === file);
    if (!known || !fs.existsSync(file)) {
      throw new AppError('not_found', { en: `${file} is not an export of this account on this computer (or it was moved).`, 'zh-CN': `${file} 不是本机此账号的导出文件(或已被移走)。` });
    }
  }

  /** Validates a call's arguments against the contract, runs it, and answers an envelope. */
  async dispatch(method: unknown, rawArgs: unknown): Promise<Envelope<unknown>> {
    if (!isMethodName(method)) {
      return fail(new AppError('unknown_method', {
        en: `QR Pack has no operation named "${String(method).slice(0, 80)}".`,
        'zh-CN': `QR Pack 没有名为 “${String(method).slice(0, 80)}” 的操作。`,
      }));
    }
    const parsed = contract[method].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const { text, fields } = requestProblems(parsed.error.issues as SchemaIssue[]);
      return fail(new AppError('invalid_argument', text, { fields }));
    }
    try {
      const handler = this.handlers[method] as (args: unknown) => unknown;
      // The result schemas are strict: a field not in the contract (a secret, say) cannot leave.
      const value = contract[method].result.parse(await handler(parsed.data));
      if (!READS.has(method)) this.log.write('info', method, actionFacts(parsed.data, value));
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) {
        this.log.write('warn', `${method} refused`, { ...actionFacts(parsed.data, undefined), why: error.text.en });
        return fail(error);
      }
      this.log.write('error', `operation ${method} failed`, error);
      return fail(new AppError('internal', internalErrorText));
    }
  }

  onEvent(listener: EventListener): () => void {
    const handler = (event: EventName, payload: unknown) =>
      (listener as (e: EventName, p: unknown) => void)(event, payload);
    this.events.on('event', handler);
    return () => this.events.off('event', handler);
  }

  /** The WeChat client of an account (the active one by default). */
  wechatFor(accountId = this.getSettings().activeAccountId): Promise<WechatClient> {
    return this.clients.clientFor(this.accounts.get(accountId));
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
    await this.rehearsal.stop();
    await this.clients.close();
    this.db.close();
  }

  getSettings(): Settings {
    const saved = this.settings.get('language') as Language | undefined;
    const active = this.settings.get('activeAccountId');
    return {
      language: saved ?? languageFromLocale(this.options.systemLocale),
      languageSource: saved ? 'saved' : 'system',
      activeAccountId: active && this.accounts.exists(active) ? active : SANDBOX_ACCOUNT_ID,
    };
  }

  /** Lets a command-line run use a secret it was given, without storing it. */
  useSecret(accountId: string, secret: string): void {
    this.clients.useSecret(accountId, secret);
  }

  private emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.events.emit('event', event, payload);
  }

  /** Runs an operation for the active account with its WeChat client. */
  private async withActive<T>(act: (accountId: string, client: WechatClient) => Promise<T>): Promise<T> {
    const accountId = this.getSettings().activeAccountId;
    return act(accountId, await this.wechatFor(accountId));
  }

  /** A batch of the active account (the UI never reaches into another account's log). */
  private ownBatch(id: number): number {
    if (this.batches.repo.get(id).accountId !== this.getSettings().activeAccountId) {
      throw new AppError('not_found', { en: `There is no batch ${id} in this account.`, 'zh-CN': `此账号中没有编号为 ${id} 的批次。` });
    }
    return id;
  }

  private accountsChanged(): void {
    this.emit('accountsChanged', this.accounts.list(this.getSettings().activeAccountId));
  }

  private createHandlers(): Handlers {
    return {
      getAppInfo: () => ({
        desktop: Boolean(this.options.desktop),
        name: 'QR Pack',
        version: this.options.version,
        dataDir: this.options.dataDir,
        logFile: logFileOf(this.options.dataDir),
        schemaVersion: schemaVersion(this.db),
        noSecretStorage: this.vault.cannotStore(),
      }),
      getSettings: () => this.getSettings(),
      setLanguage: ({ language }) => {
        this.settings.set('language', language);
        const settings = this.getSettings();
        this.emit('settingsChanged', settings);
        return settings;
      },
      listAccounts: () => this.accounts.list(this.getSettings().activeAccountId),
      saveAccount: (draft) => {
        const account = this.accounts.save(draft);
        if (!isKnownEndpoint(account.apiBase)) this.actions.note(account.id, 'confirmCustomEndpoint', account.apiBase, { apiBase: account.apiBase, appId: account.appId });
        this.clients.forget(account.id);
        this.accountsChanged();
        return this.accounts.view(account, this.getSettings().activeAccountId);
      },
      selectAccount: ({ id }) => {
        this.accounts.get(id);
        this.settings.set('activeAccountId', id);
        const settings = this.getSettings();
        this.emit('settingsChanged', settings);
        this.accountsChanged();
        return settings;
      },
      testConnection: async ({ id }) => {
        const started = performance.now();
        const client = await this.wechatFor(id);
        const list = await client.scan.getList({ offset: 0, limit: 1, status: 'all' });
        return { latencyMs: Math.round(performance.now() - started), productCount: list.total, apiBase: client.http.apiBase };
      },
      resetQuota: async ({ id }) => {
        const client = await this.wechatFor(id);
        await this.actions.audited(id, 'clearQuota', 'daily API quota', { appid: this.accounts.get(id).appId }, () => client.clearQuota());
        return {};
      },
      planBatch: async (input) => {
        const accountId = this.getSettings().activeAccountId;
        return this.batches.view(await this.batches.plan(accountId, input));
      },
      planJumpBatch: (input) => this.withActive(async (id, client) => this.batches.view(await this.batches.planJump(id, client, input))),
      planDepositBatch: (input) => this.withActive(async (id, client) => this.batches.view(await this.cardBatches.planDeposit(id, client, input))),
      planCardBatch: ({ outerStr, outerId, uniqueCode, expireSeconds, ...input }) =>
        this.withActive(async (id, client) => this.batches.view(await this.cardBatches.planCardQr(id, client, { ...input, options: { outerStr, outerId, uniqueCode, expireSeconds } }))),
      planMultipleCardBatch: ({ name, cards, outerStr, outerId }) =>
        this.withActive(async (id, client) => this.batches.view(await this.cardBatches.planMultipleCardQr(id, client, { name, cards, options: { outerStr, outerId } }))),
      listCards: ({ read }) => (read === 'cached' ? this.cards.cached(this.getSettings().activeAccountId) : this.withActive((id, client) => this.cards.list(id, client, read))),
      getCard: ({ cardId }) => this.withActive((id, client) => this.cards.get(id, client, cardId)),
      setCardDepositMode: ({ cardId }) => this.withActive((id, client) => this.cards.setDepositMode(id, client, cardId)),
      cardStockPlan: ({ cardId }) => this.withActive((id, client) => this.cards.stockPlan(id, client, cardId)),
      modifyCardStock: ({ cardId, ...change }) => this.withActive((id, client) => this.cards.modifyStock(id, client, cardId, change)),
      previewCard: ({ cardId, ...target }) => this.withActive((id, client) => this.cards.preview(id, client, cardId, target)),
      planLandingPageBatch: ({ name, title, banner, scene, canShare, cards }) =>
        this.withActive(async (id, client) =>
          this.batches.view(
            await this.cardBatches.planLandingPage(id, client, {
              name,
              page: { page_title: title, banner, scene: scene as LandingScene, can_share: canShare, card_list: cards.map((c) => ({ card_id: c.cardId, thumb_url: c.thumbUrl })) },
            }),
          ),
        ),
      reconcileDeposit: ({ cardId }) => this.withActive((id, client) => this.cardBatches.reconcileDeposit(id, client, cardId)),
      listJumpRules: () => this.withActive((_id, client) => this.jumpRules.list(client)),
      saveJumpRule: ({ rule, edit }) => this.withActive(async (id, client) => (await this.jumpRules.save(id, client, rule, edit), {})),
      publishJumpRule: ({ prefix }) => this.withActive(async (id, client) => (await this.jumpRules.publish(id, client, prefix), {})),
      deleteJumpRule: ({ prefix }) => this.withActive(async (id, client) => (await this.jumpRules.delete(id, client, prefix), {})),
      getJumpVerificationFile: () => this.withActive((_id, client) => this.jumpRules.verificationFile(client)),
      startBatch: async ({ id, ...options }) => this.batches.view(await this.batches.start(this.ownBatch(id), options)),
      pauseBatch: ({ id }) => this.batches.view(this.batches.pause(this.ownBatch(id))),
      cancelBatch: async ({ id }) => this.batches.view(await this.batches.cancel(this.ownBatch(id))),
      listBatches: () => this.batches.repo.list(this.getSettings().activeAccountId).map((b) => this.batches.view(b)),
      listCodes: ({ limit, ...filter }) => this.batches.repo.codes({ ...filter, limit, accountId: this.getSettings().activeAccountId }),
      clearScanRecord: async ({ extinfo, ...key }) => {
        const accountId = this.getSettings().activeAccountId;
        return this.batches.clearScanRecord(accountId, await this.wechatFor(accountId), key, extinfo);
      },
      listActions: ({ limit, beforeId }) => this.actions.list({ accountId: this.getSettings().activeAccountId, limit, beforeId }),
      listProducts: (query) => this.withActive((id, client) => this.products.list(id, client, query)),
      getProduct: (key) => this.withActive((id, client) => this.products.get(id, client, key)),
      checkTicket: ({ ticket }) => this.withActive((id, client) => this.products.checkTicket(id, client, ticket)),
      createProduct: ({ brandInfo, ...key }) => this.withActive((id, client) => this.products.create(id, client, key, brandInfo)),
      updateProduct: ({ brandInfo, ...key }) => this.withActive((id, client) => this.products.update(id, client, key, brandInfo)),
      setProductStatus: ({ status, ...key }) => this.withActive(async (id, client) => (await this.products.setStatus(id, client, key, status), {})),
      clearProduct: (key) => this.withActive(async (id, client) => (await this.products.clear(id, client, key), {})),
      setTestWhitelist: ({ target, openid, username }) =>
        this.withActive(async (id, client) => {
          if (target === 'card') await this.cardTools.setTestWhitelist(id, client, openid, username);
          else await this.products.setTestWhitelist(id, client, openid, username);
          return {};
        }),
      getCardMpnews: ({ cardId }) => this.withActive(async (_id, client) => ({ html: await this.cardTools.mpnewsPreview(client, cardId) })),
      listStocks: () => [...BUILT_IN_STOCKS],
      defaultTemplate: ({ stockId, ecc, gs1 }) => (gs1 ? withGs1Line(defaultTemplate(stockId, ecc)) : defaultTemplate(stockId, ecc)),
      placeDesignElement: ({ template, element, logoFile, batchId, modules }) => {
        if (batchId !== undefined) this.ownBatch(batchId);
        if (logoFile) this.grants.checkRead(logoFile);
        if (element === 'logo' && !logoFile) throw new AppError('invalid_argument', { en: 'A logo is placed once its file is imported: give logoFile.', 'zh-CN': '请先导入标志文件再放置:需要 logoFile。' });
        return placeElement(template, resolveStock(template), this.exports.designSample(batchId, modules), element, logoFile);
      },
      carryDesign: ({ template, stockId, batchId, modules }) => {
        if (batchId !== undefined) this.ownBatch(batchId);
        const to = findStock(stockId);
        if (!to) throw new AppError('invalid_argument', { en: `Unknown stock "${stockId}".`, 'zh-CN': `未知的标签纸“${stockId}”。` });
        return carryToStock(template, resolveStock(template), to, this.exports.designSample(batchId, modules));
      },
      labelFields: ({ batchId }) => ({ fields: this.exports.labelFields(batchId === undefined ? undefined : this.ownBatch(batchId)) }),
      previewSheet: async ({ template, batchId, page, widthPx, product, run }) => {
        if (batchId !== undefined) this.ownBatch(batchId);
        if (template.logo) this.grants.checkRead(template.logo.file);
        const owner = product ? { accountId: this.getSettings().activeAccountId, ...product } : undefined;
        const preview = await this.exports.preview({ template, batchId, page, widthPx, product: owner, run });
        return { pngBase64: preview.png.toString('base64'), pages: preview.pages, problem: preview.problem, modules: preview.modules };
      },
      exportBatch: async ({ batchId, manifest, replace, ...request }) => {
        this.ownBatch(batchId);
        this.grants.checkWrite(request.out);
        if (request.template.logo) this.grants.checkRead(request.template.logo.file);
        const manifestFile = manifest ? request.out.replace(/\.[^./\\]+$/, '') + '-manifest.csv' : undefined;
        const existing = existingFiles([request.out, manifestFile]);
        if (existing.length && !replace) {
          const text = {
            en: `${existing.join(' and ')} ${existing.length > 1 ? 'exist' : 'exists'} already. Replace ${existing.length > 1 ? 'them' : 'it'}?`,
            'zh-CN': `${existing.join(' 和 ')} 已存在。要替换吗?`,
          };
          throw new AppError('conflict', text, { fields: [{ field: 'out', message: text }] });
        }
        const started = performance.now();
        const result = await this.exports.export({
          ...request,
          batchId,
          manifest: manifestFile,
          onProgress: (p) => this.emit('exportProgress', { batchId, ...p }),
        });
        return {
          files: result.files,
          manifest: manifestFile ?? null,
          pages: result.pages,
          labels: result.labels,
          reprint: result.reprint,
          verify: result.verify,
          seconds: (performance.now() - started) / 1000,
          warnings: result.warnings,
          partial: result.partial,
        };
      },
      activateBatch: ({ id, range, undo }) => ({ changed: this.activation.set(this.ownBatch(id), range, !undo) }),
      listCardClaims: ({ cardId }) => this.verdicts.cardEvents.claims(cardId),
      listVerdicts: ({ limit, code }) => this.verdicts.list(limit, code).map((v) => ({ ...v, suspicious: v.scanners >= SUSPICIOUS_SCANNERS })),
      getRehearsal: () => this.rehearsal.state(),
      startRehearsal: ({ safeMode }) => this.rehearsal.start(safeMode),
      stopRehearsal: () => this.rehearsal.stop(),
      rehearseScan: (code) => this.rehearsal.scan(code),
      scanStats: ({ days, suspects }) => ({
        days: this.verdicts.perDay(days),
        suspects: this.verdicts.cloneSuspects(suspects).map((s) => ({ ...s, suspicious: s.scanners >= SUSPICIOUS_SCANNERS })),
      }),
      listExports: ({ batchId }) => this.exports.records(this.getSettings().activeAccountId, batchId),
      verifyExport: async ({ id }) => {
        const accountId = this.getSettings().activeAccountId;
        const record = this.exports.records(accountId).find((r) => r.id === id);
        if (!record) throw new AppError('not_found', { en: `There is no export ${id} in this account.`, 'zh-CN': `此账号中没有编号为 ${id} 的导出。` });
        const { checked, unchanged, failures } = await this.exports.verifyFile(accountId, record.file, { exportId: id });
        return { checked, unchanged, failures };
      },
      listTemplates: () => this.templates.list(),
      saveTemplate: ({ name, template, replace }) => {
        if (template.logo) this.grants.checkRead(template.logo.file);
        return { file: this.templates.save(name, template, { replace: replace ?? false }) };
      },
      importLogo: async ({ fileName, dataBase64 }) => ({ file: await saveLogo(this.dataDir, fileName, Buffer.from(dataBase64, 'base64')) }),
      getTestWhitelist: ({ target }) => {
        const last = this.actions.lastSucceeded(this.getSettings().activeAccountId, target === 'card' ? 'setCardTestWhitelist' : 'setTestWhitelist');
        if (!last) return null;
        const request = last.request as { openid: string[]; username: string[] };
        return { openid: request.openid, username: request.username, savedAt: last.at };
      },
      showInFolder: ({ file }) => {
        // Only files QR Pack wrote itself (in the export log) are revealed.
        const known = this.exports.records(this.getSettings().activeAccountId).some((r) => r.file === file);
        if (!known || !this.options.desktop) return { shown: false };
        this.options.desktop.showItemInFolder(file);
        return { shown: true };
      },
      openExport: async ({ file }) => {
        // Only files QR Pack wrote itself (in the export log) are opened.
        const known = this.exports.records(this.getSettings().activeAccountId).some((r) => r.file === file);
        if (!known || !this.options.desktop) return { opened: false };
        await this.options.desktop.openFile(file);
        return { opened: true };
      },
      listPrinters: () => this.printing.printers('screen'),
      printOnPrinter: async ({ file, printer, copies, pages }) => {
        this.ownExportFile(file);
        return this.printing.print(this.getSettings().activeAccountId, file, { printer, copies, pages }, 'screen');
      },
      printExport: async ({ file }) => {
        this.ownExportFile(file);
        if (this.options.desktop) {
          await this.options.desktop.printFile(file);
          return { url: null };
        }
        // In a browser: the PDF opens in the browser's own viewer, which prints it.
        return { url: `/download/${this.downloads.grant(file)}/${encodeURIComponent(path.basename(file))}` };
      },
      chooseExportFile: async ({ suggestedName, format }) => {
        if (!this.options.desktop) return { file: null };
        const extension = format === 'tiff' ? 'tif' : format;
        const file = await this.options.desktop.chooseSaveFile(path.join(this.grants.exportsDir, suggestedName), extension);
        if (file) this.grants.grantFolderOf(file);
        return { file };
      },
      deleteAccount: ({ id }) => {
        const wasActive = this.getSettings().activeAccountId === id;
        this.accounts.delete(id);
        this.clients.forget(id);
        if (wasActive) this.emit('settingsChanged', this.getSettings());
        this.accountsChanged();
        return { deleted: true };
      },
    };
  }
}

function fail(error: AppError): Envelope<never> {
  return { ok: false, error: error.toWire() };
}
