import { z } from 'zod';
import { LANGUAGES } from '../text';
import { CREDENTIAL_KINDS, TOKEN_MODES } from '../account/accountDraft';
import type { EventName, MethodName } from './channels';
import { stockSchema, templateSchema } from '../sheets/templateSchema';
import { OPEN_VERSIONS } from '../jump/jumpRule';

const nothing = z.strictObject({});
const language = z.enum(LANGUAGES);
const localizedText = z.strictObject({ en: z.string(), 'zh-CN': z.string() });

export const appInfoSchema = z.strictObject({
  /** Whether file-manager operations exist (the desktop app; not the browser transport). */
  desktop: z.boolean(),
  name: z.string(),
  version: z.string(),
  dataDir: z.string(),
  /** Where the app writes its log (for support). */
  logFile: z.string(),
  schemaVersion: z.number().int(),
  /** Why an AppSecret cannot be kept here (a browser, a computer without a keychain) and what to do; null when it can. */
  noSecretStorage: localizedText.nullable(),
});

export const settingsSchema = z.strictObject({
  language,
  /** 'system' until the user picks one. */
  languageSource: z.enum(['saved', 'system']),
  activeAccountId: z.string(),
});

/** An account as the renderer sees it: metadata only, never a secret. */
export const accountViewSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['sandbox', 'wechat']),
  name: z.string(),
  appId: z.string(),
  credentialKind: z.enum(CREDENTIAL_KINDS),
  tokenMode: z.enum(TOKEN_MODES),
  tokenServiceUrl: z.string(),
  apiBase: z.string(),
  /** Whether a secret is stored for it (never the secret). */
  hasSecret: z.boolean(),
  active: z.boolean(),
});

const shortText = z.string().max(2048);
export const accountDraftSchema = z.strictObject({
  id: z.string().max(64).optional(),
  name: shortText,
  appId: shortText,
  credentialKind: z.enum(CREDENTIAL_KINDS),
  secret: shortText,
  tokenMode: z.enum(TOKEN_MODES),
  tokenServiceUrl: shortText,
  apiBase: shortText,
  customEndpoint: z.boolean().optional(),
});

const rehearsalSchema = z.strictObject({ running: z.boolean(), url: z.string().nullable(), safeMode: z.boolean() });

const accountRef = z.strictObject({ id: z.string().min(1).max(64) });

export const productKeySchema = z.strictObject({ keystandard: z.string().min(1).max(32), keystr: z.string().min(1).max(64) });

export const extinfoSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('pattern'),
    pattern: z.string().min(1).max(128),
    start: z.number().int().min(0),
    count: z.number().int().min(1).max(1_000_000),
    step: z.number().int().min(1).default(1),
  }),
  z.strictObject({
    kind: z.literal('file'),
    fileName: z.string().min(1).max(260),
    content: z.string().max(64 * 1024 * 1024),
    column: z.string().max(128).optional(),
  }),
]);

const batchState = z.enum(['planned', 'running', 'paused', 'stopped', 'cancelled', 'done']);
export const batchViewSchema = z.strictObject({
  id: z.number().int(),
  accountId: z.string(),
  /**
   * product: getqrcode per code; jump: Mini Program codes, prefix (keystr) + serial (extinfo);
   * card: a card QR ticket per code of the card (keystr); deposit: the card's custom codes sent to WeChat.
   */
  kind: z.enum(['product', 'jump', 'card', 'deposit']),
  /** Tester codes (a rule's test links): never goods. */
  test: z.boolean(),
  name: z.string(),
  /** The product's key; for jump batches "jump" (or "jump-test") and the URL prefix. */
  keystandard: z.string(),
  keystr: z.string(),
  /** WeChat's image size; 0 for the kinds without one. */
  qrcodeSizePx: z.number().int(),
  /** What the code source is called with (a card QR's outerStr, uniqueCode, expireSeconds). */
  options: z.record(z.string(), z.unknown()),
  /** How long a card QR code stays valid after it is issued; null for kinds that do not expire. */
  validityS: z.number().int().nullable(),
  /** How the extinfos were made: the pattern, or the file's name and column. */
  source: z.record(z.string(), z.unknown()),
  state: batchState,
  /** The extinfos (serials, codes) at its first and last position. */
  firstExtinfo: z.string().nullable(),
  lastExtinfo: z.string().nullable(),
  /** Whether a QR Pack process is issuing it now ("running" without it means interrupted). */
  active: z.boolean(),
  /** The process issuing it: this one or another on the same data folder, and what it was asked. */
  owner: z
    .strictObject({ pid: z.number().int(), elsewhere: z.boolean(), requested: z.enum(['pause', 'cancel']).nullable() })
    .nullable(),
  codeCount: z.number().int(),
  issued: z.number().int(),
  failed: z.number().int(),
  /** Issued codes marked active (goods shipped): scans of them answer real. */
  activated: z.number().int(),
  stopErrcode: z.number().int().nullable(),
  stopReason: localizedText.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const codeViewSchema = z.strictObject({
  id: z.number().int(),
  batch: z.number().int(),
  seq: z.number().int(),
  keystandard: z.string(),
  keystr: z.string(),
  extinfo: z.string(),
  content: z.string().nullable(),
  pic_url: z.string().nullable(),
  status: z.enum(['pending', 'issued', 'failed']),
  errcode: z.number().int().nullable(),
  attempts: z.number().int(),
  issued_at: z.string().nullable(),
  /** When the code was activated (its goods shipped): it then answers "real" to a scan. */
  active_at: z.string().nullable(),
  /** The code's row of its CSV plan besides the extinfo (a JSON object), or null. */
  data: z.string().nullable(),
});

export const actionViewSchema = z.strictObject({
  id: z.number().int(),
  accountId: z.string(),
  at: z.string(),
  kind: z.string(),
  target: z.string(),
  request: z.unknown(),
  ok: z.boolean(),
  errcode: z.number().int().nullable(),
  result: z.unknown(),
});

export const batchProgressSchema = z.strictObject({
  batchId: z.number().int(),
  state: batchState,
  total: z.number().int(),
  issued: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  ratePerS: z.number(),
  etaS: z.number().nullable(),
});

const batchRef = z.strictObject({ id: z.number().int().min(1) });

export const exportResultSchema = z.strictObject({
  /** exportId: the file's record in the export log (qrpack print EXPORT). */
  files: z.array(z.strictObject({ file: z.string(), sha256: z.string(), pages: z.number().int(), exportId: z.number().int() })),
  manifest: z.string().nullable(),
  pages: z.number().int(),
  labels: z.number().int(),
  reprint: z.boolean(),
  verify: z.strictObject({
    mode: z.enum(['full', 'sample', 'off']),
    checked: z.number().int(),
    failures: z.array(z.strictObject({ extinfo: z.string(), page: z.number().int(), file: z.string(), found: z.string().nullable(), what: z.enum(['barcode', 'gs1']).optional(), barcode: z.number().int().min(1).optional() })),
  }),
  seconds: z.number(),
  /** What the person at the press should know first (card codes close to or past their expiry). */
  warnings: z.array(localizedText),
  /** A cancelled batch's issued codes only: how many were printed, of how many planned in the range. */
  partial: z.strictObject({ printed: z.number().int(), planned: z.number().int() }).nullable(),
});

/** Where an export's labels lie: the first label used on the first sheet, the labels per code, the copies of the whole run. */
export const labelRunSchema = z.strictObject({ startAt: z.number().int(), copiesPerCode: z.number().int(), repeat: z.number().int() });

export const exportRecordSchema = z.strictObject({
  id: z.number().int(),
  batchId: z.number().int(),
  at: z.string(),
  file: z.string(),
  sha256: z.string(),
  format: z.string(),
  pages: z.number().int(),
  labels: z.number().int(),
  rangeFrom: z.number().int(),
  rangeTo: z.number().int(),
  reprint: z.boolean(),
  template: z.string(),
  verifyMode: z.string(),
  verifiedLabels: z.number().int(),
  verifyFailures: z.number().int(),
  /** Where the labels lay: the first label used on the first sheet, labels per code, copies of the whole run. */
  startAt: z.number().int(),
  copiesPerCode: z.number().int(),
  repeat: z.number().int(),
});

export const exportProgressSchema = z.strictObject({
  batchId: z.number().int(),
  stage: z.enum(['writing', 'verifying']),
  done: z.number().int(),
  total: z.number().int(),
});

/** WeChat's product page, in its own field names (seed 001); checked by WeChat in detail. */
export const brandInfoSchema = z.looseObject({
  base_info: z.looseObject({ title: z.string().max(200).optional(), status: z.enum(['on', 'off', 'check', 'reject']).optional() }).optional(),
  detail_info: z.looseObject({}).optional(),
  action_info: z.looseObject({}).optional(),
  module_info: z.looseObject({}).optional(),
});

/** A Mini Program jump rule as the screens show it (seed 003; WeChat's own field names in qrJumpApi). */
export const jumpRuleDraftSchema = z.strictObject({
  prefix: z.string().max(2048),
  path: z.string().max(2048),
  openVersion: z.enum(OPEN_VERSIONS),
  exclusive: z.boolean(),
  debugUrls: z.array(z.string().max(2048)).max(20),
});
export const jumpRuleSchema = jumpRuleDraftSchema.extend({ published: z.boolean() });
const whitelistTarget = z.enum(['product', 'card']).default('product');
const prefixRef = z.strictObject({ prefix: z.string().min(1).max(2048) });

/** The answer of scan/scanticket/check (seed 001), with the extinfo when a link's URL was given. */
export const ticketCheckSchema = z.strictObject({
  keystandard: z.string(),
  keystr: z.string(),
  /** The product's title from the local cache, or ''. */
  title: z.string(),
  extinfo: z.string().nullable(),
  openid: z.string(),
  scene: z.string(),
  /** The code had been scanned before (is_check: "该条码(二维码)是否被扫描"). */
  scannedBefore: z.boolean(),
  /** The user follows the official account (is_contact). */
  follows: z.boolean(),
});

export const productListItemSchema = z.strictObject({
  keystandard: z.string(),
  keystr: z.string(),
  category_id: z.number(),
  category_name: z.string(),
  update_time: z.number(),
  status: z.enum(['on', 'off', 'check', 'reject']),
  /** The title as this computer last read the product's page (WeChat's list has none); null when never read. */
  title: z.string().nullable(),
});

/** Every operation: its argument and result schemas. Arguments are checked at both transports. */
/** A card (卡券) of the account as card/get tells it (seed 002 §4.1). */
const cardSchema = z.strictObject({
  cardId: z.string(),
  cardType: z.string(),
  title: z.string(),
  status: z.string(),
  useCustomCode: z.boolean(),
  /** GET_CUSTOM_CODE_MODE_DEPOSIT, or null. */
  codeMode: z.string().nullable(),
  stock: z.number().int(),
});

export const contract = {
  getAppInfo: { args: nothing, result: appInfoSchema },
  getSettings: { args: nothing, result: settingsSchema },
  setLanguage: { args: z.strictObject({ language }), result: settingsSchema },
  listAccounts: { args: nothing, result: z.array(accountViewSchema) },
  saveAccount: { args: accountDraftSchema, result: accountViewSchema },
  selectAccount: { args: accountRef, result: settingsSchema },
  deleteAccount: { args: accountRef, result: z.strictObject({ deleted: z.boolean() }) },
  /** Fetches a token and lists one product: proves the credentials and the network work. */
  /** Resets the account's daily API quota (clear_quota; WeChat allows 10 a month). Audited. */
  resetQuota: { args: accountRef, result: z.strictObject({}) },
  testConnection: {
    args: accountRef,
    result: z.strictObject({ latencyMs: z.number(), productCount: z.number().int(), apiBase: z.string() }),
  },
  planBatch: {
    args: z.strictObject({
      product: productKeySchema,
      qrcodeSizePx: z.number().int(),
      name: z.string().max(80).optional(),
      source: extinfoSourceSchema,
      /** The design its labels will be printed with: checked with the batch's real values before anything is stored. */
      design: templateSchema.optional(),
      /** A tester sheet: codes for the brand's testers, never activated, so never answering real. */
      tester: z.boolean().optional(),
    }),
    result: batchViewSchema,
  },
  /**
   * Plans Mini Program jump codes under a published prefix (one rule list call), or a rule's test
   * links as a test batch; "issuing" them is local (startBatch), at disk speed.
   */
  planJumpBatch: {
    args: z.strictObject({
      prefix: z.string().min(1).max(2048),
      name: z.string().max(80).optional(),
      source: z.union([extinfoSourceSchema, z.strictObject({ kind: z.literal('testLinks') })]),
      design: templateSchema.optional(),
      /** GS1 Digital Link codes: lot (AI 10) and expiry (AI 17, YYYY-MM-DD); the core checks each in words. */
      gs1: z
        .strictObject({
          product: z.strictObject({ keystandard: z.string().max(16), keystr: z.string().max(64) }).optional(),
          lot: z.string().max(200).optional(),
          expiry: z.string().max(40).optional(),
        })
        .optional(),
    }),
    result: batchViewSchema,
  },
  /** Plans a deposit of a card's custom codes (sent 100 a call by startBatch). */
  planDepositBatch: {
    args: z.strictObject({ cardId: z.string().min(1).max(64), name: z.string().max(80).optional(), source: extinfoSourceSchema }),
    result: batchViewSchema,
  },
  /** Plans card QR codes, one QR_CARD ticket per code (issued by startBatch). */
  planCardBatch: {
    args: z.strictObject({
      cardId: z.string().min(1).max(64),
      name: z.string().max(80).optional(),
      source: extinfoSourceSchema,
      outerStr: z.string().max(200).optional(),
      outerId: z.number().optional(),
      uniqueCode: z.boolean().optional(),
      expireSeconds: z.number().optional(),
      design: templateSchema.optional(),
    }),
    result: batchViewSchema,
  },
  /** Plans one QR_MULTIPLE_CARD code of 2–5 cards (a code per card that uses custom codes) as a one-code batch. */
  planMultipleCardBatch: {
    args: z.strictObject({
      name: z.string().max(80).optional(),
      cards: z.array(z.strictObject({ cardId: z.string().max(64), code: z.string().max(200).optional() })).max(10),
      outerStr: z.string().max(200).optional(),
      outerId: z.number().optional(),
    }),
    result: batchViewSchema,
  },
  /**
   * The account's cards: as last read on this computer (`cached`, no call), the list afresh with
   * card/get for cards not read before (`new`), or every card read afresh (`all`).
   */
  listCards: { args: z.strictObject({ read: z.enum(['cached', 'new', 'all']).default('new') }), result: z.array(cardSchema) },
  /** One card read afresh (card/get). */
  getCard: { args: z.strictObject({ cardId: z.string().min(1).max(64) }), result: cardSchema },
  /** Puts a custom-code card in the deposit mode (card/update); audited. */
  setCardDepositMode: { args: z.strictObject({ cardId: z.string().min(1).max(64) }), result: cardSchema },
  /** The card's stock against the codes WeChat holds for it, and the change that brings one to the other. */
  cardStockPlan: {
    args: z.strictObject({ cardId: z.string().min(1).max(64) }),
    result: z.strictObject({
      cardId: z.string(),
      stock: z.number().int(),
      deposited: z.number().int(),
      change: z.union([z.strictObject({ increase: z.number().int() }), z.strictObject({ reduce: z.number().int() })]).nullable(),
    }),
  },
  /** card/modifystock: raises or lowers the stock; audited. */
  modifyCardStock: {
    args: z.union([z.strictObject({ cardId: z.string().min(1).max(64), increase: z.number() }), z.strictObject({ cardId: z.string().min(1).max(64), reduce: z.number() })]),
    result: cardSchema,
  },
  /** Sends the card to one tester's WeChat by OpenID or WeChat ID (message/mass/preview); audited. */
  previewCard: {
    args: z.union([z.strictObject({ cardId: z.string().min(1).max(64), openid: z.string().max(200) }), z.strictObject({ cardId: z.string().min(1).max(64), wxname: z.string().max(200) })]),
    result: z.strictObject({ msgId: z.string() }),
  },
  /** Plans a landing page of cards as a one-code batch (startBatch creates the page; its url is the code). */
  planLandingPageBatch: {
    args: z.strictObject({
      name: z.string().max(80).optional(),
      title: z.string().max(200),
      banner: z.string().max(2048),
      scene: z.string().max(40),
      canShare: z.boolean(),
      cards: z.array(z.strictObject({ cardId: z.string().max(64), thumbUrl: z.string().max(2048) })).max(50),
    }),
    result: batchViewSchema,
  },
  /** Compares the card's codes the log holds as deposited with WeChat's (getdepositcount, checkcode). */
  reconcileDeposit: {
    args: z.strictObject({ cardId: z.string().min(1).max(64) }),
    result: z.strictObject({ cardId: z.string(), wechatCount: z.number().int(), loggedCount: z.number().int(), missing: z.array(z.string()), matches: z.boolean() }),
  },
  listJumpRules: { args: nothing, result: z.strictObject({ rules: z.array(jumpRuleSchema), publishQuotaLeft: z.number().int() }) },
  /** Adds a rule, or with `edit` changes the unpublished rule of its prefix; audited. */
  saveJumpRule: { args: z.strictObject({ rule: jumpRuleDraftSchema, edit: z.boolean() }), result: z.strictObject({}) },
  publishJumpRule: { args: prefixRef, result: z.strictObject({}) },
  deleteJumpRule: { args: prefixRef, result: z.strictObject({}) },
  /** The file WeChat checks at the root of the prefix's domain. */
  getJumpVerificationFile: { args: nothing, result: z.strictObject({ fileName: z.string(), fileContent: z.string() }) },
  /** Starts (or resumes) issuing in the background; progress arrives as batchProgress events. */
  startBatch: {
    args: z.strictObject({
      id: z.number().int().min(1),
      concurrency: z.number().int().min(1).max(64).optional(),
      ratePerS: z.number().positive().max(10_000).optional(),
    }),
    result: batchViewSchema,
  },
  pauseBatch: { args: batchRef, result: batchViewSchema },
  cancelBatch: { args: batchRef, result: batchViewSchema },
  listBatches: { args: nothing, result: z.array(batchViewSchema) },
  listCodes: {
    args: z.strictObject({
      batchId: z.number().int().optional(),
      status: z.enum(['pending', 'issued', 'failed']).optional(),
      search: z.string().max(64).optional(),
      /** Issued on or after this day / before this day (YYYY-MM-DD). */
      since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
      until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
      afterId: z.number().int().optional(),
      /** Newest first, before this id (the Log's order: the codes just issued on top). */
      beforeId: z.number().int().optional(),
      newestFirst: z.boolean().optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    result: z.array(codeViewSchema),
  },
  clearScanRecord: { args: productKeySchema.extend({ extinfo: z.string().min(1).max(128) }), result: actionViewSchema },
  listActions: {
    args: z.strictObject({ limit: z.number().int().min(1).max(1000).default(200), beforeId: z.number().int().optional() }),
    result: z.array(actionViewSchema),
  },
  listProducts: {
    args: z.strictObject({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(100).default(20),
      status: z.enum(['on', 'off', 'check', 'reject', 'all']).default('all'),
      keystr: z.string().max(64).optional(),
    }),
    result: z.strictObject({ total: z.number().int(), items: z.array(productListItemSchema) }),
  },
  getProduct: { args: productKeySchema, result: brandInfoSchema },
  createProduct: { args: productKeySchema.extend({ brandInfo: brandInfoSchema }), result: z.strictObject({ pid: z.string() }) },
  updateProduct: { args: productKeySchema.extend({ brandInfo: brandInfoSchema }), result: z.strictObject({ pid: z.string() }) },
  /** on: submit for review; off: unpublish. */
  setProductStatus: { args: productKeySchema.extend({ status: z.enum(['on', 'off']) }), result: z.strictObject({}) },
  clearProduct: { args: productKeySchema, result: z.strictObject({}) },
  /** Checks a wxticket (or the link URL that carries it): who scanned which product, in plain words. */
  checkTicket: { args: z.strictObject({ ticket: z.string().min(1).max(4096) }), result: ticketCheckSchema },
  /** Replaces the whole whitelist of products or of cards (at most 10 openids and usernames together). */
  setTestWhitelist: {
    args: z.strictObject({
      target: whitelistTarget,
      openid: z.array(z.string().min(1).max(64)).max(100),
      username: z.array(z.string().min(1).max(64)).max(100),
    }),
    result: z.strictObject({}),
  },
  /** A card's mpnews HTML, sanitised (no script, no handler, nothing that loads by itself). */
  getCardMpnews: { args: z.strictObject({ cardId: z.string().min(1).max(64) }), result: z.strictObject({ html: z.string() }) },
  listStocks: { args: nothing, result: z.array(stockSchema) },
  /** A stock's default design; `gs1`: with GS1's human-readable line in place of the serial. */
  defaultTemplate: { args: z.strictObject({ stockId: z.string().min(1).max(64), ecc: z.enum(['L', 'M', 'Q', 'H']).optional(), gs1: z.boolean().optional() }), result: templateSchema },
  /**
   * The design with a new element in free room (a text line, a barcode the preview batch's product
   * can carry, a logo already imported, a line, an empty box); `roomy` false when none was left and it went over other
   * things, `notice` saying so or what was changed to make room. `modules`: the code's, from the preview.
   */
  placeDesignElement: {
    args: z.strictObject({
      template: templateSchema,
      element: z.enum(['text', 'barcode', 'logo', 'line', 'box']),
      logoFile: z.string().min(1).max(4096).optional(),
      batchId: z.number().int().optional(),
      modules: z.number().int().min(21).max(177),
    }),
    result: z.strictObject({ template: templateSchema, selected: z.string(), roomy: z.boolean(), notice: localizedText.nullable() }),
  },
  /** The design carried to another built-in stock, scaled to its label: what no longer fits, named; what was changed to keep something. */
  carryDesign: {
    args: z.strictObject({ template: templateSchema, stockId: z.string().min(1).max(64), batchId: z.number().int().optional(), modules: z.number().int().min(21).max(177) }),
    result: z.strictObject({ template: templateSchema, scale: z.number(), notFitting: z.array(localizedText), changed: z.array(localizedText) }),
  },
  /** One page as it will print (PNG, base64), with the template's problem if it has one. */
  /** What a design can print for a batch (or in general): each placeholder with the batch's first value. */
  labelFields: {
    args: z.strictObject({ batchId: z.number().int().optional() }),
    result: z.strictObject({
      fields: z.array(z.strictObject({ placeholder: z.string(), sample: z.string(), group: z.enum(['code', 'product', 'column', 'date']) })),
    }),
  },
  previewSheet: {
    args: z.strictObject({
      template: templateSchema,
      batchId: z.number().int().optional(),
      /** For a batch being planned: the product whose page (as this computer last read it) fills the labels. */
      product: productKeySchema.optional(),
      page: z.number().int().min(1).default(1),
      widthPx: z.number().int().min(100).max(4000).default(800),
      /** As the export will print: the first label used on the first sheet, labels per code, copies of the run (a problem when out of range). */
      run: labelRunSchema.optional(),
    }),
    /** modules: the QR symbol's modules a side, so a designer can draw its quiet zone. */
    result: z.strictObject({ pngBase64: z.string(), pages: z.number().int(), problem: localizedText.nullable(), modules: z.number().int() }),
  },
  exportBatch: {
    args: z.strictObject({
      batchId: z.number().int().min(1),
      template: templateSchema,
      out: z.string().min(1).max(4096),
      format: z.enum(['pdf', 'png', 'tiff', 'zpl']).default('pdf'),
      dpi: z.number().int().min(72).max(2400).optional(),
      rasterScope: z.enum(['sheet', 'label']).default('sheet'),
      range: z.strictObject({ from: z.number().int().min(1), to: z.number().int().min(1) }).optional(),
      splitPages: z.number().int().min(1).optional(),
      /** Ranges are the export's to check (per stock), named in plain words. */
      startAt: z.number().int().default(1),
      copiesPerCode: z.number().int().default(1),
      repeat: z.number().int().default(1),
      manifest: z.boolean().default(true),
      /** Write over files already there (the screen asks first; without it such an export is refused). */
      replace: z.boolean().default(false),
      verify: z.enum(['full', 'sample', 'off']).default('full'),
      codes: z.enum(['local', 'wechat']).default('local'),
    }),
    result: exportResultSchema,
  },
  /** Marks a batch's product codes (or a range) active — they answer real — or, with undo, not. Audited. */
  activateBatch: {
    args: z.strictObject({ id: z.number().int().min(1), range: z.strictObject({ from: z.number().int().min(1), to: z.number().int().min(1) }).optional(), undo: z.boolean().default(false) }),
    result: z.strictObject({ changed: z.number().int() }),
  },
  /** The anti-fake verdicts given by the message server, newest first, with each code's scan counts. */
  listVerdicts: {
    args: z.strictObject({
      limit: z.number().int().min(1).max(1000).default(200),
      /** Only the scans of this code (a clone suspect opened). */
      code: z.strictObject({ keystandard: z.string().min(1).max(32), keystr: z.string().min(1).max(64), extinfo: z.string().max(256) }).optional(),
    }),
    result: z.array(
      z.strictObject({
        id: z.number().int(),
        at: z.string(),
        fromUser: z.string(),
        createTime: z.number().int(),
        keystandard: z.string(),
        keystr: z.string(),
        extinfo: z.string(),
        result: z.enum(['real', 'fake', 'not_active', 'no_code']),
        scans: z.number().int(),
        scanners: z.number().int(),
        suspicious: z.boolean(),
      }),
    ),
  },
  /** Whether the rehearsal message server runs (see startRehearsal), and where. */
  getRehearsal: { args: nothing, result: rehearsalSchema },
  /**
   * `qrpack serve` for the sandbox account in the service, on 127.0.0.1 with a Token (and in safe
   * mode an EncodingAESKey) made up for the run and never shown; the sandbox then pushes its scans
   * and card claims to it as WeChat would, so a scan in the sandbox gets a verdict in the Log.
   */
  startRehearsal: { args: z.strictObject({ safeMode: z.boolean().default(true) }), result: rehearsalSchema },
  stopRehearsal: { args: nothing, result: rehearsalSchema },
  /** A shopper's scan in the sandbox, pushed to the running rehearsal server: what it answered. */
  rehearseScan: {
    args: z.strictObject({ keystandard: z.string().trim().min(1).max(32), keystr: z.string().trim().min(1).max(64), extinfo: z.string().trim().max(256).default('') }),
    result: z.strictObject({ answer: z.enum(['real', 'fake', 'not_active', 'no_code']) }),
  },
  /**
   * The Anti-fake scans' charts, counted by the service: scans per day (local time) by answer for
   * the last `days` days, and the codes scanned by several different users (clone suspects), most
   * users first.
   */
  scanStats: {
    args: z.strictObject({ days: z.number().int().min(1).max(366).default(30), suspects: z.number().int().min(1).max(200).default(20) }),
    result: z.strictObject({
      days: z.array(z.strictObject({ day: z.string(), real: z.number().int(), not_active: z.number().int(), fake: z.number().int(), no_code: z.number().int() })),
      suspects: z.array(
        z.strictObject({
          keystandard: z.string(),
          keystr: z.string(),
          extinfo: z.string(),
          scans: z.number().int(),
          scanners: z.number().int(),
          lastAt: z.string(),
          result: z.enum(['real', 'fake', 'not_active', 'no_code']),
          suspicious: z.boolean(),
        }),
      ),
    }),
  },
  /** Card claims, claims of cards friends gave on, uses and deletions per print run (seed 002 §5), newest run first. */
  listCardClaims: {
    args: z.strictObject({ cardId: z.string().min(1).max(64).optional() }),
    result: z.array(
      z.strictObject({
        batchId: z.number().int().nullable(),
        batchName: z.string().nullable(),
        cardId: z.string(),
        outerStr: z.string(),
        claims: z.number().int(),
        gifts: z.number().int(),
        consumed: z.number().int(),
        deleted: z.number().int(),
      }),
    ),
  },
  listExports: { args: z.strictObject({ batchId: z.number().int().optional() }), result: z.array(exportRecordSchema) },
  /** Decodes every label of an exported PDF again, as it is on disk now, against the log. */
  verifyExport: {
    args: z.strictObject({ id: z.number().int().min(1) }),
    result: z.strictObject({
      checked: z.number().int(),
      unchanged: z.boolean(),
      failures: z.array(z.strictObject({ extinfo: z.string(), page: z.number().int(), file: z.string(), found: z.string().nullable(), what: z.enum(['barcode', 'gs1']).optional(), barcode: z.number().int().min(1).optional() })),
    }),
  },
  /** The saved designs by name, each with when it was last saved (ISO time). */
  listTemplates: { args: nothing, result: z.array(z.strictObject({ name: z.string(), file: z.string(), template: templateSchema, savedAt: z.string() })) },
  /** Saves a template as `<data>/templates/NAME.json`, for the app and `qrpack export --template`. */
  /** A design of that name already saved is replaced only with `replace` (else a conflict naming it). */
  saveTemplate: { args: z.strictObject({ name: z.string().min(1).max(60), template: templateSchema, replace: z.boolean().optional() }), result: z.strictObject({ file: z.string() }) },
  /** Keeps an image picked for a design's logo in the data folder (where designs read it from); answers its path. */
  importLogo: {
    args: z.strictObject({ fileName: z.string().min(1).max(255), dataBase64: z.string().min(1).max(6_000_000) }),
    result: z.strictObject({ file: z.string() }),
  },
  /** The whitelist (products' or cards') as last saved from this app (from the audit), or null. */
  getTestWhitelist: {
    args: z.strictObject({ target: whitelistTarget }),
    result: z.strictObject({ openid: z.array(z.string()), username: z.array(z.string()), savedAt: z.string() }).nullable(),
  },
  /** Shows an exported file in the system's file manager (desktop app only). */
  showInFolder: { args: z.strictObject({ file: z.string().min(1).max(4096) }), result: z.strictObject({ shown: z.boolean() }) },
  /**
   * Prints an export QR Pack wrote (it must be in the export log): the system's print dialog in the
   * desktop app; in a browser, a link (good for two minutes) to open it in the browser's viewer.
   */
  printExport: { args: z.strictObject({ file: z.string().min(1).max(4096) }), result: z.strictObject({ url: z.string().nullable() }) },
  /** The printers CUPS offers on the computer QR Pack runs on, the default first. */
  listPrinters: {
    args: z.strictObject({}),
    result: z.array(z.strictObject({ name: z.string(), isDefault: z.boolean(), device: z.string() })),
  },
  /** Prints an export (a file in the export log) on a CUPS printer at 100 %: a PDF never fitted to the page, ZPL raw. */
  printOnPrinter: {
    args: z.strictObject({
      file: z.string().min(1).max(4096),
      printer: z.string().min(1).max(255),
      copies: z.number().int().default(1),
      pages: z.strictObject({ from: z.number().int(), to: z.number().int() }).optional(),
    }),
    result: z.strictObject({ printer: z.string(), job: z.string().nullable(), pages: z.number().int(), copies: z.number().int() }),
  },
  /** Opens an exported file QR Pack wrote (it must be in the export log) with the system's viewer. */
  openExport: { args: z.strictObject({ file: z.string().min(1).max(4096) }), result: z.strictObject({ opened: z.boolean() }) },
  /**
   * The desktop's save dialog for an export: the folder chosen is one the renderer may then export
   * to (besides the data folder's exports/). Null when cancelled, or without a desktop.
   */
  chooseExportFile: {
    args: z.strictObject({ suggestedName: z.string().min(1).max(255), format: z.enum(['pdf', 'png', 'tiff', 'zpl']) }),
    result: z.strictObject({ file: z.string().nullable() }),
  },
} satisfies Record<MethodName, { args: z.ZodType; result: z.ZodType }>;

export const events = {
  settingsChanged: settingsSchema,
  accountsChanged: z.array(accountViewSchema),
  batchProgress: batchProgressSchema,
  exportProgress: exportProgressSchema,
} satisfies Record<EventName, z.ZodType>;

export const ERROR_CODES = [
  'invalid_argument',
  'unknown_method',
  'not_found',
  'conflict',
  'forbidden',
  'store_too_new',
  'storage',
  'wechat',
  'internal',
] as const;

export const wireErrorSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: localizedText,
  /** Field-level problems of a form, by field name. */
  fields: z.array(z.strictObject({ field: z.string(), message: localizedText })).optional(),
  /** WeChat's errcode, when WeChat refused. */
  errcode: z.number().int().optional(),
});
