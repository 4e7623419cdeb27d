import { randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { OUTPUT_PROFILE_DEFLATED } from './outputProfileData';

/**
 * PDF/X-4 (ISO 15930-7:2010): what makes a sheet PDF one a press's preflight accepts — the header
 * version it is built on, the claim in Info and XMP, and an OutputIntent with its CMYK profile.
 */
export const PDFX_VERSION = 'PDF/X-4';
/** PDF/X-4 is built on PDF 1.6: the header may say no later version. */
export const PDFX_PDF_VERSION = '1.6';

/**
 * The output condition: offset on coated paper (ISO 12647-2, Fogra's FOGRA39 characterisation,
 * registered with the ICC). The profile is QR Pack's own, made from Fogra's data as Debian's
 * icc-profiles-free ships it (zlib licence; scripts/outputProfile.sh), so it may go in every file.
 * The codes are 100 % K, which a press prints as they are: the profile names the condition a
 * proof simulates, and FOGRA39's solid K (L* ≈ 16 on paper at L* 95) is the contrast scanners see.
 */
export const OUTPUT_INTENT = {
  outputConditionIdentifier: 'FOGRA39',
  outputCondition: 'Offset printing, ISO 12647-2:2004/Amd 1, coated paper (paper type 1 or 2)',
  registryName: 'http://www.color.org',
  info: 'QR Pack FOGRA39L coated (Fogra characterisation data FOGRA39L)',
  profileComponents: 4,
} as const;

/** The output profile's ICC bytes, deflated as a PDF stream holds them. */
export function outputProfileDeflated(): Buffer {
  return Buffer.from(OUTPUT_PROFILE_DEFLATED, 'base64');
}

/** The output profile as ICC bytes (for checks and tests). */
export function outputProfileBytes(): Buffer {
  return inflateSync(outputProfileDeflated());
}

/** A PDF name in pdfkit's terms (it writes a String object as a PDF string; /Trapped must be a name). */
export class PdfName {
  constructor(private readonly name: string) {}
  get [Symbol.toStringTag]() {
    return 'PdfName';
  }
  toString(): string {
    return `/${this.name}`;
  }
}

export interface DocumentInfo {
  title: string;
  subject: string;
  keywords: string;
  creator: string;
  producer: string;
  /** Created and last modified: one moment, as a file is written once. */
  date: Date;
}

const xml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** XMP dates to the second in UTC, as Info's D:…Z dates are: the two must agree. */
const xmpDate = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** The Info dictionary's entries PDF/X-4 asks for; Trapped is False (QR Pack does not trap). */
export function pdfxInfo(info: DocumentInfo): Record<string, unknown> {
  return {
    Title: new String(info.title),
    Subject: new String(info.subject),
    Keywords: new String(info.keywords),
    Creator: new String(info.creator),
    Producer: new String(info.producer),
    CreationDate: info.date,
    ModDate: info.date,
    Trapped: new PdfName('False'),
    GTS_PDFXVersion: new String(PDFX_VERSION),
  };
}

/** The XMP packet: the same facts as Info (PDF/X-4 wants them to agree), with the pdfxid claim and the document's identity. */
export function pdfxMetadata(info: DocumentInfo): string {
  const date = xmpDate(info.date);
  const uuid = `uuid:${randomUUID()}`;
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.title)}</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.subject)}</rdf:li></rdf:Alt></dc:description>
<xmp:CreateDate>${date}</xmp:CreateDate>
<xmp:ModifyDate>${date}</xmp:ModifyDate>
<xmp:MetadataDate>${date}</xmp:MetadataDate>
<xmp:CreatorTool>${xml(info.creator)}</xmp:CreatorTool>
<pdf:Producer>${xml(info.producer)}</pdf:Producer>
<pdf:Keywords>${xml(info.keywords)}</pdf:Keywords>
<pdf:Trapped>False</pdf:Trapped>
<xmpMM:DocumentID>${uuid}</xmpMM:DocumentID>
<xmpMM:InstanceID>${uuid}</xmpMM:InstanceID>
<xmpMM:VersionID>1</xmpMM:VersionID>
<xmpMM:RenditionClass>default</xmpMM:RenditionClass>
<pdfxid:GTS_PDFXVersion>${PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`;
}
