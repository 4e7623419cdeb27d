import { parentPort } from 'node:worker_threads';
import { loadPdfium } from './pdfRasterizer';
import { loadDecoder } from './qrDecoder';
import { PageChecker, type PageTask } from './verifyTask';

/**
 * Worker side of the verify pool: renders and decodes one page at a time from the file as written.
 * PDFium and zxing are loaded as soon as the worker starts, while the export is still writing.
 * Pages are taken strictly in turn: interleaved, their decodes kept each other's garbage alive and
 * the small heap ran out.
 */
const checker = new PageChecker();
let queue: Promise<unknown> = Promise.all([loadPdfium(), loadDecoder()]);

parentPort!.on('message', (message: { id: number; task: PageTask }) => {
  queue = queue.then(async () => {
    try {
      parentPort!.postMessage({ id: message.id, mismatches: await checker.check(message.task) });
    } catch (error) {
      parentPort!.postMessage({ id: message.id, error: (error as Error).message });
    }
  });
});
