import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { qrPng } from './qrPng';
import { DEPOSIT_ANSWERS, SandboxCards, type CardsSnapshot, type DepositAnswer } from './sandboxCards';
import { fail, isObject, SandboxError } from './sandboxError';
import { NO_FAULTS, SandboxFaults, seededRandom, type FaultSettings } from './sandboxFaults';
import { SANDBOX_DEMO_CARD_ID } from '../../shared/cards/cardCode';
import { DEFAULT_MINI_PROGRAM, SandboxJumpRules, type JumpRulesSnapshot, type MiniProgramSettings } from './sandboxJumpRules';
import { SandboxProducts, type ProductsSnapshot } from './sandboxProducts';
import { SandboxPush, type PushTarget } from './sandboxPush';
import type { SandboxPushTarget } from '../core/wechat/accountClients';
import { SandboxTokens } from './sandboxTokens';

/** Shaped like a real AppID (wx + 16 hex digits) so every AppID check accepts it. */
export const SANDBOX_APP_ID = 'wx5a4db0c0de000001';

export interface SandboxOptions {
  port?: number;
  appId?: string;
  /** Generated (and kept in the data folder, if any) when absent. */
  secret?: string;
  tokenTtlS?: number;
  classicOverlapS?: number;
  reviewDelayMs?: number;
  faults?: Partial<FaultSettings>;
  miniProgram?: Partial<MiniProgramSettings>;
  /** Where state is kept across restarts; in memory only when absent. */
  dataDir?: string;
  /** Seed for injected faults, so a run can be repeated. */
  seed?: number;
  /** The sandbox's clock (tests move it to expire tokens and tickets). */
  nowMs?: () => number;
  /** Start a new (stateless) sandbox with one published demo product. */
  demoProduct?: boolean;
  /** The message server scans and card claims are pushed to, as WeChat would (also `POST /sandbox/push`). */
  push?: SandboxPushTarget;
}

/** The demo product of a fresh sandbox account: the seed documents' own example barcode. */
export const DEMO_PRODUCT = { keystandard: 'ean13', keystr: '6900873042720' };
const DEMO_BRAND_INFO = {
  base_info: { title: '示例饮料 Demo', brand_tag: 'QR Pack', category_id: 0, retail_price: '9.90', color: 'auto' },
  detail_info: {
    banner_list: [],
    detail_list: [
      { title: '产品名称', desc: '示例饮料 500 ml' },
      { title: 'Product', desc: 'Sample drink 500 ml' },
    ],
  },
  action_info: { action_list: [{ type: 'text', text: '沙箱中的示例商品,可直接用于演练发码与打印。' }] },
  module_info: { module_list: [{ type: 'anti_fake', native_show: 'true' }] },
};

export interface FaultControl extends Partial<FaultSettings> {
  invalidateTokens?: boolean;
  reviewDelayMs?: number;
  tokenTtlS?: number;
  miniProgram?: Partial<MiniProgramSettings>;
  /** How card/code/deposit answers: the codes listed, counts, or errcode 0 alone (all documented). */
  depositAnswer?: DepositAnswer;
}

interface Snapshot {
  secret: string;
  products: ProductsSnapshot;
  cards: CardsSnapshot;
  jumpRules: JumpRulesSnapshot;
}

type Handler = (body: Record<string, unknown>, query: URLSearchParams) => unknown;

/**
 * A local, stateful stand-in for the WeChat APIs QR Pack calls: same paths, same JSON shapes,
 * same errcodes, tokens that expire, and faults on demand. Listens on 127.0.0.1 only.
 */
export class Sandbox {
  readonly appId: string;
  readonly secret: string;
  readonly tokens: SandboxTokens;
  readonly products: SandboxProducts;
  readonly cards: SandboxCards;
  readonly jumpRules: SandboxJumpRules;
  readonly faults: SandboxFaults;
  readonly pushes: SandboxPush;
  private server: http.Server | undefined;
  private baseUrl = '';
  private readonly stateFile: string | undefined;
  private readonly routes: Record<string, Handler>;

  constructor(options: SandboxOptions = {}) {
    this.stateFile = options.dataDir ? path.join(options.dataDir, 'sandbox-state.json') : undefined;
    const saved = this.readSnapshot();
    this.appId = options.appId ?? SANDBOX_APP_ID;
    this.secret = options.secret ?? saved?.secret ?? randomBytes(16).toString('hex');
    const base = () => this.baseUrl;
    const now = options.nowMs ?? Date.now;
    this.tokens = new SandboxTokens(this.appId, this.secret, { ttlS: options.tokenTtlS ?? 7200, classicOverlapS: options.classicOverlapS ?? 300 }, now);
    this.products = new SandboxProducts(this.appId, options.reviewDelayMs ?? 3000, base, now);
    this.cards = new SandboxCards(base, now);
    this.jumpRules = new SandboxJumpRules(this.appId, { ...DEFAULT_MINI_PROGRAM, ...options.miniProgram });
    this.faults = new SandboxFaults({ ...NO_FAULTS, ...options.faults }, seededRandom(options.seed ?? Date.now()));
    this.pushes = new SandboxPush(this.appId, now);
    if (options.push) this.pushes.configure({ ...options.push });
    if (saved) {
      this.products.restore(saved.products);
      this.cards.restore(saved.cards);
      this.jumpRules.restore(saved.jumpRules);
    } else if (options.demoProduct) {
      this.products.seedPublished(DEMO_PRODUCT.keystandard, DEMO_PRODUCT.keystr, DEMO_BRAND_INFO);
      this.cards.seedDepositCard(SANDBOX_DEMO_CARD_ID);
    }
    const p = this.products;
    const c = this.cards;
    const j = this.jumpRules;
    this.routes = {
      'POST /scan/product/create': (b) => p.create(b),
      'POST /scan/product/get': (b) => p.get(b),
      'POST /scan/product/getlist': (b) => p.getList(b),
      'POST /scan/product/update': (b) => p.update(b),
      'POST /scan/product/modstatus': (b) => p.modStatus(b),
      'POST /scan/product/clear': (b) => p.clear(b),
      'POST /scan/testwhitelist/set': (b) => p.setWhitelist(b),
      'POST /scan/product/getqrcode': (b) => p.getQrcode(b),
      'POST /scan/scanticket/check': (b) => p.ticketOrClear(b),
      'POST /card/create': (b) => c.create(b),
      'POST /card/qrcode/create': (b) => c.createQr(b),
      'POST /card/landingpage/create': (b) => c.landingPage(b),
      'POST /card/code/deposit': (b) => c.deposit(b),
      'POST /card/code/getdepositcount': (b) => c.depositCount(b),
      'POST /card/code/checkcode': (b) => c.checkCodes(b),
      'POST /card/mpnews/gethtml': (b) => c.mpnewsHtml(b),
      'POST /card/testwhitelist/set': (b) => c.setWhitelist(b),
      'POST /card/get': (b) => c.get(b),
      'POST /card/batchget': (b) => c.batchGet(b),
      'POST /card/update': (b) => c.update(b),
      'POST /card/modifystock': (b) => c.modifyStock(b),
      'POST /cgi-bin/message/mass/preview': (b) => c.preview(b),
      'POST /cgi-bin/wxopen/qrcodejumpadd': (b) => j.add(b),
      'POST /cgi-bin/wxopen/qrcodejumpget': () => j.list(),
      'POST /cgi-bin/wxopen/qrcodejumpdelete': (b) => j.delete(b),
      'POST /cgi-bin/wxopen/qrcodejumpdownload': () => j.verificationFile(),
      'POST /cgi-bin/wxopen/qrcodejumppublish': (b) => j.publish(b),
    };
  }

  /** Calls that change nothing: no need to save state after them. */
  private static readonly READ_ONLY = new Set([
    'POST /scan/product/get',
    'POST /scan/product/getlist',
    'POST /scan/product/getqrcode',
    'POST /card/code/getdepositcount',
    'POST /card/code/checkcode',
    'POST /card/mpnews/gethtml',
    'POST /card/get',
    'POST /card/batchget',
    'POST /cgi-bin/wxopen/qrcodejumpget',
    'POST /cgi-bin/wxopen/qrcodejumpdownload',
  ]);

  get url(): string {
    return this.baseUrl;
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    // Every change was saved as it was made; a data folder that has become read-only keeps that.
    try {
      this.save();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EROFS' && code !== 'EACCES' && code !== 'EPERM') throw error;
    }
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private isOwnHost(host: string | undefined): boolean {
    const port = new URL(this.baseUrl).port;
    return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
  }

  /** Where scans and card claims are pushed from now on (an empty url: nowhere); also `POST /sandbox/push`. */
  pushTo(target: SandboxPushTarget | Record<string, unknown> | null): PushTarget | null {
    return this.pushes.configure({ ...target });
  }

  /** Fault injection at run time (also `POST /sandbox/faults`). */
  control(change: FaultControl): void {
    const { invalidateTokens, reviewDelayMs, tokenTtlS, miniProgram, depositAnswer, ...faults } = change;
    if (depositAnswer !== undefined) {
      if (!(DEPOSIT_ANSWERS as readonly string[]).includes(depositAnswer)) fail(40097, `depositAnswer is one of ${DEPOSIT_ANSWERS.join(', ')}`);
      this.cards.depositAnswer = depositAnswer;
    }
    this.faults.settings = { ...this.faults.settings, ...faults };
    if (invalidateTokens) this.tokens.invalidateAll();
    if (reviewDelayMs !== undefined) this.products.reviewDelayMs = reviewDelayMs;
    if (tokenTtlS !== undefined) this.tokens.rules = { ...this.tokens.rules, ttlS: tokenTtlS };
    if (miniProgram) this.jumpRules.miniProgram = { ...this.jumpRules.miniProgram, ...miniProgram };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const route = `${req.method} ${url.pathname}`;
    let body: Record<string, unknown> = {};
    try {
      body = await readBody(req);
    } catch {
      return this.reply(res, { errcode: 47001, errmsg: 'data format error' });
    }
    if (this.faults.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.faults.settings.latencyMs));
    try {
      if (url.pathname.startsWith('/sandbox/') || url.pathname === '/cgi-bin/showqrcode') {
        // The control endpoints change the emulator's state: like the browser transport, they
        // answer only requests addressed to this computer by name (no DNS rebinding) and, for
        // changes, JSON bodies — which a foreign web page cannot send without a preflight.
        if (!this.isOwnHost(req.headers.host)) return void res.writeHead(403).end();
        if (req.method !== 'GET' && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return void res.writeHead(415).end();
        return await this.sandboxRoute(route, url, body, res);
      }
      if (route === 'GET /cgi-bin/token') {
        if (url.searchParams.get('grant_type') !== 'client_credential') return this.reply(res, { errcode: 40002, errmsg: 'invalid grant_type' });
        return this.reply(res, this.tokens.classic(url.searchParams.get('appid') ?? '', url.searchParams.get('secret') ?? ''));
      }
      if (route === 'POST /cgi-bin/stable_token') {
        if (body.grant_type !== 'client_credential') return this.reply(res, { errcode: 40002, errmsg: 'invalid grant_type' });
        return this.reply(res, this.tokens.stable(String(body.appid ?? ''), String(body.secret ?? ''), body.force_refresh === true));
      }
      const handler = this.routes[route];
      if (!handler && route !== 'POST /cgi-bin/clear_quota') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 404, errmsg: 'no such api' }));
        return;
      }
      this.tokens.check(url.searchParams.get('access_token'));
      if (route === 'POST /cgi-bin/clear_quota') {
        if (body.appid !== this.appId) return this.reply(res, { errcode: 40013, errmsg: 'invalid appid' });
        this.faults.clearQuota();
        return this.reply(res, { errcode: 0, errmsg: 'ok' });
      }
      this.faults.beforeApiCall();
      const result = handler!(body, url.searchParams) as Record<string, unknown>;
      if (!Sandbox.READ_ONLY.has(route)) this.save();
      return this.reply(res, { errcode: 0, errmsg: 'ok', ...result });
    } catch (error) {
      if (error instanceof SandboxError) return this.reply(res, { errcode: error.errcode, errmsg: error.errmsg });
      res.writeHead(500).end(String(error));
    }
  }

  private async sandboxRoute(route: string, url: URL, body: Record<string, unknown>, res: http.ServerResponse): Promise<void> {
    if (route === 'GET /sandbox/pic') {
      const content = Buffer.from(url.searchParams.get('c') ?? '', 'base64url').toString('utf8');
      const size = Number(url.searchParams.get('s') ?? 100);
      if (!content || !Number.isInteger(size) || size < 21 || size > 4000) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=31536000, immutable' }).end(await qrPng(content, size));
      return;
    }
    if (route === 'GET /cgi-bin/showqrcode') {
      const content = this.cards.ticketContent(url.searchParams.get('ticket') ?? '');
      if (!content) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'image/png' }).end(await qrPng(content, 430));
      return;
    }
    if (route === 'POST /sandbox/scan') {
      const { openid, ...result } = this.products.simulateScan(body);
      this.save();
      // As WeChat: the product page opens, and the brand's message server is asked for the verdict.
      const push = await this.pushes.push(openid, 'scan_product_callback', {
        KeyStandard: String(body.keystandard),
        KeyStr: String(body.keystr),
        ExtInfo: typeof body.extinfo === 'string' && body.extinfo !== '' ? body.extinfo : undefined,
        NeedAntiFake: 'true',
      });
      return this.reply(res, { errcode: 0, errmsg: 'ok', ...result, ...(push ? { push } : {}) });
    }
    if (route === 'POST /sandbox/card/claim') {
      const { claims, ...result } = this.cards.claim(body);
      this.save();
      const openid = typeof body.openid === 'string' && body.openid ? body.openid : `o${randomBytes(13).toString('base64url')}`;
      const pushes = [];
      for (const claim of claims) {
        const push = await this.pushes.push(openid, 'user_get_card', {
          CardId: claim.cardId,
          IsGiveByFriend: 0,
          UserCardCode: claim.userCardCode,
          FriendUserName: '',
          OuterId: 0,
          OldUserCardCode: '',
          OuterStr: claim.outerStr,
        });
        if (push) pushes.push(push);
      }
      return this.reply(res, { errcode: 0, errmsg: 'ok', ...result, ...(pushes.length ? { pushes } : {}) });
    }
    if (route === 'POST /sandbox/push') {
      const target = this.pushTo(body);
      return this.reply(res, { errcode: 0, errmsg: 'ok', pushing: target !== null, safe_mode: target?.safeMode !== undefined });
    }
    if (route === 'POST /sandbox/faults') {
      this.control(body as FaultControl);
      return this.reply(res, { errcode: 0, errmsg: 'ok', faults: this.faults.settings });
    }
    if (route === 'GET /sandbox/state') {
      return this.reply(res, {
        errcode: 0,
        errmsg: 'ok',
        app_id: this.appId,
        api_calls: this.faults.callsCounted,
        tokens_issued: this.tokens.issued,
        qrcodes_issued: this.products.qrcodesIssued,
        card_previews: this.cards.previews,
        pushes_sent: this.pushes.pushes,
        ...this.products.snapshot(),
      });
    }
    res.writeHead(404).end();
  }

  private reply(res: http.ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }

  private readSnapshot(): Snapshot | undefined {
    if (!this.stateFile || !fs.existsSync(this.stateFile)) return undefined;
    return JSON.parse(fs.readFileSync(this.stateFile, 'utf8')) as Snapshot;
  }

  private save(): void {
    if (!this.stateFile) return;
    const snapshot: Snapshot = {
      secret: this.secret,
      products: this.products.snapshot(),
      cards: this.cards.snapshot(),
      jumpRules: this.jumpRules.snapshot(),
    };
    fs.mkdirSync(path.dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(snapshot));
    fs.renameSync(tmp, this.stateFile);
  }
}

function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (!text) return resolve({});
      try {
        const parsed: unknown = JSON.parse(text);
        if (isObject(parsed)) resolve(parsed);
        else reject(new Error('not an object'));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

/** Starts a sandbox on loopback. */
export function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return new Sandbox(options).start(options.port);
}
