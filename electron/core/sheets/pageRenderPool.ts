import fs from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { pageContent, type PageLabel, type PlacedSymbol, type SheetJob } from './pageContent';

export interface RenderedPage {
  page: number;
  /** The page's content stream, deflated. */
  bytes: Uint8Array;
  rawBytes: number;
  placed: PlacedSymbol[];
}

/** The worker's file: beside this module from source (.ts), or the built entry in out/main. */
function workerFile(): URL {
  const candidates = ['./pageWorker.ts', './pageWorker.js', '../pageWorker.js'].map((p) => new URL(p, import.meta.url));
  const found = candidates.find((url) => fs.existsSync(fileURLToPath(url)));
  if (!found) throw new Error('page worker not found beside ' + import.meta.url);
  return found;
}

/**
 * Builds and deflates page content streams on worker threads, so a sheet export uses every core
 * while the main thread only writes the PDF. With 0 workers, pages are built in this thread.
 */
export class PageRenderPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (page: RenderedPage) => void; reject: (error: Error) => void }>();
  private next = 0;

  constructor(
    private readonly job: SheetJob,
    workerCount: number,
  ) {
    const file = workerFile();
    for (let i = 0; i < workerCount; i++) {
      // From source (tests, `npm run qrpack`), the worker registers tsx itself: Node 20 workers do
      // not inherit the parent's --import loader. Built code loads the .js entry directly.
      // Small heaps: a worker's garbage (one page's strings) is collected early, so memory stays flat.
      // A barcode brings bwip-js (Barcode Writer in Pure PostScript), a large program of its own.
      const resourceLimits = { maxOldGenerationSizeMb: job.template.barcode ? 64 : 16, maxYoungGenerationSizeMb: 2 };
      const worker = file.pathname.endsWith('.ts')
        ? new Worker(`import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(file.href)}))`, { eval: true, resourceLimits })
        : new Worker(file, { resourceLimits });
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
      const { content, placed } = pageContent(this.job, page, labels);
      return Promise.resolve({ page, bytes: deflateSync(Buffer.from(content, 'latin1')), rawBytes: content.length, placed });
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
