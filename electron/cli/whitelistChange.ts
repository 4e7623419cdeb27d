import { counted } from '../../shared/text';
import type { QrPackApp } from '../core/app';
import type { CliContext } from './command';

/**
 * Replaces a test whitelist (products' or cards') and prints what changed against the list last
 * saved from QR Pack — WeChat cannot read a whitelist back; the audit can.
 */
export async function setWhitelistPrintingChange(
  ctx: CliContext,
  target: { app: QrPackApp; accountId: string; kind: 'setTestWhitelist' | 'setCardTestWhitelist' },
  openids: string[],
  usernames: string[],
): Promise<number> {
  const { app, accountId, kind } = target;
  const last = app.actions.lastSucceeded(accountId, kind)?.request as { openid: string[]; username: string[] } | undefined;
  const client = await app.wechatFor(accountId);
  if (kind === 'setCardTestWhitelist') await app.cardTools.setTestWhitelist(accountId, client, openids, usernames);
  else await app.products.setTestWhitelist(accountId, client, openids, usernames);
  const before = new Set([...(last?.openid ?? []), ...(last?.username ?? [])]);
  const after = new Set([...openids, ...usernames]);
  for (const added of [...after].filter((x) => !before.has(x))) ctx.out(`+ ${added}`);
  for (const removed of [...before].filter((x) => !after.has(x))) ctx.out(`- ${removed}`);
  const zh = ctx.language === 'zh-CN';
  const card = kind === 'setCardTestWhitelist';
  ctx.out(zh ? `${card ? '卡券' : '商品'}测试白名单已保存(${after.size} 名测试人员)` : `${card ? 'card' : 'product'} whitelist saved (${counted(after.size, 'tester')})`);
  return 0;
}
