import { counted } from '../../../shared/text';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import type { ExportFormat, VerifyMode } from '../../core/sheets/export/exportTypes';
import { BUILT_IN_STOCKS } from '../../core/sheets/design/stocks';
import { defaultTemplate, parseTemplate, resolveStock, type Template } from '../../core/sheets/design/template';
import { COPIES_PER_CODE, REPEAT } from '../../core/sheets/export/labelPositions';
import { withGs1Line } from '../../core/sheets/design/gs1Design';
import { gs1Fields } from '../../core/sheets/design/labelData';
import { UsageError, type CliContext, type Command } from '../command';
import { existingFiles } from '../../core/files/outputFiles';
import { TEMPLATE_LIMITS } from '../../../shared/sheets/templateSchema';
import { EXPORT_WORKERS, RASTER_DPI, SPLIT_PAGES } from '../../core/sheets/export/exportOptions';
import { batchIdArgument, excerpt, oneOf, optionalNumber, optionalWholeNumber, positionRange } from '../optionValues';

export const exportCommand: Command = {
  name: 'export',
  summary: { en: 'Export a batch as print-ready label sheets (offline, from the log)', 'zh-CN': '将批次导出为可直接印刷的标签页(离线,基于日志)' },
  usage: [
    'qrpack export BATCH (--stock ID | --template FILE) --out FILE [--manifest FILE] [--format pdf|png|tiff|zpl]',
    '              [--dpi N] [--range A-B] [--ecc L|M|Q|H] [--verify full|sample|off] [--split N]',
    '              [--order sequence|cut-stack] [--scope sheet|label] [--offset-x MM] [--offset-y MM]',
    '              [--printer-dpi N] [--bar-width-reduction MM] [--bleed MM] [--crop-marks] [--title TEXT] [--workers N] [--force]',
    '              [--start-at N] [--copies-per-code K] [--repeat K]',
    '  --stock ID        a built-in stock with its default design (see qrpack stocks)',
    '  --template FILE   a template file (qrpack template --stock ID writes one to start from)',
    '  --out FILE        the PDF or ZPL file (or the base name of numbered PNG/TIFF files)',
    '  --manifest FILE   CSV, one row per label: extinfo,content,page,index,qr_x_mm,qr_y_mm,qr_size_mm,seq,file',
    '                    (then copy,copies when a code is on several labels: copy 2 of 4)',
    '  --format F        pdf (vector, 100 % K; default), png or tiff (1-bit, for thermal printers),',
    '                    zpl (a roll stock\'s labels for a Zebra-compatible printer, at --printer-dpi',
    '                    203, 300 or 600; each label one ^GF graphic, Chinese included)',
    '  --dpi N           raster resolution (png default 600, tiff 300)',
    '  --range A-B       only positions A to B of the batch (a reprint)',
    '  --ecc L|M|Q|H     error correction (default: the template\'s, M)',
    '  --verify MODE     decode every label (full, default) or every label of a few pages (sample)',
    '  --split N         at most N pages per PDF file',
    '  --start-at N      a sheet partly used before: the first label goes to position N of the first',
    '                    sheet (1 to the labels on a sheet), positions 1 to N-1 are left empty; sheets',
    '                    in sequence order only, not a roll (it starts at the label under the head)',
    `  --copies-per-code K  each code on K consecutive labels, e.g. 2 for a box and its carton (${COPIES_PER_CODE.min}-${COPIES_PER_CODE.max})`,
    `  --repeat K        the whole run K times over in the file, one after the other (${REPEAT.min}-${REPEAT.max});`,
    '                    labels in the file, unlike qrpack print --copies (the printer prints the file N times)',
    '  --order O         sequence (default) or cut-stack (each stack in order after cutting)',
    '  --scope S         raster: one image per sheet (default) or per label',
    '  --offset-x/-y MM  move everything, to compensate the printer (refused when print leaves the page)',
    '  --printer-dpi N   the printer\'s resolution the design is checked for (default 600; a roll\'s design 300) and ZPL is drawn at',
    '  --bar-width-reduction MM  every linear barcode\'s bars drawn this much narrower (0-0.1), for dot gain',
    "  --codes C         local (default: drawn here) or wechat (WeChat's own pic_url images; png/tiff only)",
    '  --workers N       threads that build the pages and that verify them (default: one per core to build, one per core but one to verify)',
    '  --force           replace an existing --out (or --manifest) file; without it a terminal asks, a script is refused',
    'Exit 0 when written (and verified); 4 when verification found a code that does not decode right:',
    'then the files are kept only as NAME.failed.EXT (the manifest too), never under the --out name.',
  ].join('\n'),
  options: {
    stock: { type: 'string' },
    template: { type: 'string' },
    out: { type: 'string' },
    manifest: { type: 'string' },
    format: { type: 'string' },
    dpi: { type: 'string' },
    range: { type: 'string' },
    ecc: { type: 'string' },
    verify: { type: 'string' },
    split: { type: 'string' },
    order: { type: 'string' },
    scope: { type: 'string' },
    'offset-x': { type: 'string' },
    'offset-y': { type: 'string' },
    'printer-dpi': { type: 'string' },
    'bar-width-reduction': { type: 'string' },
    bleed: { type: 'string' },
    'crop-marks': { type: 'boolean' },
    title: { type: 'string' },
    workers: { type: 'string' },
    codes: { type: 'string' },
    force: { type: 'boolean' },
    'start-at': { type: 'string' },
    'copies-per-code': { type: 'string' },
    repeat: { type: 'string' },
  },
  async run(ctx, values, positionals) {
    const batchId = batchIdArgument('export', positionals[0], 'qrpack export 12 --stock avery-l7651 --out sheets.pdf');
    if (typeof values.out !== 'string') throw new UsageError({ en: '--out FILE is required', 'zh-CN': '缺少 --out 文件' });
    if ((values.stock === undefined) === (values.template === undefined)) throw new UsageError({ en: 'give --stock ID or --template FILE', 'zh-CN': '请给出 --stock 标签纸或 --template 模板文件,二者选一' });
    let template: Template;
    if (typeof values.template === 'string') {
      if (!fs.statSync(values.template, { throwIfNoEntry: false })?.isFile()) {
        throw new UsageError({ en: `--template: no such file ${excerpt(values.template, 200)}`, 'zh-CN': `--template:文件不存在 ${excerpt(values.template, 200)}` });
      }
      template = parseTemplate(fs.readFileSync(values.template, 'utf8'), values.template);
    } else {
      // A GS1 Digital Link batch's default design prints GS1's human-readable line.
      const batch = ctx.openApp().batches.repo.get(batchId);
      template = defaultTemplate(String(values.stock));
      if (gs1Fields(batch)) template = withGs1Line(template);
    }
    const ecc = oneOf('ecc', values.ecc, ['L', 'M', 'Q', 'H'] as const, template.qr.ecc);
    template = {
      ...template,
      qr: { ...template.qr, ecc },
      order: oneOf('order', values.order, ['sequence', 'cut-stack'] as const, template.order),
      offsetXMm: optionalNumber('offset-x', values['offset-x'], TEMPLATE_LIMITS.offsetMm) ?? template.offsetXMm,
      offsetYMm: optionalNumber('offset-y', values['offset-y'], TEMPLATE_LIMITS.offsetMm) ?? template.offsetYMm,
      printerDpi: optionalWholeNumber('printer-dpi', values['printer-dpi'], TEMPLATE_LIMITS.printerDpi) ?? template.printerDpi,
      bleedMm: optionalNumber('bleed', values.bleed, TEMPLATE_LIMITS.bleedMm) ?? template.bleedMm,
      cropMarks: values['crop-marks'] === true || template.cropMarks,
    };
    const reduction = optionalNumber('bar-width-reduction', values['bar-width-reduction'], TEMPLATE_LIMITS.barWidthReductionMm);
    if (reduction !== undefined) {
      if (!template.barcodes.length) throw new UsageError({ en: '--bar-width-reduction: the design has no linear barcode', 'zh-CN': '--bar-width-reduction:该设计没有一维条码' });
      template = { ...template, barcodes: template.barcodes.map((b) => ({ ...b, barWidthReductionMm: reduction })) };
    }
    const range = positionRange(values.range);
    // A sheet's positions bound --start-at; a roll's refusal (nothing to skip) is the export's to say.
    const stock = resolveStock(template);
    const startAt = optionalWholeNumber('start-at', values['start-at'], stock.kind === 'roll' ? { min: 1 } : { min: 1, max: stock.columns * stock.rows });
    const copiesPerCode = optionalWholeNumber('copies-per-code', values['copies-per-code'], COPIES_PER_CODE);
    const repeat = optionalWholeNumber('repeat', values.repeat, REPEAT);
    const format = oneOf<ExportFormat>('format', values.format, ['pdf', 'png', 'tiff', 'zpl'], 'pdf');
    const verify = oneOf<VerifyMode>('verify', values.verify, ['full', 'sample', 'off'], 'full');
    const zh = ctx.language === 'zh-CN';
    await confirmReplacing(ctx, [values.out, values.manifest].filter((file): file is string => typeof file === 'string'), values.force === true);
    let lastPrint = 0;
    const result = await ctx.openApp().exports.export({
      batchId,
      template,
      out: values.out,
      format,
      dpi: optionalWholeNumber('dpi', values.dpi, RASTER_DPI),
      rasterScope: oneOf('scope', values.scope, ['sheet', 'label'] as const, 'sheet'),
      range,
      splitPages: optionalWholeNumber('split', values.split, SPLIT_PAGES),
      startAt,
      copiesPerCode,
      repeat,
      manifest: values.manifest as string | undefined,
      verify,
      title: values.title as string | undefined,
      workers: optionalWholeNumber('workers', values.workers, EXPORT_WORKERS),
      codes: oneOf('codes', values.codes, ['local', 'wechat'] as const, 'local'),
      onProgress: (p) => {
        if (performance.now() - lastPrint < 1000 && p.done !== p.total) return;
        lastPrint = performance.now();
        ctx.err(zh ? `${p.stage === 'writing' ? '写入' : '校验'} ${p.done}/${p.total} 页` : `${p.stage} ${p.done}/${p.total} pages`);
      },
    });
    for (const warning of result.warnings) ctx.err(zh ? `注意:${warning['zh-CN']}` : `warning: ${warning.en}`);
    if (result.partial) {
      const { printed, planned } = result.partial;
      ctx.err(zh ? `注意:批次 ${batchId} 已取消:只打印取消前已发的 ${printed} 个码(计划 ${planned} 个);每页的说明行都注明“partial”。` : `warning: batch ${batchId} was cancelled: only the ${counted(printed, 'code')} issued before the cancel are printed (of ${planned.toLocaleString('en')} planned); every sheet's slug line says "partial".`);
    }
    for (const file of result.files) ctx.out(`${file.file}  ${zh ? `${file.pages} 页` : counted(file.pages, 'page')}  sha256 ${file.sha256}  ${zh ? `导出 ${file.exportId}` : `export ${file.exportId}`}`);
    ctx.out(
      zh
        ? `${result.labels} 个标签,${result.pages} 页${result.reprint ? '(补印)' : ''},用时 ${(result.timings.writeMs / 1000).toFixed(1)} 秒`
        : `${counted(result.labels, 'label')} on ${counted(result.pages, 'page')}${result.reprint ? ' (a reprint)' : ''} in ${(result.timings.writeMs / 1000).toFixed(1)} s`,
    );
    const laidOut = [
      startAt && startAt > 1 ? (zh ? `从第一张的第 ${startAt} 个标签开始(前 ${startAt - 1} 个位置留空)` : `starting at label ${startAt} of the first sheet (positions 1-${startAt - 1} left empty)`) : '',
      copiesPerCode && copiesPerCode > 1 ? (zh ? `每个码 ${copiesPerCode} 个连续标签` : `each code on ${copiesPerCode} consecutive labels`) : '',
      repeat && repeat > 1 ? (zh ? `整批重复 ${repeat} 次` : `the whole run ${repeat} times`) : '',
    ].filter(Boolean);
    if (laidOut.length) ctx.out(laidOut.join(zh ? ';' : '; '));
    if (result.verify.mode !== 'off') {
      const checked = result.verify.checked.toLocaleString('en');
      ctx.out(zh ? `校验:${checked} 个标签逐一解码,${result.verify.failures.length} 个失败` : `verified: ${counted(result.verify.checked, 'label')} decoded one by one, ${result.verify.failures.length} failed`);
    }
    for (const f of result.verify.failures.slice(0, 20)) {
      if (f.what === 'gs1') {
        ctx.err(zh ? `GS1 数字链接与日志不符:${f.extinfo}(${f.file} 第 ${f.page} 页)` : `GS1 Digital Link not the log's: ${f.extinfo} (${f.file} page ${f.page}) — read ${JSON.stringify(f.found)}`);
        continue;
      }
      const what = f.what === 'barcode' ? (zh ? `条码${f.barcode ? ` ${f.barcode} ` : ''}` : `barcode ${f.barcode ? `${f.barcode} ` : ''}`) : '';
      ctx.err(zh ? `${what}无法正确解码:${f.extinfo}(${f.file} 第 ${f.page} 页)` : `${what}does not decode right: ${f.extinfo} (${f.file} page ${f.page}) — read ${JSON.stringify(f.found)}`);
    }
    if (result.verify.failures.length) {
      ctx.err(
        zh
          ? `未通过校验的文件只以 .failed 名称保存(${path.basename(result.files[0]!.file)}),不会放在 --out 的名称下,以免送去印刷。`
          : `The files failed verification: they are kept only as ${path.basename(result.files[0]!.file)}${result.files.length > 1 ? ' …' : ''}, never under the --out name, so nobody prints them.`,
      );
    }
    return result.verify.failures.length ? 4 : 0;
  },
};

export const stocksCommand: Command = {
  name: 'stocks',
  summary: { en: 'List the built-in label stocks', 'zh-CN': '列出内置的标签纸' },
  usage: 'qrpack stocks [--json]',
  options: { json: { type: 'boolean' } },
  async run(ctx, values) {
    if (values.json) return ctx.out(JSON.stringify(BUILT_IN_STOCKS, null, 2)), 0;
    for (const s of BUILT_IN_STOCKS) {
      ctx.out(`${s.id.padEnd(13)} ${`${s.labelWidthMm}×${s.labelHeightMm} mm`.padEnd(17)} ${`${s.columns}×${s.rows}`.padEnd(6)} on ${s.pageWidthMm}×${s.pageHeightMm} mm  ${s.name}`);
    }
    return 0;
  },
};

export const templateCommand: Command = {
  name: 'template',
  summary: { en: "Print a stock's default template, to edit and use with --template", 'zh-CN': '输出标签纸的默认模板,可编辑后配合 --template 使用' },
  usage: 'qrpack template --stock ID [--ecc L|M|Q|H] > my-template.json',
  options: { stock: { type: 'string' }, ecc: { type: 'string' } },
  async run(ctx, values) {
    if (typeof values.stock !== 'string') throw new UsageError({ en: '--stock ID is required (see qrpack stocks)', 'zh-CN': '缺少 --stock 标签纸(见 qrpack stocks)' });
    ctx.out(JSON.stringify(defaultTemplate(values.stock, oneOf('ecc', values.ecc, ['L', 'M', 'Q', 'H'] as const, 'M')), null, 2));
    return 0;
  },
};

export const verifyCommand: Command = {
  name: 'verify',
  summary: { en: 'Decode every label of an exported PDF again, against the log', 'zh-CN': '对导出的 PDF 逐个标签重新解码,并与日志核对' },
  usage: [
    'qrpack verify FILE [--manifest CSV]',
    '  FILE             a PDF qrpack export wrote, or the file a prepress step handed back (same',
    '                   pages and positions)',
    "  --manifest CSV   the export's manifest, to find the export when the file was renamed",
    'Every label is rendered as a PDF renderer draws it and decoded on its own; anything drawn over a',
    'code is caught. Exit 0 when every label decodes to the code logged for it, 4 naming each that',
    'does not (extinfo and page).',
  ].join('\n'),
  options: { manifest: { type: 'string' } },
  async run(ctx, values, positionals) {
    const file = positionals[0];
    if (!file) throw new UsageError({ en: 'verify: give the PDF, e.g. qrpack verify lot7.pdf', 'zh-CN': 'verify:请给出 PDF 文件,例如 qrpack verify lot7.pdf' });
    const zh = ctx.language === 'zh-CN';
    const manifest = typeof values.manifest === 'string' ? path.resolve(values.manifest) : undefined;
    const app = ctx.openApp();
    const check = await app.exports.verifyFile(app.getSettings().activeAccountId, path.resolve(file), { manifest });
    if (!check.unchanged) {
      ctx.out(zh ? '注意:此文件在导出后已被修改(字节不同);按其当前内容校验。' : 'note: the file changed since it was exported (its bytes differ); its labels were checked as they are now.');
    }
    if (check.failures.length === 0) {
      ctx.out(zh ? `${check.checked.toLocaleString('en')} 个标签逐一解码,全部与日志一致(导出 ${check.exportId},批次 ${check.batchId})` : `${counted(check.checked, 'label')} decoded one by one, all match the log (export ${check.exportId}, batch ${check.batchId})`);
      return 0;
    }
    const checked = check.checked.toLocaleString('en');
    ctx.out(zh ? `${checked} 个标签中有 ${check.failures.length} 个未通过:` : `${check.failures.length} of ${checked} labels failed:`);
    for (const f of check.failures) {
      const what = f.what === 'barcode' ? (zh ? `  条码${f.barcode ? ` ${f.barcode}` : ''}` : `  barcode${f.barcode ? ` ${f.barcode}` : ''}`) : f.what === 'gs1' ? (zh ? '  GS1 数字链接与日志不符' : '  GS1 Digital Link not the log\'s') : '';
      ctx.out(zh ? `  第 ${f.page} 页  ${f.extinfo}${what}  读到 ${f.found === null ? '无法解码' : JSON.stringify(f.found)}` : `  page ${f.page}  ${f.extinfo}${what}  read ${f.found === null ? 'nothing decodable' : JSON.stringify(f.found)}`);
    }
    return 4;
  },
};

/**
 * An export never replaces a file without a word: on a terminal it asks; without one (a script)
 * it refuses unless --force. The file can always be made again from the log, but the one a press
 * operator was about to print should not change under them.
 */
async function confirmReplacing(ctx: CliContext, files: string[], force: boolean): Promise<void> {
  const existing = existingFiles(files);
  if (!existing.length || force) return;
  const zh = ctx.language === 'zh-CN';
  const named = existing.map((file) => excerpt(file, 200)).join(zh ? ' 和 ' : ' and ');
  if (process.stdin.isTTY && process.stderr.isTTY) {
    const prompt = readline.createInterface({ input: process.stdin, output: process.stderr });
    const answer = await prompt.question(zh ? `${named} 已存在。替换?[y/N] ` : `${named} ${existing.length > 1 ? 'exist' : 'exists'} already. Replace? [y/N] `);
    prompt.close();
    if (/^y(es)?$/i.test(answer.trim())) return;
  }
  throw new UsageError({
    en: `${named} ${existing.length > 1 ? 'exist' : 'exists'} already: nothing was written. Give --force to replace ${existing.length > 1 ? 'them' : 'it'}, or another --out.`,
    'zh-CN': `${named} 已存在:未写入任何内容。如需替换请加 --force,或换一个 --out。`,
  });
}
