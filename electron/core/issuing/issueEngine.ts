import type { LocalizedText } from '../../../shared/text';
import { AppError } from '../appError';
import type { Log } from '../log/logFile';
import type { WechatClient } from '../wechat/wechatClient';
import { WechatError } from '../wechat/wechatError';
import type { BatchLocks } from './batchLock';
import type { BatchRepo, BatchRow, BatchState, CodeResult } from './batchRepo';
import { RateLimiter } from './rateLimiter';

export interface RunOptions {
  /** Calls in flight at once. */
  concurrency?: number;
  /** Calls per second at most (none: as fast as the concurrency allows). */
  ratePerS?: number;
}

export interface BatchProgress {
  batchId: number;
  state: BatchState;
  total: number;
  issued: number;
  failed: number;
  pending: number;
  /** Codes per second over the last few seconds. */
  ratePerS: number;
  /** Seconds to go at that rate; null when unknown. */
  etaS: number | null;
}

export const DEFAULT_CONCURRENCY = 8;
const PAGE_SIZE = 2000;
const PROGRESS_EVERY_MS = 250;
const RATE_WINDOW_MS = 5000;
/** Errors about one code's own input: that code fails, the batch goes on. */
const CODE_ERRCODES = new Set([61314, 61351]);

interface Control {
  pause: boolean;
  cancel: boolean;
}

/**
 * Issues a batch's pending codes: a bounded number of getqrcode calls in flight, an optional rate
 * limit, each result stored as it arrives (results of one event-loop turn share a transaction, so
 * a kill loses at most the calls in flight — and getqrcode is idempotent per extinfo, so those are
 * simply redone on resume). A non-retryable error stops the batch with its reason stored.
 */
export class IssueEngine {
  private readonly controls = new Map<number, Control>();

  constructor(
    private readonly repo: BatchRepo,
    private readonly clientFor: (accountId: string) => Promise<WechatClient>,
    private readonly onProgress: (progress: BatchProgress) => void,
    private readonly log: Log,
    private readonly locks: BatchLocks,
  ) {}

  isRunning(batchId: number): boolean {
    return this.controls.has(batchId);
  }

  pause(batchId: number): void {
    const control = this.controls.get(batchId);
    if (control) control.pause = true;
  }

  cancel(batchId: number): void {
    const control = this.controls.get(batchId);
    if (control) control.cancel = true;
    else if (this.repo.get(batchId).state !== 'done') this.finishCancel(batchId);
  }

  /** Runs (or resumes) a batch until it is done, paused, stopped or cancelled. */
  async run(batchId: number, options: RunOptions = {}): Promise<BatchRow> {
    const batch = this.repo.get(batchId);
    if (batch.state === 'done' || batch.state === 'cancelled') return batch;
    if (this.controls.has(batchId)) {
      throw new AppError('conflict', { en: `Batch ${batchId} is already running.`, 'zh-CN': `批次 ${batchId} 已在运行。` });
    }
    const release = this.locks.acquire(batchId);
    const control: Control = { pause: false, cancel: false };
    this.controls.set(batchId, control);
    try {
      return await this.issue(batch, control, options);
    } finally {
      this.controls.delete(batchId);
      release();
    }
  }

  private async issue(batch: BatchRow, control: Control, options: RunOptions): Promise<BatchRow> {
    this.repo.setState(batch.id, 'running');
    const counts = this.repo.counts(batch.id);
    let { issued, failed } = counts;
    // (time, codes done) at each progress tick: the rate is the difference across the window, so
    // nothing is kept per code — the window holds about twenty samples, whatever the rate.
    const samples: { atMs: number; done: number }[] = [{ atMs: performance.now(), done: issued + failed }];
    const progress = (state: BatchState): BatchProgress => {
      const now = performance.now();
      samples.push({ atMs: now, done: issued + failed });
      while (samples.length > 2 && samples[1]!.atMs <= now - RATE_WINDOW_MS) samples.shift();
      const first = samples[0]!;
      const elapsedS = (now - first.atMs) / 1000;
      const ratePerS = elapsedS > 0.2 ? (issued + failed - first.done) / elapsedS : 0;
      const pending = batch.codeCount - issued - failed;
      return { batchId: batch.id, state, total: batch.codeCount, issued, failed, pending, ratePerS, etaS: ratePerS > 0 ? pending / ratePerS : null };
    };
    this.onProgress(progress('running'));
    const ticker = setInterval(() => this.onProgress(progress('running')), PROGRESS_EVERY_MS);

    let stop: { errcode: number | null; reason: LocalizedText } | undefined;
    let client: WechatClient;
    try {
      client = await this.clientFor(batch.accountId);
    } catch (error) {
      clearInterval(ticker);
      return this.end(batch.id, 'stopped', progress, this.stopOf(error));
    }

    // Results wait for the end of the current event-loop turn, then go to the store together.
    let unsaved: CodeResult[] = [];
    let flushScheduled = false;
    const flush = () => {
      flushScheduled = false;
      const results = unsaved;
      unsaved = [];
      this.repo.saveResults(results);
    };
    const save = (result: CodeResult) => {
      unsaved.push(result);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
    };

    let page: { id: number; seq: number; extinfo: string; attempts: number }[] = [];
    let afterSeq = 0;
    const next = () => {
      if (!page.length) {
        page = this.repo.pendingAfter(batch.id, afterSeq, PAGE_SIZE).reverse();
        if (page.length) afterSeq = page[0]!.seq;
      }
      return page.pop();
    };

    const limiter = new RateLimiter(options.ratePerS);
    const key = { keystandard: batch.keystandard, keystr: batch.keystr };
    const worker = async () => {
      for (;;) {
        if (stop || control.pause || control.cancel) return;
        const code = next();
        if (!code) return;
        await limiter.take();
        if (stop || control.pause || control.cancel) return;
        const attempts = code.attempts + 1;
        try {
          const reply = await client.scan.getQrcode(key, code.extinfo, batch.qrcodeSizePx);
          issued++;
          save({ id: code.id, status: 'issued', content: reply.qrcode_url, picUrl: reply.pic_url, attempts, issuedAt: new Date().toISOString() });
        } catch (error) {
          if (error instanceof WechatError && CODE_ERRCODES.has(error.errcode)) {
            failed++;
            save({ id: code.id, status: 'failed', errcode: error.errcode, attempts, issuedAt: new Date().toISOString() });
          } else {
            stop ??= this.stopOf(error);
            return;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY) }, worker));
    clearInterval(ticker);
    flush();

    if (control.cancel) return this.finishCancel(batch.id, progress);
    if (stop) return this.end(batch.id, 'stopped', progress, stop);
    if (control.pause) return this.end(batch.id, 'paused', progress);
    const left = this.repo.counts(batch.id).pending;
    return this.end(batch.id, left === 0 ? 'done' : 'paused', progress);
  }

  private finishCancel(batchId: number, progress?: (state: BatchState) => BatchProgress): BatchRow {
    this.repo.dropPending(batchId);
    this.repo.setState(batchId, 'cancelled');
    const batch = this.repo.get(batchId);
    if (progress) this.onProgress({ ...progress('cancelled'), total: batch.codeCount, pending: 0 });
    return batch;
  }

  private end(
    batchId: number,
    state: BatchState,
    progress: (state: BatchState) => BatchProgress,
    stop?: { errcode: number | null; reason: LocalizedText },
  ): BatchRow {
    this.repo.setState(batchId, state, stop && { errcode: stop.errcode, reason: JSON.stringify(stop.reason) });
    this.onProgress(progress(state));
    return this.repo.get(batchId);
  }

  private stopOf(error: unknown): { errcode: number | null; reason: LocalizedText } {
    if (error instanceof WechatError) return { errcode: error.errcode, reason: error.text };
    if (error instanceof AppError) return { errcode: null, reason: error.text };
    this.log.write('error', 'issuing stopped by an unexpected error', error);
    return { errcode: null, reason: { en: `Unexpected error: ${String(error)}`, 'zh-CN': `意外错误:${String(error)}` } };
  }
}
