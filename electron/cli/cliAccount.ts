import type { QrPackApp } from '../core/app';
import { UsageError, type CliContext, type Command } from './command';
import { excerpt } from './optionValues';

/** The options of every command that calls WeChat. */
export const WECHAT_OPTIONS: Command['options'] = {
  'api-base': { type: 'string' },
  appid: { type: 'string' },
  'token-mode': { type: 'string' },
};

export const WECHAT_USAGE = [
  '  --api-base URL         WeChat API base (default https://api.weixin.qq.com; a sandbox URL to rehearse)',
  '  --appid ID             use this AppID (its codes are logged under it); the AppSecret comes from',
  '                         QRPACK_APPSECRET or standard input and is never written anywhere',
  '  --token-mode M         stable (default: safe when several machines share the AppID) or classic',
  'Without --appid: the account selected in the app (the built-in sandbox on a fresh install).',
].join('\n');

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** Resolves which account a command acts for, handing the service a secret it was given. */
export async function resolveCliAccount(
  ctx: CliContext,
  values: Record<string, unknown>,
  /** The account to use without --appid (a batch's own, on resume); default: the app's selected one. */
  defaultAccountId?: string,
  /** Standard input carries something else (`--csv -`): the secret can only come from the environment. */
  stdinTaken = false,
): Promise<{ app: QrPackApp; accountId: string }> {
  const app = ctx.openApp();
  const tokenMode = values['token-mode'] as string | undefined;
  if (tokenMode !== undefined && tokenMode !== 'stable' && tokenMode !== 'classic') {
    throw new UsageError({ en: `--token-mode: stable or classic, not "${excerpt(tokenMode)}"`, 'zh-CN': `--token-mode:须为 stable 或 classic,而不是 "${excerpt(tokenMode)}"` });
  }
  let accountId: string;
  if (values.appid !== undefined) {
    accountId = app.accounts.ensureForAppId(String(values.appid), { apiBase: values['api-base'] as string | undefined, tokenMode }).id;
  } else {
    if (values['api-base'] !== undefined || values['token-mode'] !== undefined) {
      throw new UsageError({ en: '--api-base and --token-mode go with --appid', 'zh-CN': '--api-base 和 --token-mode 须与 --appid 一起使用' });
    }
    accountId = defaultAccountId ?? app.getSettings().activeAccountId;
  }
  const account = app.accounts.get(accountId);
  if (account.kind === 'wechat') {
    // An empty QRPACK_APPSECRET counts as unset.
    const secret = process.env.QRPACK_APPSECRET || (process.stdin.isTTY || stdinTaken ? '' : await readStdin());
    if (secret) app.useSecret(accountId, secret);
    else if (account.credentialKind === 'appSecret') {
      throw new UsageError(
        ctx.language === 'zh-CN'
          ? `账号 ${account.appId} 需要 AppSecret:请设置环境变量 QRPACK_APPSECRET,或从标准输入传入。`
          : `Account ${account.appId} needs its AppSecret: set QRPACK_APPSECRET or pipe it on standard input.`,
      );
    }
  }
  return { app, accountId };
}
