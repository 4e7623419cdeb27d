import type { Worker } from 'node:worker_threads';
import { PageChecker, type LabelMismatch, type PageTask } from './verifyTask';
import { startSheetWorker } from '../workerFile';

/**
 * Verifies pages on worker threads, each with its own PDFium and zxing: every core renders and
 * decodes, each page is parsed once (by the worker it is given to), and only the pages' numbers
 * and boxes cross threads, never pixels. A page goes to the worker with the fewest in hand. With
 * 0 workers, pages are checked in this thread. Workers past `startNow` start with the first page
 * to check: the export's page workers are gone by then, so their memory is not held at once.
 */
export class VerifyPool {
  private readonly workers: { worker: Worker; pending: number }[] = [];
  private readonly waiting = new Map<number, { resolve: (mismatches: LabelMismatch[]) => void; reject: (error: Error) => void; slot: { pending: number } }>();
  private nextId = 0;
  private local: PageChecker | undefined;
  /** Pages checked in this thread go strictly in turn: the checker's open file is one at a time. */
  private localTurn: Promise<unknown> = Promise.resolve();

  /** Workers the pool holds once checking has begun. */
  private readonly workerCount: number;

  constructor(workerCount: number, startNow = workerCount) {
    this.workerCount = workerCount;
    for (let i = 0; i < Math.min(startNow, workerCount); i++) this.start();
  }

  private start(): void {
    const worker = startSheetWorker('verify/verifyWorker', { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 });
    const slot = { worker, pending: 0 };
    worker.on('message', (reply: { id: number; mismatches?: LabelMismatch[]; error?: string }) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      slot.pending--;
      if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.mismatches!);
    });
    worker.on('error', (error) => {
      for (const [id, waiter] of this.waiting) {
        if (waiter.slot !== slot) continue;
        waiter.reject(error);
        this.waiting.delete(id);
      }
    });
    this.workers.push(slot);
  }

  get size(): number {
    return Math.max(1, this.workerCount);
  }

  check(task: PageTask): Promise<LabelMismatch[]> {
    while (this.workers.length < this.workerCount) this.start();
    if (!this.workers.length) {
      const checker = (this.local ??= new PageChecker());
      const checking = this.localTurn.then(() => checker.check(task));
      this.localTurn = checking.catch(() => {});
      return checking;
    }
    const id = this.nextId++;
    const slot = this.workers.reduce((least, w) => (w.pending < least.pending ? w : least));
    slot.pending++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ id, task });
    });
  }

  async close(): Promise<void> {
    await this.localTurn;
    await this.local?.close();
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
    this.workers.length = 0;
  }
}
