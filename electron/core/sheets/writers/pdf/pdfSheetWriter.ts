import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import type PDFKitDocument from 'pdfkit';
import { lazyModule, requireModule } from '../../../lazyModule';

const PDFDocument = lazyModule(() => requireModule('pdfkit') as typeof PDFKitDocument);
import { PT_PER_MM, type GlyphMap, type SheetJob } from './pageContent';
import type { SheetGeometry } from '../../design/labelLayout';
import { fontBox, fontBytes, type FontFace } from '../../design/fontCatalog';
import type { RenderedPage } from './pageRenderPool';
import { OUTPUT_INTENT, outputProfileDeflated, PDFX_PDF_VERSION, pdfxInfo, pdfxMetadata } from './pdfx';

const pt = (mm: number) => +(mm * PT_PER_MM).toFixed(3);

interface PdfFont {
  /** The font's resource name; pdfkit makes the subset's tag from its characters 2–7. */
  id: string;
  encode(text: string): [string[], { xAdvance: number }[]];
  ref(): unknown;
}
interface PdfPage {
  fonts: Record<string, unknown>;
  content: unknown;
  dictionary: { data: Record<string, unknown> };
}
interface PdfRef {
  compress: boolean;
  write(chunk: Buffer): void;
  end(): void;
}
interface PdfInternals {
  info: Record<string, unknown>;
  _info: { data: Record<string, unknown> };
  _font: PdfFont;
  _root: { data: Record<string, unknown> };
  page: PdfPage;
  ref(data: Record<string, unknown>): PdfRef;
  endMetadata(): void;
}

export interface PdfMetadata {
  title: string;
  subject: string;
  keywords: string;
}

/**
 * A PDF/X-4 of label sheets, streamed to a file page by page (memory stays flat): pdfkit for the
 * document (fonts embedded as subsets, boxes); the PDF/X claim, XMP and OutputIntent from pdfx;
 * each page's content arrives already built and deflated, and is attached as is.
 */
export class PdfSheetWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly out: fs.WriteStream;
  private readonly fonts: Partial<Record<FontFace, PdfFont>> = {};
  private readonly glyphs: Partial<Record<FontFace, GlyphMap>> = {};
  private logo: { label: string; obj: unknown } | undefined;
  /** The file stream's first error (a full disk): thrown at the next page, never an unhandled event. */
  private failure: Error | undefined;

  constructor(
    file: string,
    private readonly geometry: SheetGeometry,
    metadata: PdfMetadata,
    characters: Set<string>,
    /** The faces the design prints in (usedFaces): only these are embedded, each as a subset. */
    faces: FontFace[],
  ) {
    const info = { ...metadata, creator: 'QR Pack', producer: 'QR Pack (pdfkit)', date: new Date() };
    this.doc = new (PDFDocument())({
      autoFirstPage: false,
      margin: 0,
      compress: true,
      pdfVersion: PDFX_PDF_VERSION,
      lang: 'zh-CN',
      info: { CreationDate: info.date },
    });
    this.out = fs.createWriteStream(file);
    this.out.on('error', (error) => {
      this.failure ??= error;
      this.doc.unpipe(this.out);
    });
    this.doc.pipe(this.out);
    const internals = this.doc as unknown as PdfInternals;
    writePdfx(internals, pdfxInfo(info), pdfxMetadata(info));
    // Encoding each character once marks its glyph for the subset and gives its code and advance.
    const map = (font: PdfFont): GlyphMap => {
      const glyphs: GlyphMap = {};
      for (const char of characters) {
        const [codes, positions] = font.encode(char);
        if (codes.length === 1) glyphs[char] = [codes[0]!, positions[0]!.xAdvance];
      }
      return glyphs;
    };
    for (const face of faces) {
      this.doc.registerFont(`label-${face}`, fontBytes(face));
      this.doc.font(`label-${face}`);
      const font = internals._font;
      font.id = uniqueFontId();
      this.fonts[face] = font;
      this.glyphs[face] = map(font);
    }
  }

  /** Embeds the logo once (a grey PNG prepared by prepareLogo); pages refer to it by name. */
  useLogo(png: Buffer): string {
    const image = (this.doc as unknown as { openImage(src: Buffer): { label: string; obj: unknown; embed(doc: unknown): void } }).openImage(png);
    image.embed(this.doc);
    this.logo = { label: image.label, obj: image.obj };
    return image.label;
  }

  /** The fonts as page workers need them: resource names and glyph maps. */
  get jobFonts(): SheetJob['fonts'] {
    const fonts: SheetJob['fonts'] = {};
    for (const [face, font] of Object.entries(this.fonts) as [FontFace, PdfFont][]) fonts[face] = { id: font.id, glyphs: this.glyphs[face]!, box: fontBox(face) };
    return fonts;
  }

  /** Adds a page with its prepared content; resolves when the file can take more. */
  async addPage(rendered: RenderedPage): Promise<void> {
    if (this.failure) throw this.failure;
    const g = this.geometry;
    const doc = this.doc as unknown as PDFKit.PDFDocument & PdfInternals;
    const size = [pt(g.stock.pageWidthMm), pt(g.stock.pageHeightMm)];
    doc.addPage({ size, margin: 0 });
    const page = doc.page;
    // The page is the sheet, the press sheet or the label: what is trimmed to is the whole page.
    page.dictionary.data.TrimBox = [0, 0, ...size];
    for (const font of Object.values(this.fonts)) page.fonts[font.id] = font.ref();
    if (this.logo) (page as unknown as { xobjects: Record<string, unknown> }).xobjects[this.logo.label] = this.logo.obj;
    const stream = doc.ref({ Filter: 'FlateDecode' });
    stream.write(Buffer.from(rendered.bytes.buffer, rendered.bytes.byteOffset, rendered.bytes.byteLength));
    stream.end();
    // pdfkit's own stream comes first: it flips the user space so y runs down, as ours expects.
    page.dictionary.data.Contents = [page.content, stream];
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
  }

  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    const done = once(this.out, 'finish');
    this.doc.end();
    await done;
    if (this.failure) throw this.failure;
  }
}

/**
 * A font resource name whose subset tag is unique to this file. pdfkit tags a subset with
 * characters 2–7 of the name, each shifted by 17 (so '0'–'9' and 'A'–'I' become 'A'–'Z'); its own
 * names (F1, F2…) give every file the same DZZZZZ+ and CZZZZZ+, which a RIP caching fonts by
 * name would mix up between merged jobs.
 */
function uniqueFontId(): string {
  const alphabet = '0123456789ABCDEFGHI';
  return `F${Array.from(randomBytes(6), (byte) => alphabet[byte % alphabet.length]).join('')}`;
}

/**
 * The Info dictionary with its values direct (pdfkit writes each as an object of its own), the
 * document's XMP (pdfkit's own leaves text unescaped and lacks the PDF/X entries) and the
 * OutputIntent with its embedded CMYK profile, in the catalog.
 */
function writePdfx(doc: PdfInternals, info: Record<string, unknown>, xmp: string): void {
  doc.info = {};
  let infoRef: PdfInternals['_info'] | undefined;
  Object.defineProperty(doc, '_info', {
    get: () => infoRef,
    set: (ref: PdfInternals['_info']) => {
      infoRef = ref;
      Object.assign(ref.data, info);
    },
  });
  const metadata = doc.ref({ Type: 'Metadata', Subtype: 'XML' });
  // Uncompressed, as XMP readers that do not parse PDF find it by scanning the file.
  metadata.compress = false;
  metadata.write(Buffer.from(xmp, 'utf8'));
  metadata.end();
  doc._root.data.Metadata = metadata;
  doc.endMetadata = () => {};
  const profile = doc.ref({ N: OUTPUT_INTENT.profileComponents, Filter: 'FlateDecode' });
  profile.write(outputProfileDeflated());
  profile.end();
  const intent = doc.ref({
    Type: 'OutputIntent',
    S: 'GTS_PDFX',
    OutputConditionIdentifier: new String(OUTPUT_INTENT.outputConditionIdentifier),
    OutputCondition: new String(OUTPUT_INTENT.outputCondition),
    RegistryName: new String(OUTPUT_INTENT.registryName),
    Info: new String(OUTPUT_INTENT.info),
    DestOutputProfile: profile,
  });
  intent.end();
  doc._root.data.OutputIntents = [intent];
}
