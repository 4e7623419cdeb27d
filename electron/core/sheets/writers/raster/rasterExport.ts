import type { ExportCodes } from '../../export/exportCodes';
import type { LabelPositions } from '../../export/labelPositions';
import type { Gs1Options } from '../../../../../shared/jump/gs1DigitalLink';
import { gs1Disagreements } from '../../verify/sheetVerification';
import type Sharp from 'sharp';
import { lazyModule, requireModule } from '../../../lazyModule';

const sharp = lazyModule(() => requireModule('sharp') as typeof Sharp);
import { seriesNames, type OutputFiles } from '../../../files/outputFiles';
import type { Db } from '../../../store/openStore';
import type { ExportRequest, VerifyFailure, VerifyMode, WrittenFile } from '../../export/exportTypes';
import { slotOrigin, symbolCell, type SheetGeometry } from '../../design/labelLayout';
import { cropGrey, openRasterPdf } from '../../verify/pdfRasterizer';
import type { PicCache } from './picCache';
import { decodeQrCodes, type GreyImage } from '../../verify/qrDecoder';
import { samplePages } from '../../verify/sheetVerification';

/**
 * The images a raster export writes, one per sheet or per label: always numbered (`X-0001.png`),
 * one image or many, so a RIP's hot folder or a script sees one naming rule.
 */
export function rasterImageNames(request: Pick<ExportRequest, 'out' | 'format' | 'rasterScope'>, pages: number, labels: number): string[] {
  return seriesNames(request.out, (request.rasterScope ?? 'sheet') === 'sheet' ? pages : labels, request.format === 'tiff' ? 'tif' : 'png', true);
}

/** Grey to black and white in place, at half way (as sharp's threshold(128)). */
function bilevel(data: Uint8Array): void {
  for (let i = 0; i < data.length; i++) data[i] = data[i]! >= 128 ? 255 : 0;
}

/**
 * Where the verified rasters go — PNG or TIFF files, or a ZPL file's labels: one format each
 * (imageFiles, writers/zpl), picked by the export's format.
 */
export interface RasterOutput {
  /** One image per sheet, or per label. */
  scope: 'sheet' | 'label';
  dpi: number;
  /** The file the image of sheet or label `index` ends in (named in a verification failure). */
  nameOf(index: number): string;
  /** A 1-bit image (grey bytes, each 0 = black or 255 = paper). */
  write(image: GreyImage, index: number): Promise<void>;
  finish(): Promise<WrittenFile[]>;
}

/** 1-bit PNG or TIFF files, a file per sheet or per label. */
export function imageFiles(request: ExportRequest, files: OutputFiles, o: { pages: number; count: number }): RasterOutput {
  const format = request.format === 'tiff' ? 'tiff' : 'png';
  const dpi = request.dpi ?? (format === 'tiff' ? 300 : 600);
  const scope = request.rasterScope ?? 'sheet';
  const names = rasterImageNames({ ...request, format }, o.pages, o.count);
  const outputs: WrittenFile[] = [];
  return {
    scope,
    dpi,
    nameOf: (index) => names[index]!,
    async write(image, index) {
      const output = { file: files.partFor(names[index]!), name: names[index]!, pages: 1 };
      // PNG greyscale at bit depth 1; TIFF G4 stored min-is-white (0 = paper), the photometric
      // label printers and RIPs expect.
      const img = sharp()(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 1 } })
        .toColourspace('b-w')
        .withDensity(dpi);
      await (format === 'tiff' ? img.tiff({ bitdepth: 1, compression: 'ccittfax4', miniswhite: true }) : img.png({ palette: false, colours: 2, compressionLevel: 6 })).toFile(output.file);
      outputs.push(output);
    },
    finish: async () => outputs,
  };
}

/**
 * 1-bit rasters, per sheet or per label, rendered from the PDF just written — with WeChat's own
 * images pasted over the codes when asked — verified on the rasters themselves and handed to the
 * output (image files or ZPL).
 */
export async function rasteriseExport(
  db: Db,
  pics: PicCache,
  pdfFile: string,
  request: ExportRequest,
  output: RasterOutput,
  o: { geometry: SheetGeometry; positions: LabelPositions; modules: number; batchId: number; codes: ExportCodes; mode: VerifyMode; gs1?: Gs1Options },
): Promise<{ outputs: WrittenFile[]; checked: number; failures: VerifyFailure[] }> {
  const { geometry, positions } = o;
  const { pages } = positions;
  const template = request.template;
  const { dpi, scope } = output;
  const pxPerMm = dpi / 25.4;
  const codeAt = db.prepare<[number, number], { extinfo: string; content: string; pic_url: string | null }>('SELECT extinfo, content, pic_url FROM codes WHERE batch_id = ? AND seq = ?');
  if (request.codes === 'wechat') {
    const urls = db.prepare<[number, number, number], string>(`SELECT pic_url FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued'`).pluck().all(o.batchId, o.codes.seqAt(0), o.codes.seqAt(o.codes.count - 1));
    await pics.fetchAll(urls);
  }
  const sampled = samplePages(pages, o.mode);
  const failures: VerifyFailure[] = [];
  let checked = 0;
  const pdf = await openRasterPdf(pdfFile);
  try {
    for (let page = 0; page < pages; page++) {
      const image = await pdf.render(page + 1, dpi);
      const labels = [];
      for (let slot = 0; slot < geometry.perPage; slot++) {
        const at = positions.at(page, slot);
        if (!at) continue;
        const cell = symbolCell(geometry, template, slot, o.modules);
        const side = Math.round(cell.sideMm * pxPerMm);
        labels.push({ slot, k: at.label, x: Math.round(cell.xMm * pxPerMm), y: Math.round(cell.yMm * pxPerMm), side, code: codeAt.get(o.batchId, o.codes.seqAt(at.code))! });
      }
      if (request.codes === 'wechat') {
        for (const { x, y, side, code } of labels) {
          if (!code.pic_url) continue;
          const pic = await sharp()(pics.fileOf(code.pic_url)).greyscale().resize(side, side, { kernel: 'nearest' }).raw().toBuffer();
          for (let row = 0; row < side && y + row < image.height; row++) image.data.set(pic.subarray(row * side, row * side + Math.min(side, image.width - x)), (y + row) * image.width + x);
        }
      }
      // 1-bit black and white, as thermal printers and RIPs take it: the image is made bi-level
      // before it is verified, so what is decoded is what is written.
      bilevel(image.data);
      const unread = new Set<number>();
      for (const [index, { slot, k, x, y, side, code }] of labels.entries()) {
        if (sampled.has(page)) {
          const found = await decodeQrCodes(cropGrey(image, x, y, side, side));
          checked++;
          if (found.length !== 1 || found[0] !== code.content) {
            unread.add(index);
            failures.push({ extinfo: code.extinfo, page: page + 1, file: output.nameOf(scope === 'sheet' ? page : k), found: found[0] ?? null });
          }
        }
        if (scope === 'label') {
          const origin = slotOrigin(geometry, template, slot);
          const label = cropGrey(image, origin.xMm * pxPerMm, origin.yMm * pxPerMm, geometry.stock.labelWidthMm * pxPerMm, geometry.stock.labelHeightMm * pxPerMm);
          await output.write(label, k);
        }
      }
      // A GS1 Digital Link read right is also parsed as a till parses it (sheetVerification).
      if (o.gs1 && sampled.has(page)) {
        for (const index of gs1Disagreements(labels.map((l) => l.code), unread, o.gs1)) {
          const { k, code } = labels[index]!;
          failures.push({ extinfo: code.extinfo, page: page + 1, file: output.nameOf(scope === 'sheet' ? page : k), found: code.content, what: 'gs1' });
        }
      }
      if (scope === 'sheet') await output.write(image, page);
    }
  } finally {
    await pdf.close();
  }
  return { outputs: await output.finish(), checked, failures };
}
