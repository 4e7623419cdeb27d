import { checkExtinfo, checkQrcodeSize, checkWhitelist } from './requestChecks';
import type { WechatHttp, WechatReply } from './wechatHttp';

export type ProductStatus = 'on' | 'off' | 'check' | 'reject';
export interface ProductKey {
  keystandard: string;
  keystr: string;
}

/** The four parts of a product page (seed 001); WeChat's field names, kept as they are. */
export interface BrandInfo {
  base_info?: {
    title?: string;
    thumb_url?: string;
    brand_tag?: string;
    category_id?: number;
    retail_price?: string;
    store_mgr_type?: string;
    store_vendorid_list?: string[];
    color?: string;
    status?: ProductStatus;
    [key: string]: unknown;
  };
  detail_info?: {
    banner_list?: { link: string }[];
    detail_list?: { title: string; desc: string }[];
    [key: string]: unknown;
  };
  action_info?: {
    [key: string]: unknown;
    action_list?: { type: string; name?: string; link?: string; image?: string; showtype?: string; appid?: string; text?: string; [key: string]: unknown }[];
  };
  module_info?: { [key: string]: unknown; module_list?: { type: string; native_show?: string; [key: string]: unknown }[] };
  [key: string]: unknown;
}

export interface ProductListItem extends ProductKey {
  category_id: number;
  category_name: string;
  update_time: number;
  status: ProductStatus;
}

export interface QrcodeReply {
  /** A PNG to download. */
  pic_url: string;
  /** The code's content: http://p.url.cn/ + pid + / + extinfo. */
  qrcode_url: string;
}

export interface TicketCheck extends ProductKey {
  openid: string;
  scene: 'scan' | 'others';
  is_check: boolean;
  is_contact: boolean;
}

/**
 * Clearing a code's scan record: the seed gives the same path as the ticket check, and no public
 * source shows another; WeChat tells the two apart by the body. One constant, so it can change.
 */
export const CLEAR_SCAN_RECORD_PATH = '/scan/scanticket/check';

/** The scan ("扫一扫") product APIs of seeds 000 and 001. */
export class ScanApi {
  constructor(private readonly http: WechatHttp) {}

  async create(key: ProductKey, brandInfo: BrandInfo): Promise<{ pid: string }> {
    const reply = await this.http.post('/scan/product/create', { ...key, brand_info: brandInfo });
    return { pid: String(reply.pid) };
  }

  async get(key: ProductKey): Promise<BrandInfo> {
    return (await this.http.post<WechatReply & { brand_info: BrandInfo }>('/scan/product/get', key)).brand_info;
  }

  async getList(query: { offset: number; limit: number; status: ProductStatus | 'all'; keystr?: string }): Promise<{ total: number; items: ProductListItem[] }> {
    const reply = await this.http.post<WechatReply & { total: number; key_list?: ProductListItem[] }>('/scan/product/getlist', query);
    return { total: Number(reply.total ?? 0), items: reply.key_list ?? [] };
  }

  async update(key: ProductKey, brandInfo: BrandInfo): Promise<{ pid: string }> {
    const reply = await this.http.post('/scan/product/update', { ...key, brand_info: brandInfo });
    return { pid: String(reply.pid) };
  }

  /** on = submit for review; off = unpublish. */
  async modStatus(key: ProductKey, status: 'on' | 'off'): Promise<void> {
    await this.http.post('/scan/product/modstatus', { ...key, status });
  }

  async clear(key: ProductKey): Promise<void> {
    await this.http.post('/scan/product/clear', key);
  }

  /** Replaces the whole tester whitelist. */
  async setTestWhitelist(openids: string[], usernames: string[]): Promise<void> {
    checkWhitelist(openids, usernames, '/scan/testwhitelist/set');
    await this.http.post('/scan/testwhitelist/set', { openid: openids, username: usernames });
  }

  async getQrcode(key: ProductKey, extinfo: string | undefined, qrcodeSizePx?: number): Promise<QrcodeReply> {
    const path = '/scan/product/getqrcode';
    checkExtinfo(extinfo, path);
    checkQrcodeSize(qrcodeSizePx, path);
    const reply = await this.http.post<WechatReply & QrcodeReply>(path, {
      ...key,
      ...(extinfo === undefined ? {} : { extinfo }),
      ...(qrcodeSizePx === undefined ? {} : { qrcode_size: qrcodeSizePx }),
    });
    return { pic_url: reply.pic_url, qrcode_url: reply.qrcode_url };
  }

  async checkTicket(ticket: string): Promise<TicketCheck> {
    const reply = await this.http.post<WechatReply & TicketCheck>('/scan/scanticket/check', { ticket });
    const { errcode: _errcode, errmsg: _errmsg, ...check } = reply;
    return check as TicketCheck;
  }

  async clearScanRecord(key: ProductKey, extinfo: string): Promise<void> {
    checkExtinfo(extinfo, CLEAR_SCAN_RECORD_PATH);
    await this.http.post(CLEAR_SCAN_RECORD_PATH, { ...key, extinfo });
  }
}
