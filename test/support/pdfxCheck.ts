import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
interface QpdfObject {
  value?: JsonValue;
  stream?: { dict: Record<string, JsonValue>; data?: string };
}

/**
 * The checks of ISO 15930-7:2010 (PDF/X-4) that a file's structure shows, read through qpdf's JSON
 * (qpdf parses the file; this reads what it found). Returns the problems, empty when none. What it
 * cannot see (how a RIP renders) is for Ghostscript and poppler in the tests.
 */
export function pdfxProblems(file: string): string[] {
  const problems: string[] = [];
  const header = fs.readFileSync(file).subarray(0, 8).toString('latin1');
  const version = /^%PDF-(\d\.\d)/.exec(header)?.[1];
  if (!version || Number(version) > 1.6) problems.push(`header ${header.trim()}: PDF/X-4 is built on PDF 1.6 at most`);
  const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', '--json-stream-data=inline', '--decode-level=generalized', file], { encoding: 'utf8', maxBuffer: 1 << 30 })) as { qpdf: [unknown, Record<string, QpdfObject>] };
  const objects = json.qpdf[1];
  const deref = (value: JsonValue | undefined): JsonValue | undefined => {
    if (typeof value === 'string' && / 0 R$/.test(value)) {
      const object = objects[`obj:${value}`];
      return object?.value ?? (object?.stream?.dict as JsonValue | undefined);
    }
    return value;
  };
  const dict = (value: JsonValue | undefined) => (deref(value) ?? {}) as Record<string, JsonValue>;
  const text = (value: JsonValue | undefined) => {
    const v = deref(value);
    if (typeof v !== 'string') return undefined;
    if (v.startsWith('u:')) return v.slice(2);
    if (v.startsWith('b:')) return Buffer.from(v.slice(2), 'hex').toString('latin1');
    return v;
  };
  const streamData = (ref: JsonValue | undefined) => {
    const data = typeof ref === 'string' ? objects[`obj:${ref}`]?.stream?.data : undefined;
    return data === undefined ? undefined : Buffer.from(data, 'base64');
  };
  const trailer = dict(objects.trailer!.value);
  if (trailer['/Encrypt']) problems.push('the file is encrypted');
  if (!Array.isArray(trailer['/ID'])) problems.push('no /ID in the trailer');
  const info = dict(trailer['/Info']);
  const catalog = dict(trailer['/Root']);

  if (text(info['/GTS_PDFXVersion']) !== 'PDF/X-4') problems.push(`Info GTS_PDFXVersion is ${text(info['/GTS_PDFXVersion'])}, not PDF/X-4`);
  if (!['/True', '/False'].includes(String(deref(info['/Trapped'])))) problems.push(`Info Trapped is ${deref(info['/Trapped'])}, not /True or /False`);
  for (const key of ['/Title', '/CreationDate', '/ModDate']) if (!text(info[key])) problems.push(`Info has no ${key}`);

  const xmp = streamData(catalog['/Metadata'])?.toString('utf8');
  if (!xmp) problems.push('no XMP metadata stream in the catalog');
  else {
    const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xmp)?.[1];
    if (tag('pdfxid:GTS_PDFXVersion') !== 'PDF/X-4') problems.push('XMP pdfxid:GTS_PDFXVersion is not PDF/X-4');
    for (const name of ['xmp:CreateDate', 'xmp:ModifyDate', 'xmp:MetadataDate', 'xmpMM:DocumentID', 'xmpMM:VersionID', 'xmpMM:RenditionClass']) {
      if (!tag(name)) problems.push(`XMP has no ${name}`);
    }
    if (!/<dc:title>/.test(xmp)) problems.push('XMP has no dc:title');
    if (tag('pdf:Trapped') !== String(deref(info['/Trapped'])).slice(1)) problems.push('XMP pdf:Trapped and Info Trapped differ');
    // Info dates (D:YYYYMMDDHHmmSSZ) and XMP dates must name the same moment.
    const infoDate = (key: string) => /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text(info[key]) ?? '')?.slice(1);
    const asIso = (parts: string[] | undefined) => (parts ? `${parts[0]}-${parts[1]}-${parts[2]}T${parts[3]}:${parts[4]}:${parts[5]}Z` : undefined);
    if (asIso(infoDate('/ModDate')) !== tag('xmp:ModifyDate')) problems.push('Info ModDate and XMP xmp:ModifyDate differ');
    if (asIso(infoDate('/CreationDate')) !== tag('xmp:CreateDate')) problems.push('Info CreationDate and XMP xmp:CreateDate differ');
    // xmllint (Debian's libxml2-utils) parses the packet: an unescaped & or < in a title is an error.
    try {
      execFileSync('xmllint', ['--noout', '-'], { input: xmp, stdio: ['pipe', 'ignore', 'pipe'] });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('xmllint is not installed (apt-get install libxml2-utils)');
      problems.push('XMP is not well-formed XML');
    }
  }

  const intents = (deref(catalog['/OutputIntents']) ?? []) as JsonValue[];
  const pdfx = intents.map((i) => dict(i)).filter((i) => i['/S'] === '/GTS_PDFX');
  if (pdfx.length !== 1) problems.push(`${pdfx.length} OutputIntents with /S /GTS_PDFX (one is required)`);
  for (const intent of pdfx) {
    if (!text(intent['/OutputConditionIdentifier'])) problems.push('the OutputIntent has no OutputConditionIdentifier');
    const profileRef = intent['/DestOutputProfile'];
    const profile = streamData(profileRef);
    if (!profile) problems.push('the OutputIntent embeds no DestOutputProfile (PDF/X-4 requires it)');
    else {
      const [cls, space] = [profile.subarray(12, 16).toString('latin1'), profile.subarray(16, 20).toString('latin1')];
      if (profile.subarray(36, 40).toString('latin1') !== 'acsp') problems.push('the DestOutputProfile is not an ICC profile');
      if (cls !== 'prtr') problems.push(`the DestOutputProfile is a ${cls} profile, not an output (prtr) profile`);
      if (space !== 'CMYK') problems.push(`the DestOutputProfile's colour space is ${space}, not CMYK`);
      if (objects[`obj:${profileRef}`]?.stream?.dict['/N'] !== 4) problems.push('the DestOutputProfile stream does not say /N 4');
    }
  }

  const pages = Object.values(objects).map((o) => o.value).filter((v): v is Record<string, JsonValue> => typeof v === 'object' && v !== null && !Array.isArray(v) && v['/Type'] === '/Page');
  if (!pages.length) problems.push('no pages');
  const within = (inner: number[], outer: number[]) => inner[0]! >= outer[0]! - 0.001 && inner[1]! >= outer[1]! - 0.001 && inner[2]! <= outer[2]! + 0.001 && inner[3]! <= outer[3]! + 0.001;
  pages.forEach((page, i) => {
    const media = deref(page['/MediaBox']) as number[];
    const trim = deref(page['/TrimBox']) as number[] | undefined;
    const bleed = (deref(page['/BleedBox']) as number[] | undefined) ?? media;
    if (!trim && !page['/ArtBox']) problems.push(`page ${i + 1} has neither TrimBox nor ArtBox`);
    if (trim && !within(trim, bleed)) problems.push(`page ${i + 1}: the TrimBox is not inside the BleedBox`);
    if (!within(bleed, media)) problems.push(`page ${i + 1}: the BleedBox is not inside the MediaBox`);
    if (page['/Annots']) problems.push(`page ${i + 1} has annotations`);
  });
  for (const [key, object] of Object.entries(objects)) {
    const value = object.value ?? (object.stream?.dict as JsonValue);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    if (value['/Type'] === '/FontDescriptor' && !value['/FontFile'] && !value['/FontFile2'] && !value['/FontFile3']) problems.push(`${key}: a font is not embedded`);
    if (value['/S'] === '/JavaScript' || value['/JS']) problems.push(`${key}: JavaScript`);
    if (value['/TR'] !== undefined || value['/TR2'] !== undefined) problems.push(`${key}: a transfer function`);
  }
  const raw = fs.readFileSync(file).toString('latin1');
  if (/\/DeviceRGB\b/.test(raw) || /\/CalRGB\b/.test(raw)) problems.push('an RGB colour space');
  return problems;
}
