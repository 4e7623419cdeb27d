import { parseArgs } from 'node:util';
import pkg from '../../package.json';
import { QrPackApp } from '../core/app';
import { AppError } from '../core/appError';
import { isDatabaseError, isStorageError, LOG_DATABASE, storageError } from '../core/store/storageError';
import { defaultUserDataDir, resolveDataDir } from '../core/dataDir';
import { inProcessSandbox } from '../sandbox/inProcessSandbox';
import { cliLanguage, pick } from './cliText';
import { UsageError, type CliContext, type Command } from './command';
import { parseCommandLine } from './commandLine';
import { closestWord } from './suggestion';
import { exportCommand, stocksCommand, templateCommand, verifyCommand } from './commands/exportCommands';
import { printCommand, printersCommand } from './commands/printCommands';
import { infoCommand } from './commands/infoCommand';
import { issueCommand, resumeCommand } from './commands/issueCommand';
import { jumpRuleCommand, jumpRulesCommand } from './commands/jumpCommands';
import { cardCommand, cardsCommand } from './commands/cardCommands';
import { activateCommand, serveCommand, verdictsCommand } from './commands/verdictCommands';
import { ledgerCommand } from './commands/ledgerCommands';
import { productCommand, productsCommand, ticketCommand, whitelistCommand } from './commands/productCommands';
import { actionsCommand, batchesCommand, clearRecordCommand, logCommand } from './commands/logCommands';
import { sandboxCommand } from './commands/sandboxCommand';
import { uiCommand } from './commands/uiCommand';

const COMMANDS: readonly Command[] = [
  issueCommand,
  resumeCommand,
  jumpRulesCommand,
  jumpRuleCommand,
  cardCommand,
  cardsCommand,
  activateCommand,
  serveCommand,
  verdictsCommand,
  ledgerCommand,
  productsCommand,
  productCommand,
  whitelistCommand,
  ticketCommand,
  batchesCommand,
  logCommand,
  clearRecordCommand,
  actionsCommand,
  exportCommand,
  verifyCommand,
  printersCommand,
  printCommand,
  stocksCommand,
  templateCommand,
  infoCommand,
  sandboxCommand,
  uiCommand,
];

/** A disk full or not writable: the user can act on it, so it has its own exit code. */
export const EXIT_STORAGE = 5;

const GLOBAL_OPTIONS = {
  data: { type: 'string' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function helpText(ctx: Pick<CliContext, 'language'>): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `qrpack ${pkg.version} — QR Pack: packaging QR codes for brands on WeChat`,
    '',
    'Usage: qrpack [--data DIR] [--lang zh-CN|en] <command> [options]',
    '       qrpack help <command>',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${pick(c.summary, ctx.language)}`),
    '',
    'Global options:',
    '  --data DIR        data folder (default: $QRPACK_DATA, else the app\'s user-data folder)',
    '  --lang zh-CN|en   language of messages (default: from LANG)',
    '  -h, --help        this help',
    '  -v, --version     the version',
  ].join('\n');
}

/** Runs one CLI invocation; resolves to the exit code. Exported for in-process tests. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let language = cliLanguage(undefined, env);
  let app: QrPackApp | undefined;
  const redacted = (error: unknown) => (app ? app.redactor.redact(String(error)) : String(error)).slice(0, 300);
  try {
    const global = parseArgs({ args: argv, options: GLOBAL_OPTIONS, allowPositionals: true, strict: false });
    language = cliLanguage(global.values.lang as string | undefined, env);
    const lang = global.values.lang;
    if (lang !== undefined && lang !== 'zh-CN' && lang !== 'en') {
      const got = typeof lang === 'string' ? `"${lang.slice(0, 20)}"` : 'nothing';
      throw new UsageError({ en: `--lang is zh-CN or en (got ${got})`, 'zh-CN': `--lang 须为 zh-CN 或 en(收到 ${got})` });
    }
    const dataDir = resolveDataDir(argv, env, defaultUserDataDir(env));
    const ctx: CliContext = {
      dataDir,
      language,
      env,
      out,
      err,
      openApp: () =>
        (app ??= new QrPackApp({
          dataDir,
          version: pkg.version,
          systemLocale: env.LANG ?? 'en',
          cipher: null,
          startSandbox: inProcessSandbox(dataDir),
        })),
    };
    const [name, ...rest] = global.positionals;
    if (global.values.version) return out(pkg.version), 0;
    if (name === 'help' || (!name && global.values.help)) {
      const target = COMMANDS.find((c) => c.name === rest[0]);
      out(target ? `${pick(target.summary, language)}\n\n${target.usage}` : helpText(ctx));
      return 0;
    }
    if (!name) return err(helpText(ctx)), 2;
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      const meant = closestWord(name, COMMANDS.map((c) => c.name));
      throw new UsageError(
        meant
          ? { en: `unknown command "${name.slice(0, 40)}"; did you mean "${meant}"? (see qrpack --help)`, 'zh-CN': `未知命令 "${name.slice(0, 40)}";是否想用 "${meant}"?(见 qrpack --help)` }
          : { en: `unknown command "${name.slice(0, 40)}"; see qrpack --help`, 'zh-CN': `未知命令 "${name.slice(0, 40)}";见 qrpack --help` },
      );
    }
    if (global.values.help) return out(`${pick(command.summary, language)}\n\n${command.usage}`), 0;
    const parsed = parseCommandLine(argv, command, { ...GLOBAL_OPTIONS, ...command.options });
    const exit = await command.run(ctx, parsed.values, parsed.positionals.slice(1));
    // Commands that opened the data folder leave a line in its log (the command, never its options: they may name a secret's source).
    app?.log.write('info', `qrpack ${command.name}`, { exit });
    return exit;
  } catch (error) {
    if (error instanceof AppError) {
      app?.log.write('warn', 'command refused', error.text.en);
      err(pick(error.text, language));
      return error.code === 'storage' ? EXIT_STORAGE : 2;
    }
    if (error instanceof UsageError) err(`qrpack: ${pick(error.text, language)}`);
    else if (isStorageError(error)) {
      err(pick(storageError(error, isDatabaseError(error) ? LOG_DATABASE : { en: 'the data folder', 'zh-CN': '数据文件夹' }).text, language));
      return EXIT_STORAGE;
    } else {
      // Never a stack trace: the details go to the log file when there is one.
      app?.log.write('error', 'command failed', error);
      err(language === 'zh-CN' ? `qrpack:内部错误 —— ${redacted(error)}` : `qrpack: internal error — ${redacted(error)}`);
    }
    return 2;
  } finally {
    await app?.close();
  }
}
