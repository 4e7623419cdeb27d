import { deflateSync } from 'node:zlib';

/**
 * A page's content stream written straight into bytes: operators as ASCII, a symbol's small
 * integers digit by digit. Building each page as strings and joining them made a page's garbage
 * several times its size, and collecting it cost page workers more than a tenth of their time.
 */
export class ContentWriter {
  private buffer = Buffer.allocUnsafe(1 << 16);
  length = 0;

  private room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** ASCII text (operators, numbers, hex strings). */
  text(ascii: string): void {
    this.room(ascii.length);
    this.length += this.buffer.write(ascii, this.length, 'latin1');
  }

  /** ASCII text and a line break: one operator line. */
  line(ascii: string): void {
    this.text(ascii);
    this.byte(10);
  }

  /** `x y w h re` and a line break, for non-negative integers below 1000: a symbol's modules. */
  rect(x: number, y: number, w: number, h: number): void {
    this.room(19);
    this.smallInt(x);
    this.smallInt(y);
    this.smallInt(w);
    this.smallInt(h);
    const b = this.buffer;
    b[this.length++] = 114; // r
    b[this.length++] = 101; // e
    b[this.length++] = 10;
  }

  private smallInt(n: number): void {
    const b = this.buffer;
    if (n >= 100) b[this.length++] = 48 + ((n / 100) | 0);
    if (n >= 10) b[this.length++] = 48 + (((n / 10) | 0) % 10);
    b[this.length++] = 48 + (n % 10);
    b[this.length++] = 32;
  }

  /** One byte (an ASCII character code). */
  byte(code: number): void {
    this.room(1);
    this.buffer[this.length++] = code;
  }

  /** What was written since the last reset: a view, valid until the next write. */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  reset(): void {
    this.length = 0;
  }
}

/** A page's content stream deflated for the PDF, in a buffer of its own (safe to transfer). */
export function deflateContent(content: Buffer): Uint8Array<ArrayBuffer> {
  // A copy: a small Buffer may share a pool, which a transfer to another thread would detach.
  return new Uint8Array(deflateSync(content));
}
