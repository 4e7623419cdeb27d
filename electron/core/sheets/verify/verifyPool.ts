import type { Worker } from 'node:worker_threads';
import { decodeCells, type LabelCells, type LabelMismatch } from './verifyTask';
import { startSheetWorker } from '../workerFile';

/**
 * Decodes rendered label cells on worker threads, so verification uses every core while the
 * exporting thread renders the next page. Each worker holds only the decoder (≈30 MB): one
 * renderer for the export, not one per core, keeps memory within bounds. With 0 workers, cells
 * are decoded in this thread.
 */
export class DecodePool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (mismatches: LabelMismatch[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(workerCount: number) {
    for (let i = 0; i < workerCount; i++) {
      const worker = startSheetWorker('verify/verifyWorker', { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 });
      worker.on('message', (reply: { id: number; mismatches?: LabelMismatch[]; error?: string }) => {
        const waiter = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
        else waiter?.resolve(reply.mismatches!);
      });
      worker.on('error', (error) => {
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      });
      this.workers.push(worker);
    }
  }

  get size(): number {
    return Math.max(1, this.workers.length);
  }

  decode(labels: LabelCells[]): Promise<LabelMismatch[]> {
    if (!this.workers.length) return decodeCells(labels);
    const id = this.nextId++;
    // The pixels move to the worker rather than being copied.
    const transfer = labels.flatMap((l) => [l.cell.data.buffer, ...(l.bars ? [l.bars.image.data.buffer] : [])]) as ArrayBuffer[];
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length]!.postMessage({ id, labels }, transfer);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }
}
