import fs from 'node:fs';
import { parseProductKey, productKeyProblem } from '../../../shared/issuing/productKey';
import { MAX_CODES_PER_BATCH } from '../../core/issuing/batchPlan';
import { QRCODE_SIZE_MAX_PX, QRCODE_SIZE_MIN_PX } from '../../core/wechat/requestChecks';
import type { ExtinfoSource } from '../../core/issuing/batchPlan';
import { resolveCliAccount, WECHAT_OPTIONS, WECHAT_USAGE } from '../cliAccount';
import { runBatchToEnd, runOptions } from '../batchRunner';
import { UsageError, type CliContext, type Command } from '../command';
import { batchIdArgument, batchNameOption, excerpt, wholeNumberOption } from '../optionValues';
import { counted } from '../../../shared/text';

/** "ean13:6900873042720" → its two parts. */
export function parseProduct(text: unknown, label = '--product'): { keystandard: string; keystr: string } {
  const key = typeof text === 'string' ? parseProductKey(text) : null;
  if (!key) throw new UsageError({ en: `${label}: KEYSTANDARD:KEYSTR, e.g. ean13:6900873042720`, 'zh-CN': `${label}:格式为 编码标准:编码,例如 ean13:6900873042720` });
  const problem = productKeyProblem(key);
  if (problem) throw new UsageError({ en: `${label}: ${problem.en}`, 'zh-CN': `${label}:${problem['zh-CN']}` });
  return key;
}

/** Where a batch's values come from, how fast it is issued, and its name: issue and card take them alike. */
export const PLAN_OPTIONS: Command['options'] = {
  pattern: { type: 'string' },
  start: { type: 'string' },
  count: { type: 'string' },
  step: { type: 'string' },
  csv: { type: 'string' },
  column: { type: 'string' },
  concurrency: { type: 'string' },
  rate: { type: 'string' },
  name: { type: 'string' },
};

export const issueCommand: Command = {
  name: 'issue',
  summary: { en: 'Plan a batch of codes and issue them', 'zh-CN': '规划一批码并发码' },
  usage: [
    "qrpack issue --product KS:KEY --size PX (--pattern 'LOT7-{seq:6}' --start N --count N [--step N] | --csv FILE [--column NAME])",
    '             [--concurrency N] [--rate N] [--name NAME] [WeChat options]',
    "qrpack issue --jump-prefix URL (--pattern P --start N --count N [--step N] | --csv FILE [--column NAME] | --test-links) [--name NAME]",
    "qrpack issue --jump-prefix URL --gs1 [--product KS:KEY] [--lot L] [--expiry YYYY-MM-DD] (--pattern P … | --csv FILE [--column NAME]) [--name NAME]",
    '  --product KS:KEY    the product, e.g. ean13:6900873042720',
    '  --jump-prefix URL   Mini Program jump codes: prefix + serial under a published rule (made locally, no call per code)',
    "  --test-links        with --jump-prefix: print the rule's own test links (an unpublished rule), marked as tests",
    '  --gs1               with --jump-prefix: GS1 Digital Link codes a till reads; the prefix ends at the GTIN',
    '                      (…/01/{GTIN-14}/), each serial is AI 21 (1–20 characters of GS1 set 82);',
    '                      --product (EAN-13, EAN-8, UPC-A) is checked against the GTIN',
    '  --lot L             with --gs1: the lot (AI 10), 1–20 characters of GS1 set 82',
    '  --expiry DATE       with --gs1: the expiry date (AI 17), YYYY-MM-DD',
    '  --size PX           qrcode_size: pixels per side of WeChat\'s image (50–2000)',
    '  --pattern P         extinfo pattern with one {seq} or {seq:N} (zero-padded to N digits)',
    '  --start/--count/--step   the serials of the pattern (step default 1)',
    '  --csv FILE          extinfos from a CSV (header row) or TXT (one per line); "-" reads standard input',
    '  --column NAME       the CSV column holding the extinfo (default: the only one, or "extinfo")',
    '  --concurrency N     calls in flight (default 8)',
    '  --rate N            calls per second at most',
    '  --name NAME         the batch name',
    WECHAT_USAGE,
    'The whole plan is checked (characters, duplicates, extinfos already in the log) and stored',
    'before the first call. Prints "batch ID", then progress. Exit 0 when every code is issued;',
    'otherwise the reason, and the batch stays resumable (qrpack resume ID).',
  ].join('\n'),
  options: {
    ...WECHAT_OPTIONS,
    ...PLAN_OPTIONS,
    product: { type: 'string' },
    size: { type: 'string' },
    'jump-prefix': { type: 'string' },
    'test-links': { type: 'boolean' },
    gs1: { type: 'boolean' },
    lot: { type: 'string' },
    expiry: { type: 'string' },
  },
  async run(ctx, values) {
    if (values['jump-prefix'] !== undefined) return issueJumpCodes(ctx, values);
    if (values['test-links']) throw new UsageError({ en: '--test-links goes with --jump-prefix', 'zh-CN': '--test-links 须与 --jump-prefix 一起使用' });
    for (const option of ['gs1', 'lot', 'expiry'] as const) {
      if (values[option] !== undefined) throw new UsageError({ en: `--${option} goes with --jump-prefix URL --gs1`, 'zh-CN': `--${option} 须与 --jump-prefix 网址 --gs1 一起使用` });
    }
    const product = parseProduct(values.product);
    const qrcodeSizePx = wholeNumberOption('size', values.size, { min: QRCODE_SIZE_MIN_PX, max: QRCODE_SIZE_MAX_PX, fallback: 100 });
    const name = batchNameOption(values.name);
    runOptions(values);
    const source = sourceOptions(values);
    const { app, accountId } = await resolveCliAccount(ctx, values, undefined, values.csv === '-');
    const batch = await app.batches.plan(accountId, { product, qrcodeSizePx, name, source });
    ctx.out(`batch ${batch.id}`);
    return runBatchToEnd(ctx, app, batch.id, values);
  },
};

/** Jump codes: planned under the prefix's published rule and written with the plan, at disk speed. */
async function issueJumpCodes(ctx: CliContext, values: OptionValues): Promise<number> {
  const gs1 = values.gs1 === true;
  for (const option of ['lot', 'expiry'] as const) {
    if (!gs1 && values[option] !== undefined) throw new UsageError({ en: `--${option} is for GS1 Digital Link codes: add --gs1`, 'zh-CN': `--${option} 用于 GS1 数字链接码:请加上 --gs1` });
  }
  for (const option of gs1 ? (['size'] as const) : (['product', 'size'] as const)) {
    if (values[option] !== undefined) {
      throw new UsageError({
        en: `--${option} is for product codes; a jump code is the prefix and a serial, drawn by QR Pack`,
        'zh-CN': `--${option} 用于商品码;跳转码由前缀加序列号组成,由 QR Pack 绘制`,
      });
    }
  }
  const prefix = String(values['jump-prefix']);
  const testLinks = values['test-links'] === true;
  if (testLinks && (values.pattern !== undefined || values.csv !== undefined)) {
    throw new UsageError({ en: '--test-links prints the rule\'s test links: no --pattern or --csv with it', 'zh-CN': '--test-links 打印规则自带的测试链接:不能再给 --pattern 或 --csv' });
  }
  const name = batchNameOption(values.name);
  const source = testLinks ? { kind: 'testLinks' as const } : sourceOptions(values);
  const { app, accountId } = await resolveCliAccount(ctx, values, undefined, values.csv === '-');
  const startedMs = performance.now();
  const gs1Request = gs1
    ? {
        ...(values.product !== undefined ? { product: parseProduct(values.product) } : {}),
        ...(values.lot !== undefined ? { lot: String(values.lot) } : {}),
        ...(values.expiry !== undefined ? { expiry: String(values.expiry) } : {}),
      }
    : undefined;
  const batch = await app.batches.planJump(accountId, await app.wechatFor(accountId), { prefix, name, source, ...(gs1Request ? { gs1: gs1Request } : {}) });
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  ctx.out(`batch ${batch.id}`);
  // Nothing to call per code: the codes were written with the plan.
  ctx.out(ctx.language === 'zh-CN' ? `批次 ${batch.id} 完成:已写入 ${batch.issued} 个码,用时 ${seconds} 秒` : `batch ${batch.id} done: ${counted(batch.issued, 'code')} written in ${seconds} s`);
  return 0;
}

export type OptionValues = Parameters<Command['run']>[1];

/** --pattern with its serials, or --csv (streamed from disk, or standard input). */
export function sourceOptions(values: OptionValues): ExtinfoSource {
  if (values.pattern !== undefined && values.csv === undefined) {
    return {
      kind: 'pattern',
      pattern: String(values.pattern),
      start: wholeNumberOption('start', values.start, { min: 0, fallback: 1 }),
      count: wholeNumberOption('count', values.count, { min: 1, max: MAX_CODES_PER_BATCH }),
      step: wholeNumberOption('step', values.step, { min: 1, fallback: 1 }),
    };
  }
  if (values.csv !== undefined && values.pattern === undefined) {
    const file = String(values.csv);
    if (file !== '-' && !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      throw new UsageError({ en: `--csv: no such file ${excerpt(file, 200)}`, 'zh-CN': `--csv:文件不存在 ${excerpt(file, 200)}` });
    }
    // Streamed from disk as it is planned: a file of a million rows is never held whole.
    const input = file === '-' ? process.stdin : fs.createReadStream(file);
    return { kind: 'path', fileName: file === '-' ? 'stdin.csv' : file, input, column: values.column as string | undefined };
  }
  throw new UsageError({ en: 'give either --pattern (with --start and --count) or --csv FILE', 'zh-CN': '请给出 --pattern(及 --start、--count)或 --csv 文件,二者选一' });
}

export const resumeCommand: Command = {
  name: 'resume',
  summary: { en: 'Resume an unfinished batch (paused, stopped, or interrupted)', 'zh-CN': '继续未完成的批次(已暂停、已停止或被中断)' },
  usage: ['qrpack resume BATCH [--concurrency N] [--rate N] [WeChat options]', WECHAT_USAGE].join('\n'),
  options: { ...WECHAT_OPTIONS, concurrency: { type: 'string' }, rate: { type: 'string' } },
  async run(ctx, values, positionals) {
    const id = batchIdArgument('resume', positionals[0], 'qrpack resume 12');
    runOptions(values);
    const app = ctx.openApp();
    const batch = app.batches.repo.get(id);
    if (batch.state === 'done') {
      ctx.out(`batch ${id} done: ${batch.issued} issued, ${batch.failed} failed`);
      return 0;
    }
    const { accountId } = await resolveCliAccount(ctx, values, batch.accountId);
    if (accountId !== batch.accountId) {
      throw new UsageError({ en: `batch ${id} belongs to another account than --appid ${excerpt(values.appid)}`, 'zh-CN': `批次 ${id} 属于另一个账号,不是 --appid ${excerpt(values.appid)}` });
    }
    return runBatchToEnd(ctx, app, id, values);
  },
};
