import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../appError';
import { sendBytes } from '../../../wechat/jsonTransport';

const PARALLEL_DOWNLOADS = 8;

/** WeChat's own QR images (pic_url), downloaded once and kept under `<data>/pic-cache/`. */
export class PicCache {
  constructor(private readonly dir: string) {}

  fileOf(url: string): string {
    return path.join(this.dir, `${createHash('sha256').update(url).digest('hex').slice(0, 32)}.png`);
  }

  /** Downloads what is not cached yet, a few at a time. */
  async fetchAll(urls: string[], timeoutMs = 15_000): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
    const missing = [...new Set(urls)].filter((url) => !fs.existsSync(this.fileOf(url)));
    let next = 0;
    const worker = async () => {
      while (next < missing.length) {
        const url = missing[next++]!;
        const reply = await sendBytes(new URL(url), timeoutMs).catch((error: unknown) => {
          throw new AppError('internal', {
            en: `Could not download WeChat's image ${url}: ${(error as Error).message}`,
            'zh-CN': `无法下载微信的二维码图片 ${url}:${(error as Error).message}`,
          });
        });
        if (reply.status !== 200) {
          throw new AppError('internal', { en: `WeChat's image ${url} answered HTTP ${reply.status}.`, 'zh-CN': `微信的二维码图片 ${url} 返回 HTTP ${reply.status}。` });
        }
        const file = this.fileOf(url);
        fs.writeFileSync(`${file}.tmp`, reply.body);
        fs.renameSync(`${file}.tmp`, file);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, worker));
  }
}
