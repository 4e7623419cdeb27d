
const QUIET_ZONE_MODULES = 4;

/**
 * A PNG of exactly `sizePx` × `sizePx` that decodes to `content`, as WeChat's pic_url serves:
 * the symbol with its 4-module quiet zone, each pixel sampling the module under it.
 */
export async function qrPng(content: string, sizePx: number): Promise<Buffer> {
  const [{ default: QRCode }, { default: sharp }] = await Promise.all([import('qrcode'), import('sharp')]);
  const symbol = QRCode.create(content, { errorCorrectionLevel: 'M' });
  const modules = symbol.modules.size;
  const total = modules + 2 * QUIET_ZONE_MODULES;
  const pixels = Buffer.alloc(sizePx * sizePx, 255);
  for (let y = 0; y < sizePx; y++) {
    const row = Math.floor(((y + 0.5) * total) / sizePx) - QUIET_ZONE_MODULES;
    if (row < 0 || row >= modules) continue;
    for (let x = 0; x < sizePx; x++) {
      const col = Math.floor(((x + 0.5) * total) / sizePx) - QUIET_ZONE_MODULES;
      if (col >= 0 && col < modules && symbol.modules.get(row, col)) pixels[y * sizePx + x] = 0;
    }
  }
  return sharp(pixels, { raw: { width: sizePx, height: sizePx, channels: 1 } }).png().toBuffer();
}
