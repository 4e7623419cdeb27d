import fs from 'node:fs';
import { counted } from '../../../shared/text';
import { openLedgerDatabase } from '../../core/ledger/ledgerDatabase';
import { PgVerdictLedger } from '../../core/ledger/pgVerdictLedger';
import { startMessageServer } from '../../core/verdicts/messageServer';
import { UsageError, untilStopped, type CliContext, type Command } from '../command';
import { batchIdArgument, excerpt, optionalWholeNumber, positionRange } from '../optionValues';
import type { OptionValues } from './issueCommand';
import { DATABASE_USAGE, databaseUrl } from './ledgerCommands';

/** Connections a serving process keeps to the shared ledger: enough for WeChat's bursts of pushes. */
const SERVE_POOL_SIZE = 16;

export const activateCommand: Command = {
  name: 'activate',
  summary: { en: "Mark a batch's codes active (their goods have shipped): they then answer real", 'zh-CN': '将批次的码标记为已激活(货已出厂):之后查询结果为真' },
  usage: [
    'qrpack activate BATCH [--range A-B] [--undo]',
    '  --range A-B   only positions A to B of the batch',
    '  --undo        deactivate them again (goods destroyed): they answer not_active',
    'Recorded in the actions audit. Tester batches are never activated.',
  ].join('\n'),
  options: { range: { type: 'string' }, undo: { type: 'boolean' } },
  async run(ctx, values, positionals) {
    const id = batchIdArgument('activate', positionals[0], 'qrpack activate 12');
    const undo = values.undo === true;
    const changed = ctx.openApp().activation.set(id, positionRange(values.range), !undo);
    const zh = ctx.language === 'zh-CN';
    ctx.out(zh ? `${undo ? '已取消激活' : '已激活'} ${changed} 个码` : `${counted(changed, 'code')} ${undo ? 'deactivated' : 'activated'}`);
    return 0;
  },
};

export const verdictsCommand: Command = {
  name: 'verdicts',
  summary: { en: 'Print the anti-fake verdicts the message server gave', 'zh-CN': '输出消息服务器给出的防伪查询结果' },
  usage: ['qrpack verdicts [--database URL] [--json]', DATABASE_USAGE, '  --json              print as JSON'].join('\n'),
  options: { json: { type: 'boolean' }, database: { type: 'string' } },
  async run(ctx, values) {
    const url = databaseUrl(ctx, values.database, false);
    let verdicts;
    if (url) {
      const ledger = await openLedgerDatabase(url);
      try {
        verdicts = await new PgVerdictLedger(ledger).list();
      } finally {
        await ledger.close();
      }
    } else verdicts = ctx.openApp().verdicts.list();
    if (values.json) return ctx.out(JSON.stringify(verdicts, null, 2)), 0;
    for (const v of verdicts) ctx.out(`${String(v.id).padStart(6)}  ${v.at}  ${v.result.padEnd(10)} ${v.keystandard}:${v.keystr}/${v.extinfo}  ${v.fromUser}`);
    return 0;
  },
};

/**
 * A serve secret from --NAME, --NAME-file FILE or the environment, in that order: an option is seen
 * by every local user in `ps`, a file or the environment is not.
 */
function serveSecret(ctx: CliContext, values: OptionValues, name: 'token' | 'aes-key', envName: string): string | undefined {
  const given = values[name];
  const file = values[`${name}-file`];
  if (given !== undefined && file !== undefined) {
    throw new UsageError({ en: `--${name} and --${name}-file: give one of them`, 'zh-CN': `--${name} 与 --${name}-file 只能给出其一` });
  }
  if (typeof file === 'string') {
    try {
      return fs.readFileSync(file, 'utf8').trim();
    } catch {
      throw new UsageError({ en: `--${name}-file: cannot read ${excerpt(file, 200)}`, 'zh-CN': `--${name}-file:无法读取 ${excerpt(file, 200)}` });
    }
  }
  if (typeof given === 'string') return given;
  return ctx.env[envName] || undefined;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: { en: "Answer WeChat's anti-fake pushes (the brand's message server)", 'zh-CN': '应答微信的防伪查询推送(品牌方的消息服务器)' },
  usage: [
    'qrpack serve --port N [--token-file FILE] [--aes-key-file FILE --wechat-appid ID [--compatible]] [--host ADDRESS] [--database URL]',
    '  --port N              the port (0: any free one)',
    "  --token-file FILE     the Token set in the official account's console (server configuration);",
    '                        else $QRPACK_SERVE_TOKEN (--token TOKEN works too, but any local user sees it in ps)',
    '  --aes-key-file FILE   the EncodingAESKey (43 characters) for safe mode, with --wechat-appid; else',
    '                        $QRPACK_SERVE_AES_KEY (--aes-key KEY works too, seen in ps)',
    "  --wechat-appid ID     the official account's AppID (checked inside every safe-mode message)",
    '  --compatible          with a key: accept plaintext pushes too (WeChat\'s compatible mode, while',
    '                        switching over); without it a safe-mode server refuses them',
    '  --host ADDRESS        the address to listen on (default 127.0.0.1; a reverse proxy terminates TLS)',
    DATABASE_USAGE,
    'Prints "listening http://HOST:PORT" and serves until Ctrl-C. Verdicts come from the code log of',
    '--data (the active account), or from the shared ledger with --database (qrpack ledger push):',
    'real (issued for that product and activated), not_active (issued, not activated), fake.',
    "Refused: a bad signature (401); a timestamp more than 5 minutes off, or plaintext to a safe-mode",
    'server (403); a timestamp and nonce used again with another body (409); malformed XML (400); a',
    'body over 64 KB (413) or slower than 10 s (408). The query is checked before the body is read;',
    'logs/qrpack.log gets one line per kind of refusal a minute, and is rotated at 5 MB.',
  ].join('\n'),
  options: {
    port: { type: 'string' },
    token: { type: 'string' },
    'token-file': { type: 'string' },
    'aes-key': { type: 'string' },
    'aes-key-file': { type: 'string' },
    'wechat-appid': { type: 'string' },
    compatible: { type: 'boolean' },
    host: { type: 'string' },
    database: { type: 'string' },
  },
  async run(ctx, values) {
    const port = optionalWholeNumber('port', values.port, { min: 0, max: 65535 }) ?? 0;
    const token = serveSecret(ctx, values, 'token', 'QRPACK_SERVE_TOKEN');
    if (typeof token !== 'string' || !/^[A-Za-z0-9]{3,32}$/.test(token)) {
      throw new UsageError({
        en: '--token-file, $QRPACK_SERVE_TOKEN or --token: the Token of the server configuration, 3–32 letters or digits',
        'zh-CN': '--token-file、$QRPACK_SERVE_TOKEN 或 --token:服务器配置中的令牌(Token),3–32 个字母或数字',
      });
    }
    const aesKey = serveSecret(ctx, values, 'aes-key', 'QRPACK_SERVE_AES_KEY');
    const appId = values['wechat-appid'];
    if ((aesKey === undefined) !== (appId === undefined)) {
      throw new UsageError({ en: 'the EncodingAESKey and --wechat-appid go together (safe mode)', 'zh-CN': 'EncodingAESKey 与 --wechat-appid 须一起使用(安全模式)' });
    }
    if (typeof aesKey === 'string' && !/^[A-Za-z0-9+/]{43}$/.test(aesKey)) {
      throw new UsageError({
        en: '--aes-key-file, $QRPACK_SERVE_AES_KEY or --aes-key: the EncodingAESKey, 43 letters and digits',
        'zh-CN': '--aes-key-file、$QRPACK_SERVE_AES_KEY 或 --aes-key:消息加解密密钥(EncodingAESKey),43 个字母和数字',
      });
    }
    if (values.compatible && aesKey === undefined) {
      throw new UsageError({ en: '--compatible goes with an EncodingAESKey (safe mode)', 'zh-CN': '--compatible 须与 EncodingAESKey 一起使用(安全模式)' });
    }
    const url = databaseUrl(ctx, values.database, false);
    const app = ctx.openApp();
    const ledger = url ? await openLedgerDatabase(url, { poolSize: SERVE_POOL_SIZE }) : null;
    try {
      const shared = ledger ? new PgVerdictLedger(ledger) : null;
      if (shared && typeof appId === 'string' && appId.toLowerCase() !== shared.appid.toLowerCase()) {
        throw new UsageError({ en: `--wechat-appid ${excerpt(appId)}: the ledger ${ledger!.where} serves AppID ${shared.appid} only`, 'zh-CN': `--wechat-appid ${excerpt(appId)}:账本 ${ledger!.where} 只服务 AppID ${shared.appid}` });
      }
      const server = await startMessageServer(shared ?? app.verdicts, app.log, {
        token,
        port,
        host: typeof values.host === 'string' ? values.host : '127.0.0.1',
        safeMode: typeof aesKey === 'string' ? { encodingAesKey: aesKey, appId: String(appId), compatible: values.compatible === true } : undefined,
      });
      ctx.out(`listening ${server.url}`);
      await untilStopped();
      await server.close();
    } finally {
      await ledger?.close();
    }
    return 0;
  },
};
