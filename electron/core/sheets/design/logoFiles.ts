import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../appError';

/** The largest logo file taken (a label's logo is a few centimetres: megabytes are plenty). */
const MAX_LOGO_BYTES = 4 * 1024 * 1024;

/**
 * Keeps a logo a person picked for a design in `<data>/logos/`, where designs read their images
 * from: checked to be an image QR Pack can print, named by its content (the same image twice is
 * one file), written under a temporary name and renamed when complete.
 */
export async function saveLogo(dataDir: string, fileName: string, bytes: Buffer): Promise<string> {
  if (bytes.length > MAX_LOGO_BYTES) {
    throw new AppError('invalid_argument', {
      en: `The logo ${fileName} is ${(bytes.length / 2 ** 20).toFixed(1)} MB; at most 4 MB is taken.`,
      'zh-CN': `标志 ${fileName} 有 ${(bytes.length / 2 ** 20).toFixed(1)} MB;最多接受 4 MB。`,
    });
  }
  const dir = path.join(dataDir, 'logos');
  fs.mkdirSync(dir, { recursive: true });
  const stem = path.basename(fileName).replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}_-]/gu, '_').slice(0, 40) || 'logo';
  const extension = (/\.(png|jpe?g|webp|tiff?|svg)$/i.exec(fileName)?.[1] ?? 'img').toLowerCase();
  const file = path.join(dir, `${stem}-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.${extension}`);
  if (fs.existsSync(file)) return file;
  const part = `${file}.${process.pid}.part`;
  fs.writeFileSync(part, bytes);
  try {
    // Refused here, with the reason, rather than when the design is printed.
    await loadLogo(part);
    fs.renameSync(part, file);
  } catch (error) {
    fs.rmSync(part, { force: true });
    if (error instanceof AppError) throw new AppError('invalid_argument', { en: `The logo ${fileName} is not an image QR Pack can read (PNG, JPEG, WebP, TIFF or SVG).`, 'zh-CN': `标志 ${fileName} 不是可读取的图片(PNG、JPEG、WebP、TIFF 或 SVG)。` });
    throw error;
  }
  return file;
}

/** A logo as labels print it: flattened on white and made grey (K), never RGB. */
export async function prepareLogo(file: string): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp(file).flatten({ background: '#ffffff' }).greyscale().toColourspace('b-w').png().toBuffer();
}

/** A design's logo, read and prepared, or a plain error naming the file. */
export async function loadLogo(file: string): Promise<Buffer> {
  if (!fs.existsSync(file)) {
    throw new AppError('invalid_argument', { en: `The logo file ${file} does not exist.`, 'zh-CN': `标志文件 ${file} 不存在。` });
  }
  try {
    return await prepareLogo(file);
  } catch {
    throw new AppError('invalid_argument', {
      en: `The logo ${file} is not an image QR Pack can read (PNG, JPEG, WebP, TIFF or SVG).`,
      'zh-CN': `标志 ${file} 不是可读取的图片(PNG、JPEG、WebP、TIFF 或 SVG)。`,
    });
  }
}
