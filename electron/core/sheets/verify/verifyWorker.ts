import { parentPort } from 'node:worker_threads';
import { decodeCells, type LabelCells } from './verifyTask';

/**
 * Worker side of the decode pool: decodes the cells of one page at a time (zxing only — it renders
 * nothing). Pages are taken strictly in turn: interleaved, their decodes kept each other's garbage
 * alive and the small heap ran out.
 */
let queue: Promise<void> = Promise.resolve();

parentPort!.on('message', (message: { id: number; labels: LabelCells[] } | { close: true }) => {
  if ('close' in message) {
    parentPort!.removeAllListeners();
    parentPort!.close();
    return;
  }
  queue = queue.then(async () => {
    try {
      parentPort!.postMessage({ id: message.id, mismatches: await decodeCells(message.labels) });
    } catch (error) {
      parentPort!.postMessage({ id: message.id, error: (error as Error).message });
    }
  });
});
