import type { LocalizedText } from '../../../../shared/text';
import type { BatchRow } from '../../issuing/batchRepo';
import type { SheetGeometry } from '../design/labelLayout';
import type { Template } from '../design/template';
import type { SheetJob } from '../writers/pdf/pageContent';
import type { ExportCodes } from './exportCodes';
import type { LabelPositions } from './labelPositions';

// The export's types, in one file: its stages (plan, write, verify, record) and the writers and
// checks they call import them from here, never from the orchestrator (exportService).

export type ExportFormat = 'pdf' | 'png' | 'tiff' | 'zpl';
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
  /** The first label used on the first sheet (from 1; default 1): a sheet partly used before. */
  startAt?: number;
  /** Consecutive labels each code is printed on (default 1). */
  copiesPerCode?: number;
  /** Times the whole run is printed in the file, one after the other (default 1). */
  repeat?: number;
  manifest?: string;
  verify?: VerifyMode;
  /** Worker threads that build pages, and that render and decode them for verification (default: one per core). */
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
  /** Set when the QR code read right and the label's linear barcode did not, or its GS1 Digital Link is not the log's. */
  what?: 'barcode' | 'gs1';
  /** Which of the label's barcodes did not read (from 1), when the design has more than one. */
  barcode?: number;
}

export interface ExportResult {
  /** exportId: the file's record in the export log. */
  files: { file: string; sha256: string; pages: number; exportId: number }[];
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

/** Whose product: an account's product key (a batch row is one). */
export type ProductOwner = Pick<BatchRow, 'accountId' | 'keystandard' | 'keystr'>;

/** Fields of a product page a label can print; the products cache holds them. */
export interface ProductFields {
  title: string;
  product: Record<string, string>;
}

/** Everything an export will print, checked and worked out before the first file is opened. */
export interface ExportPlan {
  request: ExportRequest;
  format: ExportFormat;
  /** The output (--out) and manifest (--manifest) paths, checked. */
  out: string;
  manifestFile: string | undefined;
  batch: BatchRow;
  range: { from: number; to: number };
  /** The issued codes of the range, in print order. */
  codes: ExportCodes;
  /** How many codes the range asked for (more than codes.count when a cancelled batch is printed). */
  planned: number;
  template: Template;
  geometry: SheetGeometry;
  /** Which label, code and copy each position holds (start at label N, copies). */
  positions: LabelPositions;
  pages: number;
  /** Every code of an export is drawn at the version of the longest content: one module count. */
  modules: number;
  fields: SheetJob['fields'];
  slugPrefix: string;
  logo: Buffer | undefined;
  /** Every character any label prints, for the font subsets. */
  chars: Set<string>;
  /** PDF: at most this many pages per file. */
  splitPages: number;
  /** Card codes: when the earliest code of the export stops working. */
  validUntil: Date | null;
  verifyMode: VerifyMode;
  warnings: LocalizedText[];
}

/** A file written: its path now (a part or scratch file), the name it ends under, its pages. */
export interface WrittenFile {
  file: string;
  name: string;
  pages: number;
}

/** What the write stage hands on: its files, how long it took, and the page content's size. */
export interface WrittenSheets {
  written: WrittenFile[];
  writeMs: number;
  contentBytes: { raw: number; deflated: number };
}

/** What the verify stage hands on: the files to record (rasters replace the PDF) and what was decoded. */
export interface VerifiedExport {
  files: WrittenFile[];
  checked: number;
  failures: VerifyFailure[];
  verifyMs: number;
}
