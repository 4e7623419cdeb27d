import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { ZXingReaderModule } from 'zxing-wasm/reader';

const resolveWasm = createRequire(import.meta.url).resolve;
let prepared: Promise<typeof import('zxing-wasm/reader')> | undefined;

/**
 * zxing-wasm 3.1's readBarcodes never frees the result list of a read that found something (an
 * embind vector left undeleted): 40,000 reads kept ≈40 MB of wasm and JS heap. Grey images are
 * read without it (readGrey frees its list); after this many reads of encoded images the module
 * is dropped and made afresh (≈20 ms), so a long run stays flat.
 */
const READS_PER_MODULE = 2_000;
let reads = 0;

/** zxing-wasm would fetch its wasm from a CDN by default; we hand it the copy in node_modules. */
async function prepare(leaking = false): Promise<typeof import('zxing-wasm/reader')> {
  if (leaking && ++reads > READS_PER_MODULE && prepared) {
    reads = 1;
    (await prepared).purgeZXingModule();
    prepared = undefined;
  }
  prepared ??= (async () => {
    const zxing = await import('zxing-wasm/reader');
    const wasm = fs.readFileSync(resolveWasm('zxing-wasm/reader/zxing_reader.wasm'));
    await zxing.prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer },
      fireImmediately: true,
    });
    return zxing;
  })();
  return prepared;
}

/** Loads zxing ahead of the first read (a verify worker does so while the export is writing). */
export async function loadDecoder(): Promise<void> {
  await prepare();
}

/** An 8-bit grey image, row by row (what sharp gives for `.greyscale().raw()`). */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Decodes every QR code in an encoded image (PNG, JPEG…) or a raw grey image; returns their texts. */
export function decodeQrCodes(image: Uint8Array | GreyImage): Promise<string[]> {
  return decodeSymbols(image, 'QRCode', 255);
}

/**
 * Decodes the one code of a label's cell (the symbol and its quiet zone, nothing else): first as a
 * pure image — module centres sampled from the symbol's bounds, ≈0.4 ms, and anything in the
 * quiet zone makes it fail — then, only if that fails, with the full detector, so a reading that
 * needs more care is still given it before a label is called bad.
 */
export async function decodeQrCell(image: GreyImage): Promise<string[]> {
  const pure = await decodeSymbols(image, 'QRCode', 1, FAST);
  return pure.length ? pure : decodeQrCodes(image);
}

/** Decoding without the searches (rotation, inversion, downscaling) a clean cell never needs. */
const FAST = { isPure: true, tryHarder: false, tryRotate: false, tryInvert: false, tryDownscale: false } as const;
/** A linear barcode's quick look: FAST, but found anywhere in its box. */
const QUICK_LINEAR = { ...FAST, isPure: false } as const;
const THOROUGH = { tryHarder: true } as const;
type ReadOptions = { [K in keyof typeof FAST]?: boolean };

const LINEAR_FORMATS = { ean13: 'EAN13', ean8: 'EAN8', upca: 'UPCA', code128: 'Code128' } as const;

/** Decodes a linear barcode of one symbology (EAN-13 …) in a raw grey image: a quick look first, then a thorough one. */
export async function decodeLinearBarcodes(image: GreyImage, symbology: keyof typeof LINEAR_FORMATS): Promise<string[]> {
  const quick = await decodeSymbols(image, LINEAR_FORMATS[symbology], 1, QUICK_LINEAR);
  return quick.length ? quick : decodeSymbols(image, LINEAR_FORMATS[symbology], 4);
}

async function decodeSymbols(
  image: Uint8Array | GreyImage,
  format: 'QRCode' | (typeof LINEAR_FORMATS)[keyof typeof LINEAR_FORMATS],
  maxNumberOfSymbols: number,
  options: ReadOptions = THOROUGH,
): Promise<string[]> {
  const zxing = await prepare(image instanceof Uint8Array);
  if (image instanceof Uint8Array) {
    const results = await zxing.readBarcodes(image, { formats: [format], maxNumberOfSymbols, ...options });
    return results.filter((r) => r.isValid).map((r) => r.text);
  }
  return readGrey(await zxing.getZXingModule(), moduleOptions(zxing, format, maxNumberOfSymbols, options), image);
}

type ModuleOptions = Parameters<ZXingReaderModule['readBarcodesFromPixmap']>[3];
/** Each kind of read's options in the module's form, made once: making them took ≈25 µs a read. */
const madeOptions = new WeakMap<ReadOptions, Map<string, ModuleOptions>>();

/** Options put in the module's form as readBarcodes does (names become their index in zxing's lists). */
function moduleOptions(zxing: typeof import('zxing-wasm/reader'), format: Parameters<typeof decodeSymbols>[1], maxNumberOfSymbols: number, options: ReadOptions): ModuleOptions {
  let made = madeOptions.get(options);
  if (!made) madeOptions.set(options, (made = new Map()));
  const key = `${format}/${maxNumberOfSymbols}`;
  let converted = made.get(key);
  if (!converted) {
    const all = { ...zxing.defaultReaderOptions, ...options, formats: [format], maxNumberOfSymbols };
    converted = {
      ...all,
      formats: zxing.encodeFormats(all.formats),
      binarizer: zxing.binarizers.indexOf(all.binarizer),
      eanAddOnSymbol: zxing.eanAddOnSymbols.indexOf(all.eanAddOnSymbol),
      textMode: zxing.textModes.indexOf(all.textMode),
      characterSet: zxing.characterSets.indexOf(all.characterSet),
      tryCode39ExtendedMode: all.tryCode39ExtendedMode ?? true,
    } as unknown as ModuleOptions;
    made.set(key, converted);
  }
  return converted;
}

/** The module's pixel buffer, kept between reads (grown when an image needs more), for the module it was taken from. */
let pixels: { module: ZXingReaderModule; pointer: number; bytes: number } | undefined;

function pixelBuffer(module: ZXingReaderModule, bytes: number): number {
  if (pixels?.module === module && pixels.bytes >= bytes) return pixels.pointer;
  if (pixels?.module === module) module._free(pixels.pointer);
  const pointer = module._malloc(bytes);
  if (!pointer) throw new Error(`zxing cannot allocate ${bytes} bytes`);
  pixels = { module, pointer, bytes };
  return pointer;
}

/**
 * A grey image read as the luminance it is, by the module's own pixmap entry — what readBarcodes
 * calls after making luminance of an RGBA image, without the four-times copy (or a PGM to parse);
 * the result list is freed here (readBarcodes leaves it).
 */
function readGrey(module: ZXingReaderModule, options: ModuleOptions, image: GreyImage): string[] {
  const pointer = pixelBuffer(module, image.data.byteLength);
  module.HEAPU8.set(image.data, pointer);
  const results = module.readBarcodesFromPixmap(pointer, image.width, image.height, options);
  try {
    const texts: string[] = [];
    for (let i = 0; i < results.size(); i++) {
      const result = results.get(i);
      if (result?.isValid) texts.push(result.text);
    }
    return texts;
  } finally {
    // An embind vector: its C++ side lives until deleted (the typings do not name delete).
    (results as unknown as { delete(): void }).delete();
  }
}
