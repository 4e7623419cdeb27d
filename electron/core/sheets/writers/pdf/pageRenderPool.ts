import type { Worker } from 'node:worker_threads';
import { ContentWriter, deflateContent } from './contentWriter';
import { pageContent, type PageLabel, type PlacedSymbol, type SheetJob } from './pageContent';
import { startSheetWorker } from '../../workerFile';

export interface RenderedPage {
  page: number;
  /** The page's content stream, deflated. */
  bytes: Uint8Array;
  rawBytes: number;
  placed: PlacedSymbol[];
}

/**
 * Builds and deflates page content streams on worker threads, so a sheet export uses every core
 * while the main thread only writes the PDF. With 0 workers, pages are built in this thread.
 */
export class PageRenderPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (page: RenderedPage) => void; reject: (error: Error) => void }>();
  private next = 0;
  /** For pages built in this thread (no workers). */
  private writer: ContentWriter | undefined;

  constructor(
    private readonly job: SheetJob,
    workerCount: number,
  ) {
    for (let i = 0; i < workerCount; i++) {
      // Small heaps: a worker's garbage (one page's strings) is collected early, so memory stays flat.
      // A barcode brings bwip-js (Barcode Writer in Pure PostScript), a large program of its own.
      const resourceLimits = { maxOldGenerationSizeMb: job.template.barcodes.length ? 64 : 16, maxYoungGenerationSizeMb: 2 };
      const worker = startSheetWorker('writers/pdf/pageWorker', resourceLimits);
      worker.postMessage({ job });
      worker.on('message', (result: RenderedPage) => {
        const waiter = this.waiting.get(result.page);
        this.waiting.delete(result.page);
        waiter?.resolve(result);
      });
      worker.on('error', (error) => {
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      });
      this.workers.push(worker);
    }
  }

  render(page: number, labels: PageLabel[]): Promise<RenderedPage> {
    if (!this.workers.length) {
      const { content, placed } = pageContent(this.job, page, labels, (this.writer ??= new ContentWriter()));
      return Promise.resolve({ page, bytes: deflateContent(content), rawBytes: content.length, placed });
    }
    return new Promise((resolve, reject) => {
      this.waiting.set(page, { resolve, reject });
      this.workers[this.next++ % this.workers.length]!.postMessage({ page, labels });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }
}
