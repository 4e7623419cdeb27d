import { AppError } from '../../appError';
import { CARD_EXPIRY_WARNING_DAYS, CARD_QR_DEFAULT_VALIDITY_S, cardCodesExpire } from '../../../../shared/cards/cardCode';
import { counted, type LocalizedText } from '../../../../shared/text';
import type { CardQrOptions } from '../../issuing/codeSources';
import type { BatchRepo, BatchRow } from '../../issuing/batchRepo';
import { checkOutputPath } from '../../files/outputFiles';
import type { Db } from '../../store/openStore';
import { checkLabelData, checkLabelGlyphs, gs1Fields } from '../design/labelData';
import { missingGlyphs, usedFaces } from '../design/fontCatalog';
import { sheetGeometry, usesProductFields } from '../design/labelLayout';
import { resolveStock } from '../design/template';
import { checkTemplate } from '../design/templateCheck';
import { encodeQr } from '../symbols/qrEncoder';
import { charactersOf } from '../writers/pdf/pageContent';
import { loadLogo } from '../design/logoFiles';
import { checkZplDpi } from '../writers/zpl/zplLabels';
import { refuseUnverifiablePage, verifyDpi } from '../verify/sheetVerification';
import { checkExportOptions } from './exportOptions';
import { ExportCodes } from './exportCodes';
import { checkLabelRun, LabelPositions, type LabelRun } from './labelPositions';
import type { ExportPlan, ExportRequest, ProductFields, ProductOwner } from './exportTypes';

const OUT_NAME = { en: 'The output file (--out)', 'zh-CN': '输出文件(--out)' };
const MANIFEST_NAME = { en: 'The manifest (--manifest)', 'zh-CN': '清单文件(--manifest)' };

/**
 * The plan stage: checks a request against the batch, its codes and the design, and works out
 * everything the export prints — before any file is opened, so a refusal leaves nothing behind.
 */
export async function planExport(
  db: Db,
  batches: BatchRepo,
  productOf: (product: ProductOwner) => ProductFields | null,
  request: ExportRequest,
): Promise<ExportPlan> {
  const format = request.format ?? 'pdf';
  if (request.codes === 'wechat' && format === 'pdf') {
    throw new AppError('invalid_argument', {
      en: "WeChat's own code images are raster: a PDF keeps its codes vector in 100 % K. Use them with --format png or tiff.",
      'zh-CN': '微信自带的二维码图片是位图:PDF 中的码须为 100% K 的矢量图形。请配合 --format png 或 tiff 使用。',
    });
  }
  checkExportOptions(request);
  if (format === 'zpl') refuseZplRequest(request);
  const out = checkOutputPath(request.out, OUT_NAME);
  const manifestFile = request.manifest === undefined ? undefined : checkOutputPath(request.manifest, MANIFEST_NAME);
  const batch = batches.get(request.batchId);
  if (batch.kind === 'deposit') {
    throw new AppError('invalid_argument', {
      en: `Batch ${batch.id} is a deposit of a card's codes: nothing to print. Make a card QR batch of them (qrpack card issue).`,
      'zh-CN': `批次 ${batch.id} 是卡券 code 的导入:没有可打印的内容。请用它们生成卡券二维码批次(qrpack card issue)。`,
    });
  }
  if (request.codes === 'wechat' && batch.kind === 'jump') {
    throw new AppError('invalid_argument', {
      en: 'Mini Program jump codes have no WeChat image: QR Pack draws them (leave --codes at local).',
      'zh-CN': '小程序跳转码没有微信生成的图片:由 QR Pack 绘制(--codes 请保持 local)。',
    });
  }
  const range = request.range ?? { from: 1, to: batch.codeCount };
  if (!Number.isInteger(range.from) || !Number.isInteger(range.to) || range.from < 1 || range.to > batch.codeCount || range.from > range.to) {
    throw new AppError('invalid_argument', {
      en: `The range ${range.from}-${range.to} is outside batch ${batch.id} (1-${batch.codeCount}).`,
      'zh-CN': `范围 ${range.from}-${range.to} 超出了批次 ${batch.id}(1-${batch.codeCount})。`,
    });
  }
  // A batch issued whole prints every code of the range; a cancelled one its issued codes only.
  const codes = ExportCodes.of(db, batch.id, range);
  const count = codes.count;
  const planned = range.to - range.from + 1;
  if (codes.partial && batch.state !== 'cancelled') {
    throw new AppError('conflict', {
      en: `Only ${count} of the ${planned} codes in ${range.from}-${range.to} are issued: resume the batch first, or export a range of issued codes.`,
      'zh-CN': `${range.from}-${range.to} 中的 ${planned} 个码只有 ${count} 个已发:请先继续该批次,或只导出已发的范围。`,
    });
  }
  if (!count) {
    throw new AppError('conflict', {
      en: `Batch ${batch.id} was cancelled before any code in ${range.from}-${range.to} was issued: nothing to print.`,
      'zh-CN': `批次 ${batch.id} 在 ${range.from}-${range.to} 中的码发出之前已取消:没有可打印的内容。`,
    });
  }
  const run: LabelRun = { startAt: request.startAt ?? 1, copiesPerCode: request.copiesPerCode ?? 1, repeat: request.repeat ?? 1 };
  checkLabelRun(run, resolveStock(request.template), request.template.order, count);
  const stats = db
    .prepare<[number, number, number], { maxContent: number }>(`SELECT max(length(content)) AS maxContent FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued'`)
    .get(batch.id, range.from, range.to)!;
  const template = request.template;
  const stock = resolveStock(template);
  const modules = encodeQr('x'.repeat(stats.maxContent), template.qr.ecc).size;
  const cached = batch.kind === 'product' ? productOf(batch) : null;
  const fields = {
    keystr: batch.keystr,
    title: request.title ?? cached?.title ?? '',
    batch: batch.name,
    date: new Date().toISOString().slice(0, 10),
    product: cached?.product ?? {},
    gs1: gs1Fields(batch),
  };
  // Offline, the product's fields come from the cache only: say so rather than print blanks.
  const missingProduct =
    batch.kind === 'product' && !cached && usesProductFields(template.text.map((t) => (request.title === undefined ? t.text : t.text.replaceAll('{title}', ''))))
      ? [productNotCached(batch.keystandard, batch.keystr)]
      : [];
  const widest = db
    .prepare<[number, number, number], { extinfo: string }>(`SELECT extinfo FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued' ORDER BY length(extinfo) DESC LIMIT 1`)
    .get(batch.id, range.from, range.to)!;
  const dataSample = checkLabelData(db, batch.id, range, template, fields);
  checkTemplate(template, stock, [{ fields: { ...fields, extinfo: widest.extinfo, seq: range.to, columns: dataSample.columns }, modules, barcodes: dataSample.barcodes }]);

  const geometry = sheetGeometry(template, stock);
  if ((request.verify ?? 'full') !== 'off' && format === 'pdf') refuseUnverifiablePage(geometry, verifyDpi(template, modules));
  const positions = new LabelPositions(count, geometry.perPage, template.order, run);
  const pages = positions.pages;
  const validUntil = cardValidUntil(db, batch, range);
  // A partial export says so on every sheet, so nobody takes it for the whole batch.
  const partialNote = codes.partial ? ` · partial: ${count.toLocaleString('en')} of ${planned.toLocaleString('en')} codes, issued before the batch was cancelled` : '';
  const slugPrefix = `QR Pack · batch ${batch.id} ${batch.name}${validUntil ? ` · valid until ${validUntil.toISOString().slice(0, 10)}` : ''}${partialNote}`;
  const logo = template.logo ? await loadLogo(template.logo.file) : undefined;
  const labelTexts = db
    .prepare<[number, number, number], { extinfo: string; data_json: string | null }>(`SELECT extinfo, data_json FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued'`)
    .iterate(batch.id, range.from, range.to);
  const chars = charactersOf(template, fields, slugPrefix, (function* () {
    for (const row of labelTexts) {
      yield row.extinfo;
      if (row.data_json) yield row.data_json;
    }
  })());
  // Every character the export can print is in `chars`: only when the font lacks one are the
  // labels read again, to name where it is (or let it pass when no label prints it).
  const text = [...chars].join('');
  if (usedFaces(template).some((face) => missingGlyphs(text, face).length)) checkLabelGlyphs(db, batch.id, range, template, fields);
  return {
    request,
    format,
    out,
    manifestFile,
    batch,
    range,
    codes,
    planned,
    template,
    geometry,
    positions,
    pages,
    modules,
    fields,
    slugPrefix,
    logo,
    chars,
    splitPages: format === 'pdf' && request.splitPages ? request.splitPages : pages,
    validUntil,
    // Every label decoded unless told otherwise: the promise is that nothing unreadable goes to press.
    verifyMode: request.verify ?? 'full',
    warnings: [...missingProduct, ...(validUntil ? expiryWarnings(validUntil) : [])],
  };
}

/** ZPL is a roll's labels at the printer's own dots: a sheet stock or --dpi has no place in it. */
function refuseZplRequest(request: ExportRequest): void {
  const stock = resolveStock(request.template);
  if (stock.kind !== 'roll') {
    throw new AppError('invalid_argument', {
      en: `ZPL (--format zpl) is for label printers on a roll: ${stock.id} is a sheet of ${stock.columns * stock.rows} labels. Choose a roll stock (e.g. roll-50x30), or PDF, PNG or TIFF.`,
      'zh-CN': `ZPL(--format zpl)用于卷筒标签打印机:${stock.id} 是一张 ${stock.columns * stock.rows} 个标签的标签纸。请选择卷筒标签(例如 roll-50x30),或导出 PDF、PNG、TIFF。`,
    });
  }
  if (request.dpi !== undefined) {
    throw new AppError('invalid_argument', {
      en: "ZPL is drawn at the label printer's own resolution: give --printer-dpi 203, 300 or 600, not --dpi.",
      'zh-CN': 'ZPL 按标签打印机自身的分辨率绘制:请用 --printer-dpi 203、300 或 600,而不是 --dpi。',
    });
  }
  checkZplDpi(request.template.printerDpi);
}

/** When the first card QR code of an export stops working (issued + validity); null for kinds that do not expire. */
function cardValidUntil(db: Db, batch: BatchRow, range: { from: number; to: number }): Date | null {
  if (batch.kind !== 'card' || !cardCodesExpire(batch.keystandard)) return null;
  const first = db.prepare<[number, number, number], string | null>(`SELECT min(issued_at) FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ?`).pluck().get(batch.id, range.from, range.to);
  const validityS = (batch.options as CardQrOptions).expireSeconds ?? CARD_QR_DEFAULT_VALIDITY_S;
  return first ? new Date(Date.parse(first) + validityS * 1000) : null;
}

function productNotCached(keystandard: string, keystr: string): LocalizedText {
  return {
    en: `This computer has not read the product page of ${keystandard}:${keystr}, so its title and other page fields print empty. Open the product once while online (Products screen, or qrpack product show ${keystandard}:${keystr}), or give the title (--title).`,
    'zh-CN': `本机尚未读取商品 ${keystandard}:${keystr} 的主页,其标题等字段将打印为空。请联网时打开一次该商品(商品页面,或 qrpack product show ${keystandard}:${keystr}),或给出标题(--title)。`,
  };
}

function expiryWarnings(validUntil: Date): LocalizedText[] {
  const daysLeft = Math.floor((validUntil.getTime() - Date.now()) / 86_400_000);
  const day = validUntil.toISOString().slice(0, 10);
  if (daysLeft < 0) {
    return [{ en: `These card codes expired on ${day}: a scan no longer gives the card. Issue new codes before printing.`, 'zh-CN': `这些卡券码已于 ${day} 过期:扫码不再能领取卡券。请在印刷前重新生成。` }];
  }
  if (daysLeft <= CARD_EXPIRY_WARNING_DAYS) {
    return [{ en: `These card codes expire on ${day}, in ${counted(daysLeft, 'day')}: packaging printed now may outlive them.`, 'zh-CN': `这些卡券码将于 ${day} 过期(还剩 ${daysLeft} 天):现在印刷的包装可能比码用得更久。` }];
  }
  return [];
}
