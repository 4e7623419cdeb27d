import { once } from 'node:events';
import { csvRows } from '../../core/csv/csvWriter';
import { printableName } from '../../../shared/issuing/batchName';
import type { CodeRow } from '../../core/issuing/batchRepo';
import { resolveCliAccount, WECHAT_OPTIONS, WECHAT_USAGE } from '../cliAccount';
import { BATCH_STATE_TEXT, pick } from '../cliText';
import { UsageError, type Command } from '../command';
import { optionalWholeNumber } from '../optionValues';
import { parseProduct } from './issueCommand';

const PAGE = 5000;
const CODE_COLUMNS = ['id', 'batch', 'seq', 'keystandard', 'keystr', 'extinfo', 'content', 'pic_url', 'status', 'errcode', 'attempts', 'issued_at', 'active_at', 'data'] as const;

/** Writes to stdout and waits while its buffer is full: a dump of millions of rows stays small in memory. */
async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

export const batchesCommand: Command = {
  name: 'batches',
  summary: { en: 'List the batches in the log', 'zh-CN': '列出日志中的批次' },
  usage: 'qrpack batches [--json]\n  --json   print as JSON',
  options: { json: { type: 'boolean' } },
  async run(ctx, values) {
    const app = ctx.openApp();
    const batches = app.batches.repo.list();
    if (values.json) return ctx.out(JSON.stringify(batches, null, 2)), 0;
    const zh = ctx.language === 'zh-CN';
    // Status lines go to stderr: what stdout holds stays the table a script can read.
    if (!batches.length) return ctx.err(zh ? '日志中还没有批次:用 qrpack issue 发码。' : 'No batches in the log yet: issue codes with qrpack issue.'), 0;
    // Every account's batches, each with the account it was issued for (the sandbox's are practice).
    const accounts = new Map(app.accounts.list('').map((a) => [a.id, a.kind === 'sandbox' ? (zh ? '沙箱' : 'sandbox') : a.appId]));
    const accountOf = (id: string) => printableName(accounts.get(id) ?? id);
    const accountWidth = Math.max(zh ? 4 : 7, ...batches.map((b) => accountOf(b.accountId).length));
    ctx.out(zh ? `${'编号'.padStart(3)}  ${'状态'.padEnd(7)}  ${'已发/总数'.padStart(11)}  ${'失败'.padStart(4)}  ${'账号'.padEnd(accountWidth - 2)}  商品  名称` : `${'id'.padStart(5)}  ${'state'.padEnd(9)}  ${'issued/total'.padStart(15)}  ${'failed'.padStart(12)}  ${'account'.padEnd(accountWidth)}  product  name`);
    for (const b of batches) {
      const state = pick(BATCH_STATE_TEXT[b.state] ?? { en: b.state, 'zh-CN': b.state }, ctx.language);
      ctx.out(`${String(b.id).padStart(5)}  ${state.padEnd(zh ? 7 : 9)}  ${`${b.issued}/${b.codeCount}`.padStart(15)}  ${String(b.failed).padStart(5)} ${zh ? '失败' : 'failed'}  ${accountOf(b.accountId).padEnd(accountWidth)}  ${b.keystandard}:${b.keystr}  ${printableName(b.name)}`);
    }
    return 0;
  },
};

export const logCommand: Command = {
  name: 'log',
  summary: { en: 'Print the code log (every code issued)', 'zh-CN': '输出发码日志(每个已发的码)' },
  usage: 'qrpack log [--batch ID] [--json | --csv]\n  --batch ID   only this batch\n  --json       a JSON array of code rows\n  --csv        CSV with a header row',
  options: { batch: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' } },
  async run(ctx, values) {
    if (values.json && values.csv) throw new UsageError({ en: '--json or --csv, not both', 'zh-CN': '--json 与 --csv 只能选一个' });
    const batchId = optionalWholeNumber('batch', values.batch, { min: 1 });
    const app = ctx.openApp();
    if (batchId !== undefined) app.batches.repo.get(batchId);
    // Paged, so a log of millions streams out in constant memory.
    const pages = function* (): Generator<CodeRow[]> {
      let afterId = 0;
      for (;;) {
        const rows = app.batches.repo.codes({ batchId, afterId, limit: PAGE });
        if (!rows.length) return;
        yield rows;
        afterId = rows.at(-1)!.id;
      }
    };
    if (values.json) {
      let first = true;
      await write('[');
      for (const rows of pages()) {
        await write(rows.map((row, i) => `${first && i === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`).join(''));
        first = false;
      }
      await write(first ? ']\n' : '\n]\n');
    } else if (values.csv) {
      await write(csvRows([], { header: true, columns: [...CODE_COLUMNS] }));
      for (const rows of pages()) await write(csvRows(rows, { columns: [...CODE_COLUMNS], cast: { number: String } }));
    } else {
      let any = false;
      for (const rows of pages()) {
        if (!any) await write(ctx.language === 'zh-CN' ? ' 批次     序号  状态    extinfo              内容\n' : 'batch     seq  status  extinfo              content\n');
        any = true;
        await write(`${rows.map((r) => `${String(r.batch).padStart(5)} ${String(r.seq).padStart(7)}  ${r.status.padEnd(7)} ${r.extinfo.padEnd(20)} ${r.content ?? ''}`).join('\n')}\n`);
      }
      if (!any) ctx.err(ctx.language === 'zh-CN' ? '日志中没有码。' : 'No codes in the log.');
    }
    return 0;
  },
};

export const clearRecordCommand: Command = {
  name: 'clear-record',
  summary: { en: "Clear a logged code's scan record on WeChat (audited)", 'zh-CN': '清除已记录的码在微信上的扫码记录(计入审计)' },
  usage: ['qrpack clear-record --product KS:KEY --extinfo X [WeChat options]', WECHAT_USAGE].join('\n'),
  options: { ...WECHAT_OPTIONS, product: { type: 'string' }, extinfo: { type: 'string' } },
  async run(ctx, values) {
    const product = parseProduct(values.product);
    if (typeof values.extinfo !== 'string') throw new UsageError({ en: '--extinfo is required', 'zh-CN': '缺少 --extinfo' });
    const { app, accountId } = await resolveCliAccount(ctx, values);
    const action = await app.batches.clearScanRecord(accountId, await app.wechatFor(accountId), product, values.extinfo);
    ctx.out(ctx.language === 'zh-CN' ? `已清除 ${action.target} 的扫码记录(操作 ${action.id})` : `cleared the scan record of ${action.target} (action ${action.id})`);
    return 0;
  },
};

export const actionsCommand: Command = {
  name: 'actions',
  summary: { en: 'Print the audit of actions taken on WeChat', 'zh-CN': '输出在微信侧执行的操作审计' },
  usage: 'qrpack actions [--json]\n  --json   print as JSON',
  options: { json: { type: 'boolean' } },
  async run(ctx, values) {
    const actions = ctx.openApp().actions.list({ limit: 100_000 });
    if (values.json) return ctx.out(JSON.stringify(actions, null, 2)), 0;
    const zh = ctx.language === 'zh-CN';
    if (!actions.length) return ctx.err(zh ? '尚未在微信侧执行任何操作。' : 'No action has been taken on WeChat yet.'), 0;
    ctx.out(zh ? ' 编号  时间                      结果  操作              对象' : '   id  at                        ok    action            target');
    for (const a of actions) {
      ctx.out(`${String(a.id).padStart(5)}  ${a.at}  ${a.ok ? 'ok  ' : 'FAIL'}  ${a.kind.padEnd(17)} ${a.target}${a.errcode === null ? '' : `  errcode ${a.errcode}`}`);
    }
    return 0;
  },
};
