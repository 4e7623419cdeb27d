import { createHash, randomBytes } from 'node:crypto';
import { EXTINFO_MAX_CHARS, EXTINFO_PATTERN, QRCODE_SIZE_MAX_PX, QRCODE_SIZE_MIN_PX, WHITELIST_MAX } from '../core/wechat/requestChecks';
import { fail, field, isNonEmptyString, isObject, isString, isStringArray } from './sandboxError';

type Status = 'on' | 'off' | 'check' | 'reject';
const KEYSTANDARDS = new Set(['ean13', 'ean8', 'upc-a', 'upc-e', 'qrcode']);
const MAX_PRODUCTS = 100_000;
const TICKET_LIFETIME_MS = 20 * 60_000;
/**
 * A wxticket as WeChat writes one: the seed's `azlsdGljdXo4Ymow` is twelve lowercase letters and
 * digits in base64, so it never begins with "-" and needs no escaping in a URL.
 */
function wxticket(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const chars = Array.from(randomBytes(12), (byte) => alphabet[byte % alphabet.length]).join('');
  return Buffer.from(chars).toString('base64');
}

/** A product whose title carries this marker is rejected at review (to rehearse a rejection). */
export const REJECT_MARKER = '[sandbox:reject]';

export interface SandboxProduct {
  keystandard: string;
  keystr: string;
  pid: string;
  brandInfo: Record<string, unknown>;
  status: Status;
  /** When a product in review leaves `check`. */
  reviewDoneAtMs?: number;
  updateTime: number;
}

interface Ticket {
  keystandard: string;
  keystr: string;
  extinfo: string;
  openid: string;
  scene: 'scan' | 'others';
  createdAtMs: number;
  isCheck: boolean;
}

export interface ProductsSnapshot {
  products: SandboxProduct[];
  whitelist: { openid: string[]; username: string[] };
  scanCounts: Record<string, number>;
}

const keyOf = (keystandard: string, keystr: string) => `${keystandard}:${keystr}`;

/**
 * Digits and length only: the seed documents' own example barcodes (6900873042720…) carry wrong
 * check digits and WeChat accepts them; what it checks is the brand's segment (61305).
 */
const digitsOf = (keystr: string, length: number) => new RegExp(`^\\d{${length}}$`).test(keystr);

/** Products, the tester whitelist, wxtickets and scan records, as the scan APIs keep them. */
export class SandboxProducts {
  private readonly products = new Map<string, SandboxProduct>();
  private whitelist = { openid: [] as string[], username: [] as string[] };
  private readonly tickets = new Map<string, Ticket>();
  private readonly scanCounts = new Map<string, number>();
  /** getqrcode calls answered, for benchmarks and tests. */
  qrcodesIssued = 0;
  /** Every distinct qrcode_url answered: tests check none of them is missing from the app's log. */
  readonly qrcodeUrls = new Set<string>();

  constructor(
    private readonly appId: string,
    public reviewDelayMs: number,
    /** Base URL of this sandbox, for pic_url. */
    private readonly baseUrl: () => string,
    private readonly nowMs: () => number = Date.now,
  ) {}

  snapshot(): ProductsSnapshot {
    return {
      products: [...this.products.values()].map((p) => this.settled(p)),
      whitelist: this.whitelist,
      scanCounts: Object.fromEntries(this.scanCounts),
    };
  }

  restore(snapshot: ProductsSnapshot): void {
    for (const product of snapshot.products) this.products.set(keyOf(product.keystandard, product.keystr), product);
    this.whitelist = snapshot.whitelist;
    for (const [key, count] of Object.entries(snapshot.scanCounts)) this.scanCounts.set(key, count);
  }

  create(body: Record<string, unknown>): { pid: string } {
    const { keystandard, keystr } = this.keyFrom(body);
    if (this.products.has(keyOf(keystandard, keystr))) fail(61337, 'product exists');
    if (this.products.size >= MAX_PRODUCTS) fail(63158, 'product count reaches limit');
    const brandInfo = field(body, 'brand_info', isObject, 61350);
    const base = brandInfo.base_info;
    if (!isObject(base) || !isNonEmptyString(base.title)) fail(61350, 'brand_info.base_info.title required');
    const product: SandboxProduct = {
      keystandard,
      keystr,
      pid: this.pidOf(keystandard, keystr),
      brandInfo,
      status: 'off',
      updateTime: Math.floor(this.nowMs() / 1000),
    };
    this.products.set(keyOf(keystandard, keystr), product);
    return { pid: product.pid };
  }

  /** A product already published, as a fresh sandbox account's demo. */
  seedPublished(keystandard: string, keystr: string, brandInfo: Record<string, unknown>): void {
    this.create({ keystandard, keystr, brand_info: brandInfo });
    this.products.get(keyOf(keystandard, keystr))!.status = 'on';
  }

  get(body: Record<string, unknown>): { brand_info: Record<string, unknown> } {
    const product = this.find(body);
    const base = isObject(product.brandInfo.base_info) ? product.brandInfo.base_info : {};
    return { brand_info: { ...product.brandInfo, base_info: { ...base, status: product.status } } };
  }

  getList(body: Record<string, unknown>): { total: number; key_list: unknown[] } {
    const offset = Number(body.offset ?? 0);
    const limit = Number(body.limit ?? 10);
    const status = String(body.status ?? 'all');
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 100) fail(40097, 'invalid offset/limit');
    if (!['on', 'off', 'check', 'reject', 'all'].includes(status)) fail(40097, 'invalid status');
    const needle = isString(body.keystr) ? body.keystr : '';
    const hits = [...this.products.values()]
      .map((p) => this.settled(p))
      .filter((p) => (status === 'all' || p.status === status) && p.keystr.includes(needle))
      .sort((a, b) => b.updateTime - a.updateTime || a.keystr.localeCompare(b.keystr));
    return {
      total: hits.length,
      key_list: hits.slice(offset, offset + limit).map((p) => ({
        keystandard: p.keystandard,
        keystr: p.keystr,
        category_id: Number((p.brandInfo.base_info as Record<string, unknown>)?.category_id ?? 0),
        category_name: '',
        update_time: p.updateTime,
        status: p.status,
      })),
    };
  }

  update(body: Record<string, unknown>): { pid: string } {
    const product = this.find(body);
    if (product.status === 'check') fail(63166, 'product is under review, cannot modify');
    const parts = field(body, 'brand_info', isObject, 61350);
    // Seed 001: the four parts are updated "independently or as a whole" — a part sent replaces
    // that part, a part not sent is kept. A base_info sent still needs its title.
    for (const part of ['base_info', 'detail_info', 'action_info', 'module_info']) {
      if (part in parts && (!isObject(parts[part]) || (part === 'base_info' && !isNonEmptyString((parts[part] as Record<string, unknown>).title)))) fail(61350, `invalid ${part}`);
    }
    for (const part of ['base_info', 'detail_info', 'action_info', 'module_info']) {
      if (part in parts) product.brandInfo[part] = parts[part];
    }
    // Updating a published product sends it back to review.
    if (product.status === 'on') this.startReview(product);
    product.updateTime = Math.floor(this.nowMs() / 1000);
    return { pid: product.pid };
  }

  modStatus(body: Record<string, unknown>): Record<string, never> {
    const product = this.find(body);
    const status = body.status;
    if (status !== 'on' && status !== 'off') fail(40097, 'status must be on or off');
    if (product.status === 'check') fail(63166, 'product is under review, cannot modify status');
    if (status === 'on') {
      if (product.status !== 'on') this.startReview(product);
    } else product.status = 'off';
    product.updateTime = Math.floor(this.nowMs() / 1000);
    return {};
  }

  clear(body: Record<string, unknown>): Record<string, never> {
    const product = this.find(body);
    this.products.delete(keyOf(product.keystandard, product.keystr));
    return {};
  }

  setWhitelist(body: Record<string, unknown>): Record<string, never> {
    const openid = body.openid ?? [];
    const username = body.username ?? [];
    if (!isStringArray(openid) || !isStringArray(username)) fail(40097, 'openid and username must be string arrays');
    const openids = openid as string[];
    const usernames = username as string[];
    if (openids.length + usernames.length > WHITELIST_MAX) fail(61341, 'whitelist size exceeds limit');
    this.whitelist = { openid: [...openids], username: [...usernames] };
    return {};
  }

  getQrcode(body: Record<string, unknown>): { pic_url: string; qrcode_url: string } {
    const product = this.find(body);
    const extinfo = body.extinfo;
    if (extinfo !== undefined) {
      if (!isString(extinfo) || !EXTINFO_PATTERN.test(extinfo)) fail(61314, 'invalid ExtInfo');
      if ((extinfo as string).length > EXTINFO_MAX_CHARS) fail(61351, 'ExtInfo too long');
    }
    const size = body.qrcode_size ?? 100;
    if (!Number.isInteger(size) || (size as number) < QRCODE_SIZE_MIN_PX || (size as number) > QRCODE_SIZE_MAX_PX) fail(61350, 'invalid qrcode_size');
    const content = `http://p.url.cn/${product.pid}${extinfo ? `/${extinfo as string}` : ''}`;
    this.qrcodesIssued++;
    this.qrcodeUrls.add(content);
    return {
      pic_url: `${this.baseUrl()}/sandbox/pic?c=${Buffer.from(content).toString('base64url')}&s=${size as number}`,
      qrcode_url: content,
    };
  }

  /** The same path serves the wxticket check and the scan-record clear; the body tells which. */
  ticketOrClear(body: Record<string, unknown>): Record<string, unknown> {
    if ('ticket' in body) return this.checkTicket(body);
    if ('keystandard' in body && 'keystr' in body && 'extinfo' in body) return this.clearScanRecord(body);
    return fail(40097, 'ticket, or keystandard + keystr + extinfo, required');
  }

  /** A user scanning a code (sandbox control): counts the scan and issues a wxticket. */
  simulateScan(body: Record<string, unknown>): { ticket: string; scan_count: number; openid: string } {
    const product = this.find(body);
    const extinfo = isString(body.extinfo) ? body.extinfo : '';
    const codeKey = `${keyOf(product.keystandard, product.keystr)}:${extinfo}`;
    const before = this.scanCounts.get(codeKey) ?? 0;
    this.scanCounts.set(codeKey, before + 1);
    const ticket = wxticket();
    const openid = isString(body.openid) ? body.openid : `o${randomBytes(13).toString('base64url')}`;
    this.tickets.set(ticket, {
      keystandard: product.keystandard,
      keystr: product.keystr,
      extinfo,
      openid,
      scene: body.scene === 'others' ? 'others' : 'scan',
      createdAtMs: this.nowMs(),
      isCheck: before > 0,
    });
    return { ticket, scan_count: before + 1, openid };
  }

  scanCount(keystandard: string, keystr: string, extinfo: string): number {
    return this.scanCounts.get(`${keyOf(keystandard, keystr)}:${extinfo}`) ?? 0;
  }

  get whitelistNow(): { openid: string[]; username: string[] } {
    return this.whitelist;
  }

  private checkTicket(body: Record<string, unknown>): Record<string, unknown> {
    const ticket = isString(body.ticket) ? this.tickets.get(body.ticket.trim()) : undefined;
    if (!ticket || this.nowMs() - ticket.createdAtMs > TICKET_LIFETIME_MS) fail(61317, 'invalid ticket');
    return {
      keystandard: ticket!.keystandard,
      keystr: ticket!.keystr,
      openid: ticket!.openid,
      scene: ticket!.scene,
      is_check: ticket!.isCheck,
      is_contact: false,
    };
  }

  private clearScanRecord(body: Record<string, unknown>): Record<string, never> {
    const product = this.find(body);
    const extinfo = field(body, 'extinfo', isString);
    this.scanCounts.delete(`${keyOf(product.keystandard, product.keystr)}:${extinfo}`);
    return {};
  }

  private startReview(product: SandboxProduct): void {
    product.status = 'check';
    product.reviewDoneAtMs = this.nowMs() + this.reviewDelayMs;
  }

  /** A product in review leaves `check` once its review time has passed. */
  private settled(product: SandboxProduct): SandboxProduct {
    if (product.status === 'check' && product.reviewDoneAtMs !== undefined && this.nowMs() >= product.reviewDoneAtMs) {
      const title = String((product.brandInfo.base_info as Record<string, unknown>)?.title ?? '');
      product.status = title.includes(REJECT_MARKER) ? 'reject' : 'on';
      product.reviewDoneAtMs = undefined;
    }
    return product;
  }

  private keyFrom(body: Record<string, unknown>): { keystandard: string; keystr: string } {
    const keystandard = field(body, 'keystandard', isString, 61343);
    if (!KEYSTANDARDS.has(keystandard)) fail(61343, 'invalid keystandard');
    const keystr = field(body, 'keystr', isNonEmptyString, 61350);
    const ok =
      keystandard === 'ean13' ? digitsOf(keystr, 13)
      : keystandard === 'ean8' ? digitsOf(keystr, 8)
      : keystandard === 'upc-a' ? digitsOf(keystr, 12)
      : /^[A-Za-z0-9_-]{1,64}$/.test(keystr);
    if (!ok) fail(61350, `invalid keystr for ${keystandard}`);
    return { keystandard, keystr };
  }

  private find(body: Record<string, unknown>): SandboxProduct {
    const { keystandard, keystr } = this.keyFrom(body);
    const product = this.products.get(keyOf(keystandard, keystr));
    if (!product) fail(61334, 'product not exist');
    return this.settled(product!);
  }

  /** Stable per product: the same product always has the same pid, so the same extinfo the same URL. */
  private pidOf(keystandard: string, keystr: string): string {
    return createHash('sha256').update(`${this.appId}\0${keystandard}\0${keystr}`).digest('base64url').slice(0, 11);
  }
}
