import { counted } from '../../../shared/text';
import path from 'node:path';
import { describeLedgerUrl, ledgerUrlProblem } from '../../core/ledger/ledgerDatabase';
import type { LedgerPushReport } from '../../core/ledger/ledgerPush';
import { EXIT_STOPPED } from '../batchRunner';
import { UsageError, type CliContext, type Command } from '../command';
import { batchIdArgument } from '../optionValues';

/** How many refused codes a push prints (--json lists them all). */
const PRINTED_CONFLICTS = 20;

export const DATABASE_USAGE = '  --database URL      postgres://USER@HOST:PORT/DATABASE, the shared ledger (default $QRPACK_DATABASE; password from PGPASSWORD)';

/** --database, else $QRPACK_DATABASE (which keeps a password out of the process list); undefined when neither. */
export function databaseUrl(ctx: CliContext, value: unknown, required: boolean): string | undefined {
  const url = typeof value === 'string' ? value : ctx.env.QRPACK_DATABASE || undefined;
  if (url === undefined) {
    if (!required) return undefined;
    throw new UsageError({ en: '--database URL: the shared ledger, postgres://USER@HOST:PORT/DATABASE (or set QRPACK_DATABASE)', 'zh-CN': '--database URL:共享账本,形如 postgres://用户@主机:端口/数据库(或设置 QRPACK_DATABASE)' });
  }
  const problem = ledgerUrlProblem(url);
  if (problem) throw new UsageError(problem);
  return url;
}

function printReport(ctx: CliContext, report: LedgerPushReport, where: string): number {
  const zh = ctx.language === 'zh-CN';
  const n = (value: number) => value.toLocaleString('en');
  ctx.out(
    zh
      ? `已向 ${where} 推送 ${n(report.codes)} 个码:新增 ${n(report.added)},更新 ${n(report.updated)},未变 ${n(report.unchanged)},拒绝 ${n(report.refused)}`
      : `${counted(report.codes, 'code')} pushed to ${where}: ${n(report.added)} added, ${n(report.updated)} updated, ${n(report.unchanged)} unchanged, ${n(report.refused)} refused`,
  );
  if (report.refused === 0) return 0;
  ctx.out(zh ? '以下码已由其他站点以不同内容持有,被拒绝:' : 'Refused — another station holds these codes for the same product with different content:');
  for (const c of report.conflicts.slice(0, PRINTED_CONFLICTS)) ctx.out(`  ${c.keystandard}:${c.keystr}/${c.extinfo}  ${zh ? '持有站点' : 'held by'} ${c.heldBy}`);
  const more = report.refused - Math.min(PRINTED_CONFLICTS, report.conflicts.length);
  if (more > 0) ctx.out(zh ? `  …… 另有 ${n(more)} 个(--json 可列出全部)` : `  … and ${n(more)} more (--json lists them)`);
  return EXIT_STOPPED;
}

export const ledgerCommand: Command = {
  name: 'ledger',
  summary: { en: "Send this station's codes to the shared ledger (PostgreSQL), directly or by file", 'zh-CN': '将本站点的码发送到共享账本(PostgreSQL),直接或经文件' },
  usage: [
    'qrpack ledger push --database URL [--batch ID] [--json]',
    'qrpack ledger export FILE [--batch ID]',
    'qrpack ledger import FILE --database URL [--json]',
    DATABASE_USAGE,
    '  --batch ID          only this batch (default: every product code of the account)',
    '  --json              print the report as JSON, every refused code listed',
    "push: the account's issued product codes and their activation, idempotently (push again after",
    'activating or after a cut-off push). A code another station holds for the same product with',
    'different content is refused and listed; exit 3 when any is. export: the same codes on a',
    'checksummed file, for a print shop with no network; import it where the ledger can be reached',
    '(the whole file is checked before anything is written). qrpack serve --database answers from it.',
  ].join('\n'),
  options: { database: { type: 'string' }, batch: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx, values, positionals) {
    const [sub, file] = positionals;
    const zh = ctx.language === 'zh-CN';
    const batchId = values.batch === undefined ? undefined : batchIdArgument('--batch', values.batch, '--batch 12');
    if (sub === 'push') {
      const url = databaseUrl(ctx, values.database, true)!;
      const report = await ctx.openApp().ledger.push(url, batchId);
      if (values.json) return ctx.out(JSON.stringify(report, null, 2)), report.refused ? EXIT_STOPPED : 0;
      return printReport(ctx, report, describeLedgerUrl(url));
    }
    if (sub === 'export' || sub === 'import') {
      if (!file) throw new UsageError({ en: `ledger ${sub}: give the file, e.g. qrpack ledger ${sub} shop-a.qrledger`, 'zh-CN': `ledger ${sub}:请给出文件,例如 qrpack ledger ${sub} shop-a.qrledger` });
      const full = path.resolve(file);
      if (sub === 'export') {
        const count = await ctx.openApp().ledger.exportFile(full, batchId);
        ctx.out(zh ? `已将 ${count.toLocaleString('en')} 个码写入 ${full}` : `${counted(count, 'code')} written to ${full}`);
        return 0;
      }
      const url = databaseUrl(ctx, values.database, true)!;
      const report = await ctx.openApp().ledger.importFile(full, url);
      if (values.json) return ctx.out(JSON.stringify(report, null, 2)), report.refused ? EXIT_STOPPED : 0;
      ctx.out(zh ? `文件来自站点 ${report.file.station.name},导出于 ${report.file.exportedAt},校验和无误` : `The file is from station ${report.file.station.name}, exported ${report.file.exportedAt}; its checksum matches.`);
      return printReport(ctx, report, describeLedgerUrl(url));
    }
    throw new UsageError({ en: 'ledger: push, export FILE or import FILE; see qrpack help ledger', 'zh-CN': 'ledger:push、export 文件 或 import 文件;见 qrpack help ledger' });
  },
};
