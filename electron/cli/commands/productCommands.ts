import { counted } from '../../../shared/text';
import fs from 'node:fs';
import type { BrandInfo, ProductStatus } from '../../core/wechat/scanApi';
import { brandInfoSchema } from '../../../shared/contract/schemas';
import { resolveCliAccount, WECHAT_OPTIONS, WECHAT_USAGE } from '../cliAccount';
import { UsageError, type CliContext, type Command } from '../command';
import { setWhitelistPrintingChange } from '../whitelistChange';
import { excerpt, oneOf } from '../optionValues';
import { parseProduct } from './issueCommand';

const STATUSES = ['all', 'on', 'off', 'check', 'reject'] as const;
/** WeChat's page size for getlist. */
const LIST_PAGE = 100;
/** A product file is a page of JSON, never megabytes. */
const PRODUCT_FILE_MAX_BYTES = 1024 * 1024;

const STATUS_TEXT: Record<ProductStatus, { en: string; 'zh-CN': string }> = {
  on: { en: 'published', 'zh-CN': '已发布' },
  off: { en: 'not published', 'zh-CN': '未发布' },
  check: { en: 'under review', 'zh-CN': '审核中' },
  reject: { en: 'rejected', 'zh-CN': '审核未通过' },
};

export const productsCommand: Command = {
  name: 'products',
  summary: { en: "The account's products on WeChat", 'zh-CN': '账号在微信上的商品' },
  usage: ['qrpack products [--status all|on|off|check|reject] [--json] [WeChat options]', WECHAT_USAGE].join('\n'),
  options: { ...WECHAT_OPTIONS, status: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx, values) {
    const status = oneOf('status', values.status, STATUSES, 'all');
    const { app, accountId } = await resolveCliAccount(ctx, values);
    const client = await app.wechatFor(accountId);
    const items = [];
    for (let offset = 0; ; offset += LIST_PAGE) {
      const page = await app.products.list(accountId, client, { offset, limit: LIST_PAGE, status });
      items.push(...page.items);
      if (page.items.length < LIST_PAGE || items.length >= page.total) break;
    }
    if (values.json) return ctx.out(JSON.stringify(items, null, 2)), 0;
    const zh = ctx.language === 'zh-CN';
    ctx.out(zh ? '商品                             状态        标题' : 'product                          status        title');
    for (const p of items) ctx.out(`${`${p.keystandard}:${p.keystr}`.padEnd(32)} ${STATUS_TEXT[p.status][ctx.language].padEnd(13)} ${p.title ?? ''}`);
    ctx.out(zh ? `共 ${items.length} 个商品` : counted(items.length, 'product'));
    return 0;
  },
};

/** The seed's JSON shape: { keystandard, keystr, brand_info }, checked before anything is sent. */
function readProductFile(file: unknown): { key: { keystandard: string; keystr: string }; brandInfo: BrandInfo } {
  if (typeof file !== 'string') throw new UsageError({ en: '--file: the product as JSON, { "keystandard", "keystr", "brand_info" } (seed 001)', 'zh-CN': '--file:商品的 JSON 文件,{ "keystandard", "keystr", "brand_info" }(见文档 001)' });
  let text: string;
  try {
    if (fs.statSync(file).size > PRODUCT_FILE_MAX_BYTES) throw new UsageError({ en: `--file: ${file} is larger than 1 MB: not a product`, 'zh-CN': `--file:${file} 大于 1 MB,不是商品文件` });
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError({ en: `--file: cannot read ${file}`, 'zh-CN': `--file:无法读取 ${file}` });
  }
  let json: { keystandard?: unknown; keystr?: unknown; brand_info?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (error) {
    const where = /position (\d+)/.exec(String((error as Error).message))?.[1];
    const line = where ? text.slice(0, Number(where)).split('\n').length : null;
    throw new UsageError({ en: `--file: ${file} is not valid JSON${line ? ` (line ${line})` : ''}`, 'zh-CN': `--file:${file} 不是有效的 JSON${line ? `(第 ${line} 行)` : ''}` });
  }
  const key = parseProduct(`${String(json?.keystandard ?? '')}:${String(json?.keystr ?? '')}`, `${file}: keystandard/keystr`);
  const parsed = brandInfoSchema.safeParse(json.brand_info);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = ['brand_info', ...issue.path.map(String)].join('.');
    throw new UsageError({ en: `${file}: ${at} is missing or not what WeChat documents (see the product example of seed 001)`, 'zh-CN': `${file}:${at} 缺失或不符合微信文档(见文档 001 的商品示例)` });
  }
  return { key, brandInfo: parsed.data as BrandInfo };
}

export const productCommand: Command = {
  name: 'product',
  summary: { en: 'Show, create, update, publish, unpublish or clear one product', 'zh-CN': '查看、创建、更新、发布、取消发布或清除一个商品' },
  usage: [
    'qrpack product show KS:KEY [--json]',
    'qrpack product create --file product.json | update --file product.json',
    'qrpack product publish KS:KEY | unpublish KS:KEY | clear KS:KEY',
    '  --file FILE   { "keystandard", "keystr", "brand_info": { base_info, detail_info, action_info, module_info } }',
    '                as in seed 001; update sends only the parts the file has (WeChat keeps the others)',
    'publish submits the product for review; a product under review can be neither updated nor',
    'unpublished (63166). Every change is recorded in the actions audit.',
    WECHAT_USAGE,
  ].join('\n'),
  options: { ...WECHAT_OPTIONS, file: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx, values, positionals) {
    const [sub, keyText] = positionals;
    const zh = ctx.language === 'zh-CN';
    const subs = ['show', 'create', 'update', 'publish', 'unpublish', 'clear'];
    if (!sub || !subs.includes(sub)) {
      throw new UsageError({ en: `product: ${subs.join(', ')}${sub ? `, not "${excerpt(sub)}"` : ''}; see qrpack help product`, 'zh-CN': `product:须为 ${subs.join('、')}${sub ? `,而不是 "${excerpt(sub)}"` : ''};见 qrpack help product` });
    }
    if (sub === 'create' || sub === 'update') {
      const { key, brandInfo } = readProductFile(values.file);
      const { app, accountId } = await resolveCliAccount(ctx, values);
      const client = await app.wechatFor(accountId);
      const { pid } = sub === 'create' ? await app.products.create(accountId, client, key, brandInfo) : await app.products.update(accountId, client, key, brandInfo);
      await app.products.get(accountId, client, key);
      const name = `${key.keystandard}:${key.keystr}`;
      ctx.out(sub === 'create' ? (zh ? `已创建 ${name}(pid ${pid})` : `${name} created (pid ${pid})`) : zh ? `已更新 ${name}(pid ${pid})` : `${name} updated (pid ${pid})`);
      return 0;
    }
    const key = parseProduct(keyText, `product ${sub}`);
    const name = `${key.keystandard}:${key.keystr}`;
    const { app, accountId } = await resolveCliAccount(ctx, values);
    const client = await app.wechatFor(accountId);
    if (sub === 'show') {
      const info = await app.products.get(accountId, client, key);
      if (values.json) return ctx.out(JSON.stringify({ ...key, brand_info: info }, null, 2)), 0;
      for (const line of describeProduct(name, info, ctx.language)) ctx.out(line);
      return 0;
    }
    if (sub === 'clear') {
      await app.products.clear(accountId, client, key);
      ctx.out(zh ? `已清除 ${name}` : `${name} cleared`);
      return 0;
    }
    await app.products.setStatus(accountId, client, key, sub === 'publish' ? 'on' : 'off');
    ctx.out(sub === 'publish' ? (zh ? `${name} 已提交审核` : `${name} submitted for review`) : zh ? `${name} 已取消发布` : `${name} unpublished`);
    return 0;
  },
};

/** The product page in lines, section by section as WeChat shows it. */
function describeProduct(name: string, info: BrandInfo, language: CliContext['language']): string[] {
  const zh = language === 'zh-CN';
  const base = info.base_info ?? {};
  const lines = [`${name}  ${base.status ? STATUS_TEXT[base.status][language] : ''}`, `  ${zh ? '标题' : 'title'}: ${base.title ?? ''}`];
  const field = (label: string, value: unknown) => value !== undefined && value !== '' && lines.push(`  ${label}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  field(zh ? '品牌标签' : 'brand tag', base.brand_tag);
  field(zh ? '建议零售价' : 'retail price', base.retail_price);
  field(zh ? '类目' : 'category', base.category_id);
  field(zh ? '缩略图' : 'thumb', base.thumb_url);
  field(zh ? '门店管理' : 'store management', base.store_mgr_type);
  field(zh ? '门店' : 'stores', base.store_vendorid_list?.length ? base.store_vendorid_list : undefined);
  field(zh ? '颜色' : 'colour', base.color);
  for (const banner of info.detail_info?.banner_list ?? []) lines.push(`  ${zh ? '横幅' : 'banner'}: ${banner.link}`);
  for (const d of info.detail_info?.detail_list ?? []) lines.push(`  ${zh ? '详情' : 'detail'}: ${d.title} — ${d.desc}`);
  for (const a of info.action_info?.action_list ?? []) {
    const what = a.type === 'link' ? `${a.name ?? ''} → ${a.link ?? ''}${a.showtype === 'banner' ? ' (banner)' : ''}` : a.type === 'user' ? `${zh ? '关注公众号' : 'follow'} ${a.appid ?? ''}` : a.type === 'text' ? (a.text ?? '') : JSON.stringify(a);
    lines.push(`  ${zh ? '推广服务' : 'action'} ${a.type}: ${what}`);
  }
  for (const m of info.module_info?.module_list ?? []) lines.push(`  ${zh ? '组件' : 'module'}: ${m.type}${m.native_show ? ` native_show=${m.native_show}` : ''}`);
  return lines;
}

export const whitelistCommand: Command = {
  name: 'whitelist',
  summary: { en: "Replace the products' test whitelist (at most 10 testers)", 'zh-CN': '替换商品测试白名单(最多 10 名测试人员)' },
  usage: [
    'qrpack whitelist set [--openid ID]... [--username WECHAT_ID]... [WeChat options]',
    '  --openid ID          a tester by OpenID (28 letters, digits, - or _)',
    '  --username ID        a tester by WeChat ID (6–20 characters, starting with a letter)',
    'Replaces the whole list (WeChat keeps no other); prints what changed against the list last',
    'saved from QR Pack; audited.',
    WECHAT_USAGE,
  ].join('\n'),
  options: { ...WECHAT_OPTIONS, openid: { type: 'string', multiple: true }, username: { type: 'string', multiple: true } },
  async run(ctx, values, positionals) {
    if (positionals[0] !== 'set') throw new UsageError({ en: 'whitelist: set --openid … --username …; see qrpack help whitelist', 'zh-CN': 'whitelist:set --openid … --username …;见 qrpack help whitelist' });
    const openids = (values.openid as string[] | undefined) ?? [];
    const usernames = (values.username as string[] | undefined) ?? [];
    return setWhitelistPrintingChange(ctx, { ...(await resolveCliAccount(ctx, values)), kind: 'setTestWhitelist' }, openids, usernames);
  },
};

export const ticketCommand: Command = {
  name: 'ticket',
  summary: { en: "Check a wxticket: who opened which product's page", 'zh-CN': '检查 wxticket:谁打开了哪个商品的主页' },
  usage: ['qrpack ticket check TICKET|URL [--json] [WeChat options]', '  TICKET|URL   the wxticket, or the whole link URL (then its wxextinfo is shown too)', 'A wxticket lasts 20 minutes after the scan.', WECHAT_USAGE].join('\n'),
  options: { ...WECHAT_OPTIONS, json: { type: 'boolean' } },
  async run(ctx, values, positionals) {
    const [sub, ticket] = positionals;
    if (sub !== 'check' || !ticket) throw new UsageError({ en: 'ticket: check TICKET (or the link URL); see qrpack help ticket', 'zh-CN': 'ticket:check TICKET(或链接地址);见 qrpack help ticket' });
    const { app, accountId } = await resolveCliAccount(ctx, values);
    const check = await app.products.checkTicket(accountId, await app.wechatFor(accountId), ticket);
    if (values.json) return ctx.out(JSON.stringify(check, null, 2)), 0;
    const zh = ctx.language === 'zh-CN';
    const lines = zh
      ? [
          `商品:${check.keystandard}:${check.keystr}${check.title ? ` · ${check.title}` : ''}`,
          `extinfo:${check.extinfo ?? '—(在链接中,不在 ticket 中)'}`,
          `OpenID:${check.openid}`,
          `打开方式:${check.scene === 'scan' ? '扫码进入' : `其他(${check.scene})`}`,
          `此码此前被扫描过:${check.scannedBefore ? '是' : '否,这是第一次扫描'}`,
          `关注公众号:${check.follows ? '是' : '否'}`,
        ]
      : [
          `product: ${check.keystandard}:${check.keystr}${check.title ? ` · ${check.title}` : ''}`,
          `extinfo: ${check.extinfo ?? '— (in the link, not in the ticket)'}`,
          `openid: ${check.openid}`,
          `opened: ${check.scene === 'scan' ? 'by scanning the code' : `other (${check.scene})`}`,
          `code scanned before: ${check.scannedBefore ? 'yes' : 'no, this is its first scan'}`,
          `follows the official account: ${check.follows ? 'yes' : 'no'}`,
        ];
    for (const line of lines) ctx.out(line);
    return 0;
  },
};
