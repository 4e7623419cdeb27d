import type { LocalizedText } from '../text';

/**
 * The encodings a list of values comes in: what Excel writes ("CSV UTF-8" with a BOM, "CSV" on a
 * Chinese Windows in GBK — read as GB18030, its superset — and "Unicode Text" in UTF-16 with a
 * BOM) and plain UTF-8. Decoded with the platform's WHATWG TextDecoder in fatal mode, so a byte
 * that is not text stops the reading instead of becoming U+FFFD for good.
 */
export type TextEncodingName = 'UTF-8' | 'GB18030' | 'UTF-16LE' | 'UTF-16BE';

/** A file that is none of the encodings tried: where it stopped being readable, and what was tried. */
export class UnreadableText extends Error {
  constructor(
    readonly line: number,
    readonly tried: readonly TextEncodingName[],
  ) {
    super(`not text in ${tried.join(', ')} at line ${line}`);
  }
}

const DECODER_LABEL: Record<TextEncodingName, string> = { 'UTF-8': 'utf-8', GB18030: 'gb18030', 'UTF-16LE': 'utf-16le', 'UTF-16BE': 'utf-16be' };
/** Bytes after the first non-ASCII one that decide between UTF-8 and GB18030 (a few characters). */
const SNIFF_BYTES = 64;
/** How much of the file is judged at once when the first non-ASCII byte appears. */
const JUDGE_BYTES = 4096;
const NEWLINE = 0x0a;
/** ASCII reads the same in UTF-8 and GB18030: it passes before the encoding is known. */
const ASCII = new TextDecoder('utf-8');

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  if (!a.length) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
};

const isUtf8 = (bytes: Uint8Array): boolean => {
  try {
    // stream: a multi-byte character cut at the end of the sample is not held against it.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
};

/**
 * Decodes a file's bytes as they arrive (memory stays flat): a BOM names the encoding; without one,
 * ASCII passes as it is until the first other byte, whose neighbours decide UTF-8 or GB18030.
 */
export class TextFileDecoder {
  private decoder: InstanceType<typeof TextDecoder> | null = null;
  private encoding: TextEncodingName | null = null;
  private tried: TextEncodingName[] = [];
  private pending: Uint8Array = new Uint8Array(0);
  private started = false;
  private lines = 1;

  /** The encoding chosen, once known. */
  get chosen(): TextEncodingName | null {
    return this.encoding;
  }

  push(bytes: Uint8Array): string {
    return this.take(concat(this.pending, bytes), false);
  }

  end(): string {
    return this.take(this.pending, true);
  }

  private take(bytes: Uint8Array, final: boolean): string {
    this.pending = new Uint8Array(0);
    let text = '';
    if (!this.encoding) {
      if (!this.started) {
        if (bytes.length < 3 && !final) return (this.pending = bytes), '';
        this.started = true;
        const bom = byteOrderMark(bytes);
        if (bom) {
          this.choose(bom.encoding, [bom.encoding]);
          bytes = bytes.subarray(bom.length);
        }
      }
      if (!this.encoding) {
        let firstOther = bytes.findIndex((b) => b >= 0x80);
        if (firstOther < 0) firstOther = bytes.length;
        text = ASCII.decode(bytes.subarray(0, firstOther));
        this.count(text);
        bytes = bytes.subarray(firstOther);
        if (!bytes.length) return text;
        if (bytes.length < SNIFF_BYTES && !final) return (this.pending = bytes), text;
        if (isUtf8(bytes.subarray(0, JUDGE_BYTES))) this.choose('UTF-8', ['UTF-8']);
        else this.choose('GB18030', ['UTF-8', 'GB18030']);
      }
    }
    return text + this.decode(bytes, final);
  }

  private choose(encoding: TextEncodingName, tried: TextEncodingName[]): void {
    this.encoding = encoding;
    this.tried = tried;
    this.decoder = new TextDecoder(DECODER_LABEL[encoding], { fatal: true, ignoreBOM: true });
  }

  private decode(bytes: Uint8Array, final: boolean): string {
    let text: string;
    try {
      text = this.decoder!.decode(bytes, { stream: !final });
    } catch {
      throw new UnreadableText(this.lines + this.badLineIn(bytes), this.tried);
    }
    this.count(text);
    return text;
  }

  /** Lines into `bytes` where the first unreadable one is (0 when it cannot be told: UTF-16). */
  private badLineIn(bytes: Uint8Array): number {
    if (this.encoding === 'UTF-16LE' || this.encoding === 'UTF-16BE') return 0;
    let start = 0;
    for (let line = 0; start <= bytes.length; line++) {
      let end = bytes.indexOf(NEWLINE, start);
      if (end < 0) end = bytes.length;
      try {
        new TextDecoder(DECODER_LABEL[this.encoding!], { fatal: true }).decode(bytes.subarray(start, end), { stream: end === bytes.length });
      } catch {
        return line;
      }
      start = end + 1;
    }
    return 0;
  }

  private count(text: string): void {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.lines++;
  }
}

function byteOrderMark(bytes: Uint8Array): { encoding: TextEncodingName; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'UTF-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'UTF-16LE', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'UTF-16BE', length: 2 };
  return null;
}

/** A whole file's text (the screens read a picked file at once). */
export function decodeTextFile(bytes: Uint8Array): string {
  const decoder = new TextFileDecoder();
  return decoder.push(bytes) + decoder.end();
}

/** What a user is told about a file none of the encodings reads. */
export function unreadableTextMessage(error: UnreadableText): LocalizedText {
  const tried = error.tried.join(', ');
  return {
    en: `The file cannot be read as text at line ${error.line} (tried ${tried}): save it as "CSV UTF-8" or "Unicode Text" in Excel, or as UTF-8.`,
    'zh-CN': `文件第 ${error.line} 行无法按文本读取(已尝试 ${tried}):请在 Excel 中另存为“CSV UTF-8”或“Unicode 文本”,或保存为 UTF-8。`,
  };
}

/** The separator of a CSV: a header with tabs and no comma is Excel's "Unicode Text". */
export const csvDelimiter = (header: string): ',' | '\t' => (header.includes('\t') && !header.includes(',') ? '\t' : ',');
