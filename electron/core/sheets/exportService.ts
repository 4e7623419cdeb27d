import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { AppError } from '../appError';
import { fileSha256 } from '../files/fileDigest';
import { CARD_EXPIRY_WARNING_DAYS, CARD_QR_DEFAULT_VALIDITY_S, cardCodesExpire } from '../../../shared/cards/cardCode';
import type { LocalizedText } from '../../../shared/text';
import type { CardQrOptions } from '../issuing/codeSources';
import type { BatchRepo, BatchRow } from '../issuing/batchRepo';
import { checkOutputPath, OutputFiles, seriesNames } from '../files/outputFiles';
import type { Db } from '../store/openStore';
import { isStorageError, LOG_DATABASE, storageError } from '../store/storageError';
import { checkExportOptions } from './exportOptions';
import { listExportRecords } from './exportRecords';
import { batchColumns, checkLabelData, labelFieldList, rowColumns, sampleFields } from './labelData';
import { ExportCodes } from './exportCodes';
import { labelAt, placeLabel, sheetGeometry, usesProductFields, type SheetGeometry } from './labelLayout';
import { charactersOf, type PageLabel, type SheetJob } from './pageContent';
import { PageRenderPool } from './pageRenderPool';
import { loadLogo, PdfSheetWriter } from './pdfSheetWriter';
import type { PicCache } from './picCache';
import { encodeQr } from './qrEncoder';
import { rasteriseExport } from './rasterExport';
import { renderPreview } from './sheetPreview';
import { refuseUnverifiablePage, verifyDpi, verifyPdfLabels } from './sheetVerification';
import { checkExportedFile, type ExportCheck } from './exportCheck';
import { resolveStock, type Template } from './template';
import { checkTemplate } from './templateCheck';

export type ExportFormat = 'pdf' | 'png' | 'tiff';
export type VerifyMode = 'full' | 'sample' | 'off';

export interface ExportRequest {
  batchId: number;
  template: Template;
  /** The file to write; for several files (split, rasters) the base name of a numbered series. */
  out: string;
  format?: ExportFormat;
  /** Raster resolution (png, tiff). */
  dpi?: number;
  /** Raster: one image per sheet (default) or per label. */
  rasterScope?: 'sheet' | 'label';
  /** Positions in the batch, from 1, inclusive. */
  range?: { from: number; to: number };
  /** PDF: at most this many pages per file. */
  splitPages?: number;
  manifest?: string;
  verify?: VerifyMode;
  /** Worker threads that build pages (default: one per core). */
  workers?: number;
  /** Draw the codes (local, default) or use WeChat's own pic_url images (PNG and TIFF only). */
  codes?: 'local' | 'wechat';
  /** Product title for {title} (the products cache is used when absent). */
  title?: string;
  onProgress?: (progress: { stage: 'writing' | 'verifying'; done: number; total: number }) => void;
}

export interface VerifyFailure {
  extinfo: string;
  page: number;
  file: string;
  found: string | null;
  /** Set when the QR code read right and the label's linear barcode did not. */
  what?: 'barcode';
}

export interface ExportResult {
  files: { file: string; sha256: string; pages: number }[];
  pages: number;
  labels: number;
  reprint: boolean;
  verify: { mode: VerifyMode; checked: number; failures: VerifyFailure[] };
  timings: { writeMs: number; verifyMs: number };
  contentBytes: { raw: number; deflated: number };
  /** What the person at the press should know first (card codes close to or past their expiry). */
  warnings: LocalizedText[];
  /** Set when a cancelled batch's issued codes are printed: how many, of how many planned in the range. */
  partial: { printed: number; planned: number } | null;
}

const MANIFEST_COLUMNS = ['extinfo', 'content', 'page', 'index', 'qr_x_mm', 'qr_y_mm', 'qr_size_mm', 'seq', 'file'];
const OUT_NAME = { en: 'The output file (--out)', 'zh-CN': '输出文件(--out)' };
const MANIFEST_NAME = { en: 'The manifest (--manifest)', 'zh-CN': '清单文件(--manifest)' };
const mm = (value: number) => value.toFixed(3);

/**
 * Turns codes from the log into print files — PDF, or PNG / TIFF rendered from it — offline, and
 * records them. Preview, verification, rasters and the records each live in a file of their own.
 */
export class ExportService {
  constructor(
    private readonly db: Db,
    private readonly batches: BatchRepo,
    /** The product page's fields from the local cache (null when this computer never read it). */
    private readonly productOf: (product: ProductOwner) => ProductFields | null,
    private readonly pics: PicCache,
  ) {}

  /** A PNG of one page as it will print (see sheetPreview). */
  preview(request: Parameters<typeof renderPreview>[3]) {
    return renderPreview(this.db, this.batches, this.productOf, request);
  }

  /** The placeholders a design can print for a batch (or in general), with the values its first label gets. */
  labelFields(batchId?: number) {
    const batch = batchId === undefined ? undefined : this.batches.get(batchId);
    const cached = batch?.kind === 'product' ? this.productOf(batch) : null;
    const fields = batch
      ? { keystr: batch.keystr, title: cached?.title ?? '', batch: batch.name, date: new Date().toISOString().slice(0, 10), product: cached?.product ?? {} }
      : sampleFields();
    return labelFieldList(this.db, batch, fields);
  }

  /** The exports and reprints in the log, newest first. */
  records(accountId: string, batchId?: number) {
    return listExportRecords(this.db, accountId, batchId);
  }

  /** Verifies a PDF exported earlier (or handed back by prepress) label by label against the log. */
  verifyFile(accountId: string, file: string, options: { manifest?: string; exportId?: number } = {}): Promise<ExportCheck> {
    return checkExportedFile(this.db, accountId, file, options);
  }

  async export(request: ExportRequest): Promise<ExportResult> {
    const format = request.format ?? 'pdf';
    if (request.codes === 'wechat' && format === 'pdf') {
      throw new AppError('invalid_argument', {
        en: "WeChat's own code images are raster: a PDF keeps its codes vector in 100 % K. Use them with --format png or tiff.",
        'zh-CN': '微信自带的二维码图片是位图:PDF 中的码须为 100% K 的矢量图形。请配合 --format png 或 tiff 使用。',
      });
    }
    checkExportOptions(request);
    const out = checkOutputPath(request.out, OUT_NAME);
    const manifestFile = request.manifest === undefined ? undefined : checkOutputPath(request.manifest, MANIFEST_NAME);
    const batch = this.batches.get(request.batchId);
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
    const codes = ExportCodes.of(this.db, batch.id, range);
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
    const stats = this.db
      .prepare<[number, number, number], { maxContent: number }>(`SELECT max(length(content)) AS maxContent FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued'`)
      .get(batch.id, range.from, range.to)!;
    const template = request.template;
    const stock = resolveStock(template);
    const ecc = template.qr.ecc;
    // Every code of an export is drawn at the version of the longest content: one module size.
    const modules = encodeQr('x'.repeat(stats.maxContent), ecc).size;
    const cached = batch.kind === 'product' ? this.productOf(batch) : null;
    const fields = {
      keystr: batch.keystr,
      title: request.title ?? cached?.title ?? '',
      batch: batch.name,
      date: new Date().toISOString().slice(0, 10),
      product: cached?.product ?? {},
    };
    // Offline, the product's fields come from the cache only: say so rather than print blanks.
    const missingProduct =
      batch.kind === 'product' && !cached && usesProductFields(template.text.map((t) => (request.title === undefined ? t.text : t.text.replaceAll('{title}', ''))))
        ? [productNotCached(batch.keystandard, batch.keystr)]
        : [];
    const widest = this.db
      .prepare<[number, number, number], { extinfo: string }>(`SELECT extinfo FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued' ORDER BY length(extinfo) DESC LIMIT 1`)
      .get(batch.id, range.from, range.to)!;
    const dataSample = checkLabelData(this.db, batch.id, range, template, fields);
    checkTemplate(template, stock, [{ fields: { ...fields, extinfo: widest.extinfo, seq: range.to, columns: dataSample.columns }, modules, barcode: dataSample.barcode }]);

    const geometry = sheetGeometry(template, stock);
    if ((request.verify ?? 'full') !== 'off' && format === 'pdf') refuseUnverifiablePage(geometry, verifyDpi(template, modules));
    const pages = Math.ceil(count / geometry.perPage);
    const validUntil = this.cardValidUntil(batch, range);
    // A partial export says so on every sheet, so nobody takes it for the whole batch.
    const partialNote = codes.partial ? ` · partial: ${count.toLocaleString('en')} of ${planned.toLocaleString('en')} codes, issued before the batch was cancelled` : '';
    const slugPrefix = `QR Pack · batch ${batch.id} ${batch.name}${validUntil ? ` · valid until ${validUntil.toISOString().slice(0, 10)}` : ''}${partialNote}`;
    const logo = template.logo ? await loadLogo(template.logo.file) : undefined;
    const labelTexts = this.db
      .prepare<[number, number, number], { extinfo: string; data_json: string | null }>(`SELECT extinfo, data_json FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued'`)
      .iterate(batch.id, range.from, range.to);
    const chars = charactersOf(template, fields, slugPrefix, (function* () {
      for (const row of labelTexts) {
        yield row.extinfo;
        if (row.data_json) yield row.data_json;
      }
    })());
    const splitPages = format === 'pdf' && request.splitPages ? request.splitPages : pages;
    const outputs = new OutputFiles();
    // Rasters are rendered from a PDF kept in a temporary folder of its own, removed at the end.
    const scratch = format === 'pdf' ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-export-'));
    const finalNames = format === 'pdf' ? seriesNames(out, Math.ceil(pages / splitPages), 'pdf') : [path.join(scratch!, 'sheets.pdf')];
    const files = format === 'pdf' ? finalNames.map((name) => outputs.partFor(name)) : finalNames;
    try {
      const result = await this.writeAll({ request, batch, range, codes, template, geometry, pages, modules, fields, slugPrefix, logo, chars, splitPages, format, files, finalNames, outputs, manifestFile, out, validUntil });
      return { ...result, partial: codes.partial ? { printed: count, planned } : null, warnings: [...missingProduct, ...(validUntil ? expiryWarnings(validUntil) : [])] };
    } catch (error) {
      outputs.discard();
      throw isStorageError(error) ? storageError(error, { en: `the export (${out})`, 'zh-CN': `导出文件(${out})` }) : error;
    } finally {
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    }
  }

  private async writeAll(o: {
    request: ExportRequest;
    batch: BatchRow;
    range: { from: number; to: number };
    codes: ExportCodes;
    template: Template;
    geometry: SheetGeometry;
    pages: number;
    modules: number;
    fields: SheetJob['fields'];
    slugPrefix: string;
    logo: Buffer | undefined;
    chars: Set<string>;
    splitPages: number;
    format: ExportFormat;
    files: string[];
    finalNames: string[];
    outputs: OutputFiles;
    manifestFile: string | undefined;
    out: string;
    validUntil: Date | null;
  }): Promise<Omit<ExportResult, 'warnings' | 'partial'>> {
    const { request, batch, range, codes, template, geometry, pages, modules, fields, slugPrefix, logo, chars, splitPages, format, files, finalNames, outputs } = o;
    const ecc = template.qr.ecc;
    const count = codes.count;

    const metadata = {
      title: `${fields.title || batch.keystr} — batch ${batch.id} ${batch.name}`,
      subject: `${batch.keystandard}:${batch.keystr} codes ${range.from}-${range.to} of batch ${batch.id}`,
      keywords: `qrpack; batch=${batch.id}; range=${range.from}-${range.to}; template=${template.name}`,
    };
    const lookup = this.db.prepare<[number, number, number], Omit<PageLabel, 'k'>>(
      `SELECT seq, extinfo, content, data_json AS data FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued' ORDER BY seq`,
    );
    const single = this.db.prepare<[number, number], Omit<PageLabel, 'k'>>(`SELECT seq, extinfo, content, data_json AS data FROM codes WHERE batch_id = ? AND seq = ?`);
    const byPage = (page: number): PageLabel[] => {
      const ks: number[] = [];
      for (let slot = 0; slot < geometry.perPage; slot++) {
        const k = labelAt(page, slot, geometry.perPage, pages, template.order);
        if (k < count) ks.push(k);
      }
      if (!ks.length) return [];
      // In sequence a page is one run of positions; cut-and-stack picks one per stack.
      if (template.order === 'sequence') {
        return lookup.all(batch.id, codes.seqAt(ks[0]!), codes.seqAt(ks.at(-1)!)).map((row, i) => ({ k: ks[i]!, ...row }));
      }
      return ks.map((k) => ({ k, ...single.get(batch.id, codes.seqAt(k))! }));
    };

    // Awaited writes: a full disk or a vanished folder is an error here, never an unhandled event.
    const manifest = o.manifestFile ? await fs.promises.open(outputs.partFor(o.manifestFile), 'w') : undefined;
    // Card codes expire: their manifest says until when (the earliest code of the export).
    const validUntil = o.validUntil?.toISOString() ?? null;
    // A CSV plan's other columns follow, so the manifest says what each label printed.
    const dataColumns = manifest ? batchColumns(this.db, batch.id) : [];
    await manifest?.write(stringify([], { header: true, columns: [...MANIFEST_COLUMNS, ...(validUntil ? ['valid_until'] : []), ...dataColumns] }));
    const started = performance.now();
    let raw = 0;
    let deflated = 0;
    const workers = request.workers ?? Math.max(1, os.availableParallelism());
    let pool: PageRenderPool | undefined;
    const written: { file: string; name: string; pages: number }[] = [];
    try {
      for (let f = 0; f < files.length; f++) {
        const firstPage = f * splitPages;
        const lastPage = Math.min(pages, firstPage + splitPages);
        const writer = new PdfSheetWriter(files[f]!, geometry, metadata, chars);
        const logoName = logo ? writer.useLogo(logo) : undefined;
        if (!pool) {
          const job: SheetJob = {
            template, geometry, ecc, pages, modules, fields, slugPrefix, logoName,
            fonts: writer.jobFonts,
          };
          pool = new PageRenderPool(job, workers);
        }
        // A bounded window of pages in flight keeps both cores busy and memory flat.
        const window: { labels: PageLabel[]; rendered: ReturnType<PageRenderPool['render']> }[] = [];
        const drain = async () => {
          const next = window.shift()!;
          const rendered = await next.rendered;
          raw += rendered.rawBytes;
          deflated += rendered.bytes.byteLength;
          await writer.addPage(rendered);
          if (manifest) {
            const labels = next.labels;
            const rows = rendered.placed.map((p, i) => {
              const label = labels[i]!;
              const slot = placeLabel(p.k, geometry.perPage, pages, template.order).slot;
              const row: (string | number)[] = [label.extinfo, label.content, rendered.page - firstPage + 1, slot + 1, mm(p.xMm), mm(p.yMm), mm(p.sizeMm), label.seq, path.basename(finalNames[f]!)];
              if (validUntil) row.push(validUntil);
              if (dataColumns.length) {
                const data = rowColumns(label.data);
                for (const column of dataColumns) row.push(data?.[column] ?? '');
              }
              return row;
            });
            await manifest.write(stringify(rows));
          }
          request.onProgress?.({ stage: 'writing', done: rendered.page + 1, total: pages });
        };
        for (let page = firstPage; page < lastPage; page++) {
          const labels = byPage(page);
          window.push({ labels, rendered: pool.render(page, labels) });
          if (window.length >= workers * 3) await drain();
        }
        while (window.length) await drain();
        await writer.finish();
        written.push({ file: files[f]!, name: finalNames[f]!, pages: lastPage - firstPage });
      }
    } finally {
      await pool?.close();
      await manifest?.close();
    }
    const writeMs = performance.now() - started;

    const verifyStarted = performance.now();
    // Every label decoded unless told otherwise: the promise is that nothing unreadable goes to press.
    const mode = request.verify ?? 'full';
    const failures: VerifyFailure[] = [];
    let checked = 0;
    if (mode !== 'off' && format === 'pdf') {
      const result = await verifyPdfLabels(this.db, written, { template, geometry, pages, count, modules, batchId: batch.id, codes, mode, onProgress: request.onProgress, workers: request.workers });
      checked = result.checked;
      failures.push(...result.failures);
    }
    const verifyMs = performance.now() - verifyStarted;

    let results = written;
    if (format !== 'pdf') {
      const rasters = await rasteriseExport(this.db, this.pics, written[0]!.file, { ...request, out: o.out }, outputs, { geometry, pages, count, modules, batchId: batch.id, codes, mode });
      results = rasters.outputs;
      checked = rasters.checked;
      failures.push(...rasters.failures);
    }

    const reprint = Boolean(
      this.db.prepare(`SELECT 1 FROM exports WHERE batch_id = ? AND range_from <= ? AND range_to >= ? LIMIT 1`).get(batch.id, range.to, range.from),
    );
    const hashed: { file: string; pages: number; sha256: string }[] = [];
    for (const r of results) hashed.push({ file: r.name, pages: r.pages, sha256: await fileSha256(r.file) });
    const record = this.db.prepare(
      `INSERT INTO exports (account_id, batch_id, at, file, sha256, format, pages, range_from, range_to, is_reprint, template_json, labels, verify_mode, verified_labels, verify_failures)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Recorded first, then renamed into place: a record that cannot be written (a full data
    // folder) withdraws the files; a rename that fails withdraws the record. Between the two there
    // are only renames, microseconds for a kill to land in.
    let ids: number[];
    try {
      ids = this.db.transaction(() =>
        hashed.map((h) =>
          Number(
            record.run(batch.accountId, batch.id, new Date().toISOString(), h.file, h.sha256, format, h.pages, range.from, range.to, reprint ? 1 : 0, JSON.stringify(template), count, mode, checked, failures.length)
              .lastInsertRowid,
          ),
        ),
      )();
    } catch (error) {
      if (!isStorageError(error)) throw error;
      throw storageError(error, { en: `the record of this export in ${LOG_DATABASE.en} (the files were not kept)`, 'zh-CN': `${LOG_DATABASE['zh-CN']}中的导出记录(文件未保留)` });
    }
    try {
      outputs.commit();
    } catch (error) {
      const withdraw = this.db.prepare('DELETE FROM exports WHERE id = ?');
      this.db.transaction(() => ids.forEach((id) => withdraw.run(id)))();
      throw error;
    }
    return {
      files: hashed,
      pages,
      labels: count,
      reprint,
      verify: { mode, checked, failures },
      timings: { writeMs, verifyMs },
      contentBytes: { raw, deflated },
    };
  }

  /** When the first card QR code of an export stops working (issued + validity); null for kinds that do not expire. */
  private cardValidUntil(batch: BatchRow, range: { from: number; to: number }): Date | null {
    if (batch.kind !== 'card' || !cardCodesExpire(batch.keystandard)) return null;
    const first = this.db.prepare<[number, number, number], string | null>(`SELECT min(issued_at) FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ?`).pluck().get(batch.id, range.from, range.to);
    const validityS = (batch.options as CardQrOptions).expireSeconds ?? CARD_QR_DEFAULT_VALIDITY_S;
    return first ? new Date(Date.parse(first) + validityS * 1000) : null;
  }
}

/** Whose product: an account's product key (a batch row is one). */
export type ProductOwner = Pick<BatchRow, 'accountId' | 'keystandard' | 'keystr'>;

/** Fields of a product page a label can print; the products cache holds them. */
export interface ProductFields {
  title: string;
  product: Record<string, string>;
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
    return [{ en: `These card codes expire on ${day}, in ${daysLeft} day(s): packaging printed now may outlive them.`, 'zh-CN': `这些卡券码将于 ${day} 过期(还剩 ${daysLeft} 天):现在印刷的包装可能比码用得更久。` }];
  }
  return [];
}
