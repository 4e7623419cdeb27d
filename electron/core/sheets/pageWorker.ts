import { deflateSync } from 'node:zlib';
import { parentPort } from 'node:worker_threads';
import { pageContent, type PageLabel, type SheetJob } from './pageContent';

/** Worker side of the page pool: builds and deflates page content streams. */
let job: SheetJob | undefined;
parentPort!.on('message', (message: { job?: SheetJob; page?: number; labels?: PageLabel[]; close?: true }) => {
  if (message.close) {
    parentPort!.removeAllListeners();
    parentPort!.close();
    return;
  }
  if (message.job) {
    job = message.job;
    return;
  }
  const { content, placed } = pageContent(job!, message.page!, message.labels!);
  // A copy: a small Buffer may share the worker's pool, which a transfer would detach.
  const bytes = new Uint8Array(deflateSync(Buffer.from(content, 'latin1')));
  parentPort!.postMessage({ page: message.page, bytes, rawBytes: content.length, placed }, [bytes.buffer]);
});
