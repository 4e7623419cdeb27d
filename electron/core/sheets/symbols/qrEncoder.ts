/**
 * A QR Code encoder for packaging codes: byte mode, versions 1–40, error correction L/M/Q/H,
 * all eight masks scored as ISO/IEC 18004 says. Written because the hot path of a sheet export
 * is encoding: the `qrcode` package takes ≈330 µs a symbol here (≈160 µs even with a fixed
 * mask); this takes a fraction of that (see bench/sheetsBench.ts). Its matrices are checked
 * module for module against `qrcode`'s for the same version and mask (test/unit/qrEncoder.test.ts).
 */

export type Ecc = 'L' | 'M' | 'Q' | 'H';

export interface QrSymbol {
  /** Modules per side, without the quiet zone. */
  size: number;
  version: number;
  mask: number;
  /** size × size, row by row: 1 dark, 0 light. */
  modules: Uint8Array;
}

const ECC_ORDER: Record<Ecc, number> = { L: 0, M: 1, Q: 2, H: 3 };
/** The two format bits of each level (L=01, M=00, Q=11, H=10). */
const ECC_FORMAT_BITS: Record<Ecc, number> = { L: 1, M: 0, Q: 3, H: 2 };

// Per version (index 1–40): error-correction codewords per block, and the number of blocks.
// prettier-ignore
const ECC_PER_BLOCK = [
  [-1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
  [-1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  [-1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
];
// prettier-ignore
const BLOCKS = [
  [-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
  [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
  [-1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
  [-1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
];

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;

const generators = new Map<number, Uint8Array>();
/** Coefficients (highest first, leading 1 dropped) of the Reed–Solomon generator of a degree. */
function generator(degree: number): Uint8Array {
  let found = generators.get(degree);
  if (found) return found;
  let poly = new Uint8Array([1]);
  for (let i = 0; i < degree; i++) {
    const next = new Uint8Array(poly.length + 1);
    for (let j = 0; j < poly.length; j++) {
      next[j] = next[j]! ^ poly[j]!;
      if (poly[j]) next[j + 1] = next[j + 1]! ^ EXP[LOG[poly[j]!]! + i]!;
    }
    poly = next;
  }
  found = poly.subarray(1);
  generators.set(degree, found);
  return found;
}

function reedSolomon(data: Uint8Array, degree: number): Uint8Array {
  const gen = generator(degree);
  const rem = new Uint8Array(degree);
  for (const byte of data) {
    const factor = byte ^ rem[0]!;
    rem.copyWithin(0, 1);
    rem[degree - 1] = 0;
    if (factor) {
      const logFactor = LOG[factor]!;
      for (let i = 0; i < degree; i++) if (gen[i]) rem[i] = rem[i]! ^ EXP[LOG[gen[i]!]! + logFactor]!;
    }
  }
  return rem;
}

function rawDataModules(version: number): number {
  let result = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2;
    result -= (25 * align - 10) * align - 55;
    if (version >= 7) result -= 36;
  }
  return result;
}

const dataCodewords = (version: number, ecc: Ecc): number =>
  Math.floor(rawDataModules(version) / 8) - ECC_PER_BLOCK[ECC_ORDER[ecc]]![version]! * BLOCKS[ECC_ORDER[ecc]]![version]!;

function alignmentPositions(version: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
  const positions = [6];
  for (let pos = version * 4 + 10; positions.length < count; pos -= step) positions.splice(1, 0, pos);
  return positions;
}

/** The function patterns of a version (finders, timing, alignment, format and version areas). */
interface Layout {
  size: number;
  /** 1 where a module belongs to a function pattern. */
  reserved: Uint8Array;
  /** The function patterns' own colours (format bits left light, set per mask). */
  base: Uint8Array;
  /** Data module positions in placement order. */
  order: Uint32Array;
}

const layouts = new Map<number, Layout>();
function layout(version: number): Layout {
  let found = layouts.get(version);
  if (found) return found;
  const size = version * 4 + 17;
  const reserved = new Uint8Array(size * size);
  const base = new Uint8Array(size * size);
  const set = (x: number, y: number, dark: boolean) => {
    reserved[y * size + x] = 1;
    base[y * size + x] = dark ? 1 : 0;
  };
  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]] as const) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const dist = Math.max(Math.abs(dx), Math.abs(dy));
        set(x, y, dist !== 2 && dist !== 4);
      }
    }
  }
  const align = alignmentPositions(version);
  for (let i = 0; i < align.length; i++) {
    for (let j = 0; j < align.length; j++) {
      if ((i === 0 && j === 0) || (i === 0 && j === align.length - 1) || (i === align.length - 1 && j === 0)) continue;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) set(align[i]! + dx, align[j]! + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }
  }
  // Format areas (values drawn per mask) and the always-dark module.
  for (let i = 0; i <= 8; i++) {
    if (!reserved[8 * size + i]) set(i, 8, false);
    if (!reserved[i * size + 8]) set(8, i, false);
  }
  for (let i = 0; i < 8; i++) {
    set(size - 1 - i, 8, false);
    set(8, size - 1 - i, false);
  }
  set(8, size - 8, true);
  if (version >= 7) {
    let rem = version;
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
    const bits = (version << 12) | rem;
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1;
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      set(a, b, dark);
      set(b, a, dark);
    }
  }
  const order: number[] = [];
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const upward = ((right + 1) & 2) === 0;
        const y = upward ? size - 1 - vert : vert;
        if (!reserved[y * size + x]) order.push(y * size + x);
      }
    }
  }
  found = { size, reserved, base, order: Uint32Array.from(order) };
  layouts.set(version, found);
  return found;
}

function formatBits(ecc: Ecc, mask: number): number {
  const data = (ECC_FORMAT_BITS[ecc] << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

function drawFormat(modules: Uint8Array, size: number, bits: number): void {
  const bit = (i: number) => (bits >>> i) & 1;
  for (let i = 0; i <= 5; i++) modules[i * size + 8] = bit(i);
  modules[7 * size + 8] = bit(6);
  modules[8 * size + 8] = bit(7);
  modules[8 * size + 7] = bit(8);
  for (let i = 9; i < 15; i++) modules[8 * size + (14 - i)] = bit(i);
  for (let i = 0; i < 8; i++) modules[8 * size + (size - 1 - i)] = bit(i);
  for (let i = 8; i < 15; i++) modules[(size - 15 + i) * size + 8] = bit(i);
}

const MASKS: ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/** Per version: for each mask, 1 where it flips a (non-function) module. */
const maskBitmaps = new Map<number, Uint8Array[]>();
function masksFor(version: number): Uint8Array[] {
  let found = maskBitmaps.get(version);
  if (found) return found;
  const { size, reserved } = layout(version);
  found = MASKS.map((fn) => {
    const bitmap = new Uint8Array(size * size);
    for (let y = 0, i = 0; y < size; y++) for (let x = 0; x < size; x++, i++) if (!reserved[i] && fn(x, y)) bitmap[i] = 1;
    return bitmap;
  });
  maskBitmaps.set(version, found);
  return found;
}

// Mask scoring works on bit lines: each row and each column packed into 32-bit words (bit x of a
// line at word x >>> 5, bit x & 31), so a rule is tested for 32 modules at once. Scoring the eight
// masks module by module took ≈10 µs a mask (three quarters of a packaging code's encoding time).

/** The matrix's rows and columns as bit lines, `words` words a line. */
interface BitLines {
  words: number;
  rows: Int32Array;
  cols: Int32Array;
}

function bitLines(m: Uint8Array, size: number): BitLines {
  const words = (size + 31) >>> 5;
  const rows = new Int32Array(size * words);
  const cols = new Int32Array(size * words);
  for (let y = 0, i = 0; y < size; y++) {
    for (let x = 0; x < size; x++, i++) {
      rows[y * words + (x >>> 5)]! |= m[i]! << (x & 31);
      cols[x * words + (y >>> 5)]! |= m[i]! << (y & 31);
    }
  }
  return { words, rows, cols };
}

/** Bits of word `w` for the line positions 0…last (none when last < 0). */
function positionsUpTo(w: number, last: number): number {
  const count = last + 1 - 32 * w;
  return count >= 32 ? -1 : count <= 0 ? 0 : (1 << count) - 1;
}

/** Per version, level and mask: what turns the unmasked matrix into the candidate (mask and format bits). */
const flips = new Map<number, BitLines>();
function flipFor(version: number, ecc: Ecc, mask: number): BitLines {
  const key = version * 32 + ECC_ORDER[ecc] * 8 + mask;
  let found = flips.get(key);
  if (found) return found;
  const { size } = layout(version);
  // Format modules are light in the base and never masked, so their bits can be XORed in.
  const m = masksFor(version)[mask]!.slice();
  drawFormat(m, size, formatBits(ecc, mask));
  found = bitLines(m, size);
  flips.set(key, found);
  return found;
}

function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Line `o`…`o + words` of `a` moved down by k positions (bit x holds position x + k). */
function shifted(a: Int32Array, o: number, w: number, words: number, k: number): number {
  return k === 0 ? a[o + w]! : (a[o + w]! >>> k) | (w + 1 < words ? a[o + w + 1]! << (32 - k) : 0);
}

/** ISO rules 1 and 3 on each line: runs of 5+ in one colour (3, +1 a module), finder-like 1:1:3:1:1 beside 4 light (40). */
function linesPenalty(a: Int32Array, size: number, words: number): number {
  let score = 0;
  for (let o = 0; o < size * words; o += words) {
    let previousRun = 0;
    for (let w = 0; w < words; w++) {
      const s0 = shifted(a, o, w, words, 0);
      const s1 = shifted(a, o, w, words, 1);
      const s2 = shifted(a, o, w, words, 2);
      const s3 = shifted(a, o, w, words, 3);
      const s4 = shifted(a, o, w, words, 4);
      // A window of five equal modules starts at each set bit; a run of n ≥ 5 has n − 4 of them
      // and scores n − 2: the windows, plus 2 for the run's first window.
      const five = ~((s0 ^ s1) | (s1 ^ s2) | (s2 ^ s3) | (s3 ^ s4)) & positionsUpTo(w, size - 5);
      if (five) score += popcount(five) + 2 * popcount(five & ~((five << 1) | previousRun));
      previousRun = five >>> 31;
      const valid11 = positionsUpTo(w, size - 11);
      if (!valid11) continue;
      const s5 = shifted(a, o, w, words, 5);
      const s6 = shifted(a, o, w, words, 6);
      const s7 = shifted(a, o, w, words, 7);
      const s8 = shifted(a, o, w, words, 8);
      const s9 = shifted(a, o, w, words, 9);
      const s10 = shifted(a, o, w, words, 10);
      const core = ~s5 & s6;
      // 1011101 then 0000, and 0000 then 1011101.
      const before = s0 & ~s1 & s2 & s3 & s4 & core & ~s7 & ~s8 & ~s9 & ~s10 & valid11;
      const after = ~s0 & ~s1 & ~s2 & ~s3 & s4 & core & s7 & s8 & ~s9 & s10 & valid11;
      if (before | after) score += 40 * (popcount(before) + popcount(after));
    }
  }
  return score;
}

/** The ISO penalty of a candidate (runs, 2×2 blocks, finder-like patterns, balance) from its bit lines. */
function penalty(rows: Int32Array, cols: Int32Array, size: number, words: number): number {
  let blocks = 0;
  let dark = 0;
  for (let o = 0; o < size * words; o += words) {
    for (let w = 0; w < words; w++) {
      const r0 = rows[o + w]!;
      dark += popcount(r0);
      if (o + words >= size * words) continue;
      // A 2×2 block of one colour starts at x when rows y and y+1 agree at x and x+1, and x equals x+1.
      const vertical = ~(r0 ^ rows[o + words + w]!);
      const verticalNext = shifted(rows, o, w, words, 1) ^ shifted(rows, o + words, w, words, 1);
      const horizontal = ~(r0 ^ shifted(rows, o, w, words, 1));
      blocks += popcount(vertical & ~verticalNext & horizontal & positionsUpTo(w, size - 2));
    }
  }
  const total = size * size;
  return linesPenalty(rows, size, words) + linesPenalty(cols, size, words) + blocks * 3 + Math.floor(Math.abs(dark * 20 - total * 10) / total) * 10;
}

/** Encodes text (UTF-8, byte mode) at the smallest version that holds it, or at least `minVersion`. */
export function encodeQr(text: string, ecc: Ecc = 'M', options: { minVersion?: number; mask?: number } = {}): QrSymbol {
  const bytes = new TextEncoder().encode(text);
  let version = Math.max(1, options.minVersion ?? 1);
  for (; ; version++) {
    if (version > 40) throw new Error(`text too long for a QR code at level ${ecc} (${bytes.length} bytes)`);
    const countBits = version <= 9 ? 8 : 16;
    if (4 + countBits + bytes.length * 8 <= dataCodewords(version, ecc) * 8) break;
  }
  const capacity = dataCodewords(version, ecc);
  const data = new Uint8Array(capacity);
  // Bit writer: mode 0100, count, bytes, terminator, pad to a byte, pad codewords.
  let bitLength = 0;
  const put = (value: number, bits: number) => {
    for (let i = bits - 1; i >= 0; i--, bitLength++) if ((value >>> i) & 1) data[bitLength >>> 3] = data[bitLength >>> 3]! | (0x80 >>> (bitLength & 7));
  };
  put(0b0100, 4);
  put(bytes.length, version <= 9 ? 8 : 16);
  for (const byte of bytes) put(byte, 8);
  put(0, Math.min(4, capacity * 8 - bitLength));
  bitLength = Math.ceil(bitLength / 8) * 8;
  for (let i = bitLength / 8, pad = 0xec; i < capacity; i++, pad ^= 0xec ^ 0x11) data[i] = pad;

  // Blocks, error correction, interleaving.
  const level = ECC_ORDER[ecc];
  const blockCount = BLOCKS[level]![version]!;
  const eccLen = ECC_PER_BLOCK[level]![version]!;
  const rawCodewords = Math.floor(rawDataModules(version) / 8);
  const shortBlocks = blockCount - (rawCodewords % blockCount);
  const shortLen = Math.floor(rawCodewords / blockCount);
  const blocks: Uint8Array[] = [];
  const eccs: Uint8Array[] = [];
  for (let i = 0, k = 0; i < blockCount; i++) {
    const len = shortLen - eccLen + (i < shortBlocks ? 0 : 1);
    const block = data.subarray(k, k + len);
    k += len;
    blocks.push(block);
    eccs.push(reedSolomon(block, eccLen));
  }
  const codewords = new Uint8Array(rawCodewords);
  let n = 0;
  for (let i = 0; i <= shortLen - eccLen; i++) for (const block of blocks) if (i < block.length) codewords[n++] = block[i]!;
  for (let i = 0; i < eccLen; i++) for (const e of eccs) codewords[n++] = e[i]!;

  // Place the bits, then try the masks.
  const { size, base, order } = layout(version);
  const unmasked = base.slice();
  for (let i = 0; i < order.length && i < codewords.length * 8; i++) unmasked[order[i]!] = (codewords[i >>> 3]! >>> (7 - (i & 7))) & 1;
  let bestMask = options.mask ?? 0;
  if (options.mask === undefined) {
    const plain = bitLines(unmasked, size);
    const rows = new Int32Array(plain.rows.length);
    const cols = new Int32Array(plain.cols.length);
    let bestScore = Infinity;
    for (let mask = 0; mask < 8; mask++) {
      const flip = flipFor(version, ecc, mask);
      for (let i = 0; i < rows.length; i++) {
        rows[i] = plain.rows[i]! ^ flip.rows[i]!;
        cols[i] = plain.cols[i]! ^ flip.cols[i]!;
      }
      const score = penalty(rows, cols, size, plain.words);
      if (score < bestScore) {
        bestScore = score;
        bestMask = mask;
      }
    }
  }
  const best = unmasked;
  const bitmap = masksFor(version)[bestMask]!;
  for (let i = 0; i < best.length; i++) best[i] = best[i]! ^ bitmap[i]!;
  drawFormat(best, size, formatBits(ecc, bestMask));
  return { size, version, mask: bestMask, modules: best };
}
