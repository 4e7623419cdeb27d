import { parentPort } from 'node:worker_threads';
import { ContentWriter, deflateContent } from './contentWriter';
import { pageContent, type PageLabel, type SheetJob } from './pageContent';

/** Worker side of the page pool: builds and deflates page content streams. */
let job: SheetJob | undefined;
const writer = new ContentWriter();
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
  const { content, placed } = pageContent(job!, message.page!, message.labels!, writer);
  const bytes = deflateContent(content);
  parentPort!.postMessage({ page: message.page, bytes, rawBytes: content.length, placed }, [bytes.buffer]);
});
