import { LATEST_SCHEMA_VERSION } from '../../core/store/openStore';
import type { Command } from '../command';

export const infoCommand: Command = {
  name: 'info',
  summary: { en: 'Show the data folder, schema version and accounts', 'zh-CN': '显示数据文件夹、结构版本和账号' },
  usage: 'qrpack info [--json]\n  --json   print as JSON',
  options: { json: { type: 'boolean' } },
  async run(ctx, values) {
    const app = ctx.openApp();
    const info = await app.dispatch('getAppInfo', {});
    const accounts = await app.dispatch('listAccounts', {});
    if (!info.ok || !accounts.ok) throw new Error('info unavailable');
    if (values.json) {
      ctx.out(JSON.stringify({ ...(info.value as object), accounts: accounts.value }, null, 2));
      return 0;
    }
    const { dataDir, schemaVersion, version } = info.value as { dataDir: string; schemaVersion: number; version: string };
    ctx.out(`QR Pack ${version}`);
    ctx.out(`data:    ${dataDir}`);
    ctx.out(`schema:  ${schemaVersion} (latest ${LATEST_SCHEMA_VERSION})`);
    for (const account of accounts.value as { id: string; name: string; appId: string; active: boolean }[]) {
      ctx.out(`${account.active ? '*' : ' '} ${account.id.padEnd(18)} ${account.appId.padEnd(20)} ${account.name}`);
    }
    return 0;
  },
};
