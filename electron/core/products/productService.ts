import type { ActionLog } from '../audit/actionLog';
import type { Db } from '../store/openStore';
import { checkWhitelist } from '../wechat/requestChecks';
import { checkTesterEntries } from './testerWhitelist';
import { wxticketFrom } from '../../../shared/products/wxticket';
import type { TicketCheckView } from '../../../shared/contract';
import { AppError } from '../appError';
import type { BrandInfo, ProductKey, ProductListItem, ProductStatus } from '../wechat/scanApi';
import type { WechatClient } from '../wechat/wechatClient';

const target = (key: ProductKey) => `${key.keystandard}:${key.keystr}`;

/**
 * Products on WeChat's side: reads refresh the local cache (so the log and the screens can show
 * titles offline); every change is audited, refused or not.
 */
export class ProductService {
  constructor(
    private readonly db: Db,
    private readonly actions: ActionLog,
  ) {}

  async list(accountId: string, client: WechatClient, query: { offset: number; limit: number; status: ProductStatus | 'all'; keystr?: string }): Promise<{ total: number; items: (ProductListItem & { title: string | null })[] }> {
    const page = await client.scan.getList(query);
    // WeChat's list has no titles: each comes back from the upsert, as this computer last read the page.
    const upsert = this.db
      .prepare<[string, string, string, string, number, string], string | null>(
        `INSERT INTO products (account_id, keystandard, keystr, status, update_time, fetched_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(account_id, keystandard, keystr) DO UPDATE SET status = excluded.status, update_time = excluded.update_time, fetched_at = excluded.fetched_at
         RETURNING title`,
      )
      .pluck();
    const at = new Date().toISOString();
    const items = this.db.transaction(() => page.items.map((item) => ({ ...item, title: upsert.get(accountId, item.keystandard, item.keystr, item.status, item.update_time, at) || null })))();
    return { total: page.total, items };
  }

  async get(accountId: string, client: WechatClient, key: ProductKey): Promise<BrandInfo> {
    const info = await client.scan.get(key);
    this.db
      .prepare(
        `INSERT INTO products (account_id, keystandard, keystr, status, title, brand_info_json, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(account_id, keystandard, keystr) DO UPDATE SET status = excluded.status, title = excluded.title,
           brand_info_json = excluded.brand_info_json, fetched_at = excluded.fetched_at`,
      )
      .run(accountId, key.keystandard, key.keystr, info.base_info?.status ?? 'off', info.base_info?.title ?? '', JSON.stringify(info), new Date().toISOString());
    return info;
  }

  /**
   * The product page's fields for labels, from the cache (filled whenever a product is read, and
   * when a product batch is planned): null when this computer never read the product.
   */
  cachedFields(accountId: string, key: ProductKey): { title: string; product: Record<string, string> } | null {
    const json = this.db
      .prepare('SELECT brand_info_json FROM products WHERE account_id = ? AND keystandard = ? AND keystr = ?')
      .pluck()
      .get(accountId, key.keystandard, key.keystr) as string | null | undefined;
    if (!json) return null;
    const info = JSON.parse(json) as BrandInfo;
    const product: Record<string, string> = {};
    if (info.base_info?.brand_tag) product.brand_tag = String(info.base_info.brand_tag);
    if (info.base_info?.retail_price) product.retail_price = String(info.base_info.retail_price);
    for (const d of info.detail_info?.detail_list ?? []) if (d?.title) product[`detail:${d.title}`] = String(d.desc ?? '');
    return { title: String(info.base_info?.title ?? ''), product };
  }

  /** The product's title from the cache (for labels and the log), or ''. */
  cachedTitle(accountId: string, key: ProductKey): string {
    return (
      (this.db
        .prepare('SELECT title FROM products WHERE account_id = ? AND keystandard = ? AND keystr = ?')
        .pluck()
        .get(accountId, key.keystandard, key.keystr) as string | undefined) ?? ''
    );
  }

  async create(accountId: string, client: WechatClient, key: ProductKey, brandInfo: BrandInfo) {
    const done = await this.actions.audited(accountId, 'createProduct', target(key), { ...key, brand_info: brandInfo }, () => client.scan.create(key, brandInfo));
    await this.readBack(accountId, client, key);
    return done;
  }

  async update(accountId: string, client: WechatClient, key: ProductKey, brandInfo: BrandInfo) {
    const done = await this.actions.audited(accountId, 'updateProduct', target(key), { ...key, brand_info: brandInfo }, () => client.scan.update(key, brandInfo));
    await this.readBack(accountId, client, key);
    return done;
  }

  /**
   * The page as WeChat now holds it, into the cache: the list shows the title just written. A read
   * that fails costs only that (the list then says to open the product); the write itself is done.
   */
  private async readBack(accountId: string, client: WechatClient, key: ProductKey): Promise<void> {
    await this.get(accountId, client, key).catch(() => undefined);
  }

  /** on: submit for review; off: unpublish. A product under review can be neither (63166). */
  setStatus(accountId: string, client: WechatClient, key: ProductKey, status: 'on' | 'off') {
    return this.actions.audited(accountId, status === 'on' ? 'publishProduct' : 'unpublishProduct', target(key), { ...key, status }, () =>
      client.scan.modStatus(key, status),
    );
  }

  /** Asks WeChat who a wxticket belongs to; a read, so not audited. */
  async checkTicket(accountId: string, client: WechatClient, input: string): Promise<TicketCheckView> {
    const parsed = wxticketFrom(input);
    if (!parsed) {
      throw new AppError('invalid_argument', {
        en: 'Give the wxticket, or the whole link URL that carries it (…&wxticket=…&wxextinfo=…).',
        'zh-CN': '请给出 wxticket,或带有它的完整链接(…&wxticket=…&wxextinfo=…)。',
      });
    }
    const check = await client.scan.checkTicket(parsed.ticket);
    return {
      keystandard: check.keystandard,
      keystr: check.keystr,
      title: this.cachedTitle(accountId, check),
      extinfo: parsed.extinfo,
      openid: check.openid,
      scene: check.scene,
      scannedBefore: Boolean(check.is_check),
      follows: Boolean(check.is_contact),
    };
  }

  clear(accountId: string, client: WechatClient, key: ProductKey) {
    return this.actions.audited(accountId, 'clearProduct', target(key), key, async () => {
      await client.scan.clear(key);
      this.db.prepare('DELETE FROM products WHERE account_id = ? AND keystandard = ? AND keystr = ?').run(accountId, key.keystandard, key.keystr);
    });
  }

  /** Replaces the whole tester whitelist; more than 10 is refused before anything is sent. */
  setTestWhitelist(accountId: string, client: WechatClient, openids: string[], usernames: string[]) {
    checkWhitelist(openids, usernames, '/scan/testwhitelist/set');
    checkTesterEntries(openids, usernames);
    return this.actions.audited(accountId, 'setTestWhitelist', 'scan whitelist', { openid: openids, username: usernames }, () =>
      client.scan.setTestWhitelist(openids, usernames),
    );
  }
}
