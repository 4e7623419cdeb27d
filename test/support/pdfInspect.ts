import fs from 'node:fs';
import { inflateSync } from 'node:zlib';

/** Every Flate stream of a PDF, inflated (our files use no other filter). */
export function pdfStreams(file: string): string[] {
  const bytes = fs.readFileSync(file);
  const text = bytes.toString('latin1');
  const streams: string[] = [];
  const pattern = /\/Filter\s*\/FlateDecode[^>]*>>\s*stream\r?\n/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    try {
      streams.push(inflateSync(bytes.subarray(start, end)).toString('latin1'));
    } catch {
      // A stream with trailing whitespace before endstream inflates fine; a font program may not be text.
    }
  }
  return streams;
}

/** The page content streams that draw (paths or text); pdfkit's own only flips the axes, and the output profile (ICC, 'acsp' at 36) is no page. */
export function contentStreams(file: string): string[] {
  return pdfStreams(file).filter((s) => /\bre\b|\bTj\b/.test(s) && !s.includes('/CIDInit') && s.slice(36, 40) !== 'acsp');
}
