import os from 'node:os';
import { AppError } from '../../appError';
import type { Db } from '../../store/openStore';
import type { ExportRequest, VerifyFailure, VerifyMode } from '../export/exportTypes';
import { rowColumns } from '../design/labelData';
import { fillPlaceholders, slotOrigin, symbolCell, symbolSizeMm, type SheetGeometry } from '../design/labelLayout';
import { barcodeLayout, barcodeValue, encodeLinear, QUIET_MODULES } from '../symbols/linearBarcode';
import { gs1DigitalLinkProblem } from '../symbols/gs1DigitalLink';
import { parseGs1DigitalLink, type Gs1Options } from '../../../../shared/jump/gs1DigitalLink';
import type { Template } from '../design/template';
import type { Barcode } from '../../../../shared/sheets/templateSchema';
import { barcodeCentre, turnBounds, type Bounds } from '../../../../shared/sheets/rotation';
import type { ExportCodes } from '../export/exportCodes';
import type { LabelPositions } from '../export/labelPositions';
import { VerifyPool } from './verifyPool';
import type { LabelTask } from './verifyTask';

const SAMPLE_PAGES = 6;
/** Pages handed out ahead, per verify worker: enough that none waits for the next. */
const PAGES_PER_WORKER = 4;
/** Pixels per module the decoders get: enough to read every label reliably, no more to render. */
export const VERIFY_PX_PER_MODULE = 3;
const MIN_VERIFY_DPI = 72;
const MAX_VERIFY_DPI = 600;

/** Numbers each verification, so workers never answer from a parse made for an earlier one. */
let runs = 0;

type Code = { extinfo: string; content: string; keystr: string; data_json: string | null };

/**
 * The resolution pages are rendered at for verification: chosen from the smallest module on the
 * label (QR module, or a barcode's narrowest bar), so each gets VERIFY_PX_PER_MODULE pixels.
 */
export function verifyDpi(template: Template, modules: number, barcodeModuleMm?: number): number {
  const moduleMm = Math.min(symbolSizeMm(template, modules) / modules, barcodeModuleMm ?? Infinity);
  return Math.min(MAX_VERIFY_DPI, Math.max(MIN_VERIFY_DPI, Math.ceil((VERIFY_PX_PER_MODULE * 25.4) / moduleMm)));
}

/**
 * A page is rendered whole to be checked, a byte per pixel twice (PDFium's bitmap and its copy):
 * its size is bounded so memory is (an A3 page at 600 dpi is 70 megapixels).
 */
export const VERIFY_PAGE_MEGAPIXELS_MAX = 100;

/** Refuses, in plain words and before anything is written, a page too large to check at `dpi`. */
export function refuseUnverifiablePage(geometry: SheetGeometry, dpi: number): void {
  const megapixels = (((geometry.stock.pageWidthMm * dpi) / 25.4) * ((geometry.stock.pageHeightMm * dpi) / 25.4)) / 1e6;
  if (megapixels <= VERIFY_PAGE_MEGAPIXELS_MAX) return;
  const size = `${Math.round(geometry.stock.pageWidthMm)} × ${Math.round(geometry.stock.pageHeightMm)}`;
  throw new AppError('invalid_argument', {
    en: `A ${size} mm page is checked at ${dpi} dpi (what its QR modules need): ${Math.round(megapixels).toLocaleString('en')} megapixels, more than the ${VERIFY_PAGE_MEGAPIXELS_MAX} QR Pack checks at once (an A3 page at 600 dpi is 70). Choose a smaller page or larger QR codes, or export without verification (--verify off) and check the print another way.`,
    'zh-CN': `${size} 毫米的页面需按 ${dpi} dpi(二维码模块所需)检查:共 ${Math.round(megapixels).toLocaleString('en')} 百万像素,超过 QR Pack 一次可检查的 ${VERIFY_PAGE_MEGAPIXELS_MAX} 百万像素(A3 页面在 600 dpi 下为 70)。请选用更小的页面或更大的二维码,或不校验导出(--verify off)并以其他方式检查印刷。`,
  });
}

/**
 * Renders exported pages as a PDF renderer draws them and decodes every label's code on its own
 * (and its barcode, when the design has one), against the log: verify workers, one per core, each
 * parse the pages they are given from the file as written and draw only the labels' cells, a
 * bounded number of pages in flight — so time falls with the cores and memory stays flat.
 */
export async function verifyPdfLabels(
  db: Db,
  files: { file: string; name: string; pages: number }[],
  o: {
    template: Template;
    geometry: SheetGeometry;
    /** Which code each position holds: skipped positions none, copies their code each. */
    positions: LabelPositions;
    modules: number;
    batchId: number;
    /** Which code each position of the export printed. */
    codes: ExportCodes;
    mode: VerifyMode;
    onProgress?: ExportRequest['onProgress'];
    firstPage?: number;
    /** Verify worker threads (default: one per core; 0 = this thread); unused when a pool is given. */
    workers?: number;
    /** Workers started earlier (while the export was writing); the caller closes them. */
    pool?: VerifyPool;
    /** A GS1 Digital Link batch: each code read is also parsed as a till parses it. */
    gs1?: Gs1Options;
  },
): Promise<{ checked: number; failures: VerifyFailure[]; dpi: number }> {
  const expected = db.prepare<[number, number], Code>(`SELECT extinfo, content, keystr, data_json FROM codes WHERE batch_id = ? AND seq = ?`);
  const barcodes = o.template.barcodes;
  // A barcode's module depends on its value only for Code 128; the first label's stands for all.
  const firstCode = barcodes.length ? expected.get(o.batchId, o.codes.seqAt(0)) : undefined;
  const barcodeModuleMm = firstCode
    ? Math.min(...barcodes.map((barcode) => barcodeLayout(encodeLinear(barcode.symbology, expectedBarcode(barcode, firstCode, o.codes.seqAt(0))), barcode, o.template.printerDpi).moduleMm))
    : undefined;
  const dpi = verifyDpi(o.template, o.modules, barcodeModuleMm);
  refuseUnverifiablePage(o.geometry, dpi);
  const pxPerMm = dpi / 25.4;
  const box = (xMm: number, yMm: number, widthMm: number, heightMm: number) => ({ xPx: xMm * pxPerMm, yPx: yMm * pxPerMm, widthPx: widthMm * pxPerMm, heightPx: heightMm * pxPerMm });
  const failures: VerifyFailure[] = [];
  let checked = 0;
  const wanted = samplePages(o.positions.pages, o.mode);
  const pool = o.pool ?? new VerifyPool(o.workers ?? verifyWorkers().count);
  const run = ++runs;
  const inFlight: Promise<void>[] = [];
  let done = 0;
  try {
    // One file of a split export starts further into the export's pages.
    let firstPage = o.firstPage ?? 0;
    for (const { file, name, pages } of files) {
      for (let local = 0; local < pages; local++) {
        const page = firstPage + local;
        if (!wanted.has(page)) continue;
        const codes: Code[] = [];
        const labels: LabelTask[] = [];
        for (let slot = 0; slot < o.geometry.perPage; slot++) {
          const at = o.positions.at(page, slot);
          if (!at) continue;
          const seq = o.codes.seqAt(at.code);
          const code = expected.get(o.batchId, seq)!;
          const cell = symbolCell(o.geometry, o.template, slot, o.modules);
          const label: LabelTask = { cell: box(cell.xMm, cell.yMm, cell.sideMm, cell.sideMm), want: code.content };
          if (barcodes.length) {
            // What each barcode should say is worked out again from the code's row, as the page drew it.
            label.bars = barcodes.map((barcode) => {
              const want = expectedBarcode(barcode, code, seq);
              const bars = barcodeCell(o.geometry, o.template, slot, barcode, want);
              return { ...box(bars.x0, bars.y0, bars.x1 - bars.x0, bars.y1 - bars.y0), want, symbology: barcode.symbology };
            });
          }
          codes.push(code);
          labels.push(label);
        }
        const checking = pool.check({ run, file, page: local + 1, dpi, labels }).then((mismatches) => {
          checked += labels.length;
          for (const m of mismatches) failures.push({ extinfo: codes[m.index]!.extinfo, page: local + 1, file: name, found: m.found, ...(m.what ? { what: m.what } : {}), ...(m.barcode ? { barcode: m.barcode } : {}) });
          if (o.gs1) {
            const unread = new Set(mismatches.map((m) => m.index));
            for (const index of gs1Disagreements(codes, unread, o.gs1)) failures.push({ extinfo: codes[index]!.extinfo, page: local + 1, file: name, found: codes[index]!.content, what: 'gs1' });
          }
          o.onProgress?.({ stage: 'verifying', done: ++done, total: wanted.size });
        });
        // Marked handled here; the rejection still reaches the await below that takes it.
        checking.catch(() => {});
        inFlight.push(checking);
        // A bounded window: a few pages per worker queued, never the whole export.
        if (inFlight.length >= pool.size * PAGES_PER_WORKER) await inFlight.shift();
      }
      firstPage += pages;
    }
    await Promise.all(inFlight.splice(0));
  } finally {
    if (!o.pool) await pool.close();
  }
  // Workers finish out of order; failures are reported in file and page order.
  failures.sort((a, b) => files.findIndex((f) => f.name === a.file) - files.findIndex((f) => f.name === b.file) || a.page - b.page);
  return { checked, failures, dpi };
}

/**
 * Verify workers by default: one per core, each with its own PDFium and zxing (≈60–70 MB). All but
 * one start with the export, loading while pages are written; the last starts with the first page
 * to check, when the page workers are gone — on 2 cores a second verifier held from the start took
 * a 100,000-label export past the 300 MB budget (310–331 MB measured). `--workers N` sets both.
 */
export function verifyWorkers(): { count: number; whileWriting: number } {
  const count = os.availableParallelism();
  return { count, whileWriting: Math.max(0, count - 1) };
}

/**
 * The labels of a page whose code, read right (the text decoded is the log's content, byte for
 * byte), is not the GS1 Digital Link the log says — GTIN, lot, serial and expiry parsed as a till
 * parses them — and the page's first code checked whole by GS1's rules (bwip-js, ~5 ms a code).
 */
export function gs1Disagreements(codes: readonly Pick<Code, 'extinfo' | 'content'>[], unread: Set<number>, gs1: Gs1Options): number[] {
  const wrong: number[] = [];
  let linted = false;
  codes.forEach((code, index) => {
    if (unread.has(index)) return;
    const read = parseGs1DigitalLink(code.content);
    const agrees = read !== null && read.gtin === gs1.gtin && read.lot === (gs1.lot ?? null) && read.serial === code.extinfo && read.expiry === (gs1.expiry ?? null);
    const lintFails = !linted && agrees && gs1DigitalLinkProblem(code.content) !== null;
    linted ||= agrees;
    if (!agrees || lintFails) wrong.push(index);
  });
  return wrong;
}

function expectedBarcode(barcode: Barcode, code: Code, seq: number): string {
  const value = fillPlaceholders(barcode.value, { extinfo: code.extinfo, seq, keystr: code.keystr, title: '', batch: '', date: '', columns: rowColumns(code.data_json) });
  const checked = barcodeValue(barcode.symbology, value);
  return 'value' in checked ? checked.value : value;
}

/** A slot's barcode box with its quiet zones, turned as the barcode is, on the media box (mm). */
function barcodeCell(geometry: SheetGeometry, template: Template, slot: number, barcode: Barcode, value: string): Bounds {
  const origin = slotOrigin(geometry, template, slot);
  const symbol = encodeLinear(barcode.symbology, value);
  const { moduleMm } = barcodeLayout(symbol, barcode, template.printerDpi);
  const [left, right] = QUIET_MODULES[barcode.symbology];
  const x0 = origin.xMm + barcode.xMm - left * moduleMm;
  const y0 = origin.yMm + barcode.yMm;
  const { cx, cy } = barcodeCentre(barcode);
  return turnBounds({ x0, y0, x1: x0 + (symbol.modules + left + right) * moduleMm, y1: y0 + barcode.heightMm }, barcode.rotation, origin.xMm + cx, origin.yMm + cy);
}

/** The pages to verify: all, a spread of a few, or none. */
export function samplePages(pages: number, mode: VerifyMode): Set<number> {
  const wanted = new Set<number>();
  if (mode === 'off') return wanted;
  if (mode === 'full' || pages <= SAMPLE_PAGES) for (let p = 0; p < pages; p++) wanted.add(p);
  else for (let i = 0; i < SAMPLE_PAGES; i++) wanted.add(Math.round((i * (pages - 1)) / (SAMPLE_PAGES - 1)));
  return wanted;
}
