import sharp from 'sharp';
import type { GreyImage } from '../../electron/core/sheets/verify/qrDecoder';

/**
 * Renders ZPL with an independent renderer — zpl-renderer-js, Zebrash (a ZPL renderer in Go)
 * compiled to WebAssembly — a label a PNG, returned as grey images, one dot a pixel.
 */
export async function renderZpl(zpl: string, o: { widthMm: number; heightMm: number; dotsPerMm: number }): Promise<GreyImage[]> {
  const { ready } = await import('zpl-renderer-js');
  const { api } = await ready;
  const labels = await api.zplToBase64MultipleAsync(zpl, o.widthMm, o.heightMm, o.dotsPerMm);
  return Promise.all(
    labels.map(async (png) => {
      const { data, info } = await sharp(Buffer.from(png, 'base64')).greyscale().raw().toBuffer({ resolveWithObject: true });
      return { data: new Uint8Array(data), width: info.width, height: info.height };
    }),
  );
}
