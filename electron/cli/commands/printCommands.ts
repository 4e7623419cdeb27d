import { PRINT_COPIES } from '../../core/printing/printJob';
import { UsageError, type Command } from '../command';
import { optionalWholeNumber } from '../optionValues';

export const printersCommand: Command = {
  name: 'printers',
  summary: { en: 'List the printers CUPS offers', 'zh-CN': '列出 CUPS 提供的打印机' },
  usage: 'qrpack printers [--json]\n  each printer: its name (for qrpack print --printer), * for the default, and its device',
  options: { json: { type: 'boolean' } },
  async run(ctx, values) {
    const printers = await ctx.openApp().printing.printers();
    if (values.json) return ctx.out(JSON.stringify(printers, null, 2)), 0;
    if (!printers.length) ctx.out(ctx.language === 'zh-CN' ? '没有打印机(CUPS 中尚未添加)' : 'no printers (none added to CUPS)');
    for (const p of printers) ctx.out(`${p.isDefault ? '*' : ' '} ${p.name.padEnd(24)} ${p.device}`);
    return 0;
  },
};

export const printCommand: Command = {
  name: 'print',
  summary: { en: 'Print an export (or a PDF or ZPL file) at 100 %', 'zh-CN': '按 100% 比例打印导出文件(或 PDF、ZPL 文件)' },
  usage: [
    'qrpack print EXPORT|FILE --printer NAME [--copies N] [--pages A-B]',
    '  EXPORT           an export id from the log (the Log screen), or FILE a PDF or ZPL file',
    '  --printer NAME   a CUPS printer (qrpack printers), or socket://HOST:9100 for ZPL sent',
    "                   straight to a label printer's raw port",
    `  --copies N       ${PRINT_COPIES.min}-${PRINT_COPIES.max} copies of the file, collated, made by the printer (default 1);`,
    '                   labels repeated inside the file: qrpack export --copies-per-code / --repeat',
    "  --pages A-B      only pages A to B (a ZPL file's labels A to B)",
    'A PDF always prints at 100 % (fit-to-page off, scaling 100, print-scaling none): a sheet fitted',
    'to the paper moves every label off its die-cut. ZPL goes to the printer raw, as written.',
  ].join('\n'),
  options: { printer: { type: 'string' }, copies: { type: 'string' }, pages: { type: 'string' } },
  async run(ctx, values, positionals) {
    const target = positionals[0];
    if (!target) throw new UsageError({ en: 'print: give an export id or a file, e.g. qrpack print 7 --printer Office', 'zh-CN': 'print:请给出导出编号或文件,例如 qrpack print 7 --printer Office' });
    if (typeof values.printer !== 'string') throw new UsageError({ en: '--printer NAME is required (qrpack printers lists them)', 'zh-CN': '缺少 --printer 打印机名称(qrpack printers 可列出)' });
    let pages: { from: number; to: number } | undefined;
    if (values.pages !== undefined) {
      const match = /^(\d{1,9})(?:-(\d{1,9}))?$/.exec(String(values.pages));
      if (!match) throw new UsageError({ en: '--pages A-B, pages of the file from 1, e.g. 2-5 (or one page: 3)', 'zh-CN': '--pages 格式为 A-B,即文件中从 1 起的页码,例如 2-5(或单页:3)' });
      pages = { from: Number(match[1]), to: Number(match[2] ?? match[1]) };
    }
    const app = ctx.openApp();
    const job = await app.printing.print(app.getSettings().activeAccountId, target, {
      printer: values.printer,
      copies: optionalWholeNumber('copies', values.copies, PRINT_COPIES),
      pages,
    });
    const zh = ctx.language === 'zh-CN';
    ctx.out(
      zh
        ? `已发送到 ${job.printer}${job.job ? `(作业 ${job.job})` : ''}:${job.pages} 页 × ${job.copies} 份,100% 比例`
        : `sent to ${job.printer}${job.job ? ` (job ${job.job})` : ''}: ${job.pages} page${job.pages === 1 ? '' : 's'} × ${job.copies} cop${job.copies === 1 ? 'y' : 'ies'}, at 100 %`,
    );
    return 0;
  },
};
