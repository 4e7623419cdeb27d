import { counted, type LocalizedText } from '../../../shared/text';
import { AppError } from '../appError';
import type { Log } from '../log/logFile';
import type { WechatClient } from '../wechat/wechatClient';
import { wasNotSent, WechatError } from '../wechat/wechatError';
import { isBusy, isStorageError, LOG_DATABASE, storageError } from '../store/storageError';
import type { BatchOwners, ClaimOptions } from './batchOwners';
import type { BatchRepo, BatchRow, BatchState, CodeResult, PendingCode } from './batchRepo';
import { codeSourceOf } from './codeSources';
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
/** A lease not renewed for this long (eight ticks) may have been taken over: checked before each call. */
const STALL_MS = 2_000;
/** Codes marked as sent in one write, ahead of their calls (at least one call's worth). */
const MARK_CHUNK = 16;
/** Errors about a call's own codes (extinfo, card code): those codes fail, the batch goes on. */
const CODE_ERRCODES = new Set([61314, 61351, 40056]);

interface Control {
  pause: boolean;
  cancel: boolean;
  /** Another process took the lease over (this one stalled past it): stop sending, write nothing of the batch's state. */
  lost: boolean;
}

type Stop = { errcode: number | null; reason: LocalizedText };

/**
 * Issues a batch's pending codes from its code source (codeSources: getqrcode, card QR tickets,
 * deposits of 100 codes a call). A bounded number of calls in flight, an optional rate limit, each
 * result stored as it arrives (results of one event-loop turn share a transaction, so a kill
 * loses at most the calls in flight, which a resume redoes: getqrcode and deposits are idempotent
 * per code, and a card ticket whose answer was lost is never printed). A non-retryable error stops the batch with its reason stored. A local source
 * (jump codes) has its codes written with the plan, so its batches are done when stored.
 *
 * One process owns a batch while it issues it (`BatchOwners`, a lease renewed on every progress
 * tick); pause and cancel from any other process are requests the owner reads on that tick, and
 * codes are marked as sent only while the lease is still this process's. Codes are marked as sent before
 * their calls go out, so a code WeChat may have answered is never dropped: a cancel asks WeChat
 * for those again and drops only codes never sent.
 */
export class IssueEngine {
  private readonly controls = new Map<number, Control>();

  constructor(
    private readonly repo: BatchRepo,
    private readonly owners: BatchOwners,
    private readonly clientFor: (accountId: string) => Promise<WechatClient>,
    private readonly onProgress: (progress: BatchProgress) => void,
    private readonly log: Log,
  ) {}

  /** Whether any process is issuing the batch now. */
  isRunning(batchId: number): boolean {
    return this.controls.has(batchId) || this.owners.liveOwner(batchId) !== null;
  }

  /**
   * Takes the batch for this process, atomically (waiting for a lapsing lease), or throws naming
   * who holds it. `issueClaimed` must follow. Split from `run` so a caller can answer the claim
   * before issuing in the background.
   */
  async claim(batchId: number, options: ClaimOptions = {}): Promise<BatchRow> {
    const batch = this.repo.get(batchId);
    if (batch.state === 'done' || batch.state === 'cancelled') {
      throw new AppError('conflict', {
        en: `Batch ${batchId} is ${batch.state === 'done' ? 'already complete' : 'cancelled'}; nothing to issue.`,
        'zh-CN': `批次 ${batchId} ${batch.state === 'done' ? '已全部完成' : '已取消'},没有需要发码的内容。`,
      });
    }
    // Refused, naming the holder, while any process — this one included — issues it.
    await this.owners.claim(batchId, options);
    this.controls.set(batchId, { pause: false, cancel: false, lost: false });
    return this.repo.get(batchId);
  }

  /** Issues a batch this process has claimed, until it is done, paused, stopped or cancelled. */
  async issueClaimed(batchId: number, options: RunOptions = {}): Promise<BatchRow> {
    const control = this.controls.get(batchId);
    if (!control) throw new Error(`batch ${batchId} was not claimed`);
    try {
      return await this.issue(this.repo.get(batchId), control, options);
    } catch (error) {
      throw isStorageError(error) ? storageError(error, LOG_DATABASE) : error;
    } finally {
      this.controls.delete(batchId);
      this.releaseQuietly(batchId);
    }
  }

  /** Runs (or resumes) a batch until it is done, paused, stopped or cancelled. */
  async run(batchId: number, options: RunOptions & ClaimOptions = {}): Promise<BatchRow> {
    const batch = this.repo.get(batchId);
    if (batch.state === 'done' || batch.state === 'cancelled') return batch;
    await this.claim(batchId, options);
    return this.issueClaimed(batchId, options);
  }

  /** Pauses the batch wherever it is issued; an interrupted batch nobody issues is marked paused. */
  pause(batchId: number): void {
    const control = this.controls.get(batchId);
    if (control) {
      control.pause = true;
      return;
    }
    if (this.owners.request(batchId, 'pause')) return;
    if (this.repo.get(batchId).state === 'running') this.repo.setState(batchId, 'paused');
  }

  /**
   * Cancels the batch: the owner (here, or in another process through a request) stops sending,
   * stores the answers in flight, asks WeChat again for codes in doubt, and drops the codes never
   * sent. With no owner, this process takes the batch and does the same.
   */
  async cancel(batchId: number): Promise<void> {
    const control = this.controls.get(batchId);
    if (control) {
      control.cancel = true;
      return;
    }
    if (this.owners.request(batchId, 'cancel')) return;
    const batch = this.repo.get(batchId);
    if (batch.state === 'done' || batch.state === 'cancelled') return;
    await this.claim(batchId);
    this.controls.get(batchId)!.cancel = true;
    await this.issueClaimed(batchId);
  }

  private async issue(batch: BatchRow, control: Control, options: RunOptions): Promise<BatchRow> {
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
    let stop: Stop | undefined;
    let renewedAtMs = performance.now();
    const tick = () => {
      try {
        const request = this.owners.renew(batch.id);
        renewedAtMs = performance.now();
        if (request === 'lost') control.lost = true;
        else if (request === 'cancel') control.cancel = true;
        else if (request === 'pause') control.pause = true;
      } catch (error) {
        // A renewal that waited out the write lock is tried again next tick; the lease outlives it.
        if (!isBusy(error)) stop ??= this.stopOf(error);
      }
      this.onProgress(progress(control.cancel ? 'cancelled' : 'running'));
    };

    // Results wait for the end of the current event-loop turn, then go to the store together.
    let unsaved: CodeResult[] = [];
    let flushScheduled = false;
    const flush = () => {
      flushScheduled = false;
      const results = unsaved;
      unsaved = [];
      try {
        this.repo.saveResults(results);
      } catch (error) {
        // Unsaved answers leave their codes marked as sent: a resume asks WeChat for them again.
        stop ??= this.stopOf(error);
      }
    };
    const save = (result: CodeResult) => {
      unsaved.push(result);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
    };

    let client: WechatClient | undefined;
    const limiter = new RateLimiter(options.ratePerS);
    const source = codeSourceOf(batch);
    /** Calls for codes from `take` until it runs dry or the batch must stop; `putBack` gets a code taken but not sent. */
    const worker = async (take: () => PendingCode | undefined, putBack: (code: PendingCode) => void, ignoreControls: boolean) => {
      // A local source's codes were written with the plan: none is ever pending.
      if (source.local) return;
      const halted = () => Boolean(stop) || control.lost || (!ignoreControls && (control.pause || control.cancel));
      for (;;) {
        if (halted()) return;
        const codes: PendingCode[] = [];
        while (codes.length < source.perCall) {
          const code = take();
          if (!code) break;
          codes.push(code);
        }
        if (!codes.length) return;
        await limiter.take();
        // Back from a stall (a stopped process, a suspended laptop) before the tick could renew:
        // ask the log whether the lease is still ours before anything more is sent.
        if (performance.now() - renewedAtMs > STALL_MS && !this.owners.holds(batch.id)) control.lost = true;
        if (halted()) {
          for (const code of codes.reverse()) putBack(code);
          return;
        }
        try {
          const outcomes = await source.obtain(client!, codes.map((c) => c.extinfo));
          const issuedAt = new Date().toISOString();
          codes.forEach((code, i) => {
            const outcome = outcomes[i]!;
            const attempts = code.attempts + 1;
            if (outcome.status === 'issued') {
              issued++;
              save({ id: code.id, status: 'issued', content: outcome.content ?? undefined, picUrl: outcome.picUrl ?? undefined, attempts, issuedAt });
            } else {
              failed++;
              save({ id: code.id, status: 'failed', errcode: outcome.errcode ?? undefined, attempts, issuedAt });
            }
          });
        } catch (error) {
          if (wasNotSent(error)) {
            // No token, no connection: the request never left, so WeChat cannot hold these codes.
            for (const code of codes.reverse()) putBack(code);
            stop ??= this.stopOf(error);
            return;
          }
          if (error instanceof WechatError && CODE_ERRCODES.has(error.errcode)) {
            failed += codes.length;
            for (const code of codes) save({ id: code.id, status: 'failed', errcode: error.errcode, attempts: code.attempts + 1, issuedAt: new Date().toISOString() });
          } else {
            stop ??= this.stopOf(error);
            return;
          }
        }
      }
    };
    const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
    const connect = async (): Promise<boolean> => {
      try {
        client ??= await this.clientFor(batch.accountId);
        return true;
      } catch (error) {
        stop ??= this.stopOf(error);
        return false;
      }
    };

    this.onProgress(progress('running'));
    const ticker = setInterval(tick, PROGRESS_EVERY_MS);
    try {
      if (!control.cancel) {
        this.repo.setState(batch.id, 'running');
        // Pages of pending codes in order; each run of markChunk is marked as sent before any of it goes out.
        const markChunk = Math.max(MARK_CHUNK, source.local ? 0 : source.perCall);
        let page: PendingCode[] = [];
        let afterSeq = 0;
        let marked: PendingCode[] = [];
        const fromPage = () => {
          if (!page.length) {
            page = this.repo.pendingAfter(batch.id, afterSeq, PAGE_SIZE).reverse();
            if (page.length) afterSeq = page[0]!.seq;
          }
          return page.pop();
        };
        const take = () => {
          if (!marked.length) {
            const chunk: PendingCode[] = [];
            while (chunk.length < markChunk) {
              const code = fromPage();
              if (!code) break;
              chunk.push(code);
            }
            if (!chunk.length) return undefined;
            try {
              // Fenced: a process whose lease was taken over while it stalled marks (and sends) nothing more.
              if (!this.owners.holds(batch.id)) {
                control.lost = true;
                return undefined;
              }
              this.repo.markSent(batch.id, chunk[0]!.seq, chunk.at(-1)!.seq);
            } catch (error) {
              stop ??= this.stopOf(error);
              return undefined;
            }
            marked = chunk.reverse();
          }
          return marked.pop();
        };
        if (await connect()) await Promise.all(Array.from({ length: concurrency }, () => worker(take, (code) => marked.push(code), false)));
        flush();
        try {
          this.repo.unmarkSent(marked);
        } catch {
          // Left marked, those codes are asked again on resume: harmless, getqrcode is idempotent.
        }
      }
      if (control.lost) throw takenOver(batch.id);
      if (control.cancel && !stop) {
        // Codes sent without a stored answer (this run's were all answered by now): ask again, keep.
        const doubts = this.repo.inDoubt(batch.id).reverse();
        if (doubts.length && (await connect())) {
          await Promise.all(Array.from({ length: Math.min(concurrency, doubts.length) }, () => worker(() => doubts.pop(), (code) => doubts.push(code), true)));
          flush();
        }
        // Workers set `stop` from their callbacks, which TypeScript's narrowing cannot see.
        const failure = stop as Stop | undefined;
        if (failure) {
          const left = this.repo.inDoubt(batch.id).length;
          return this.end(batch.id, 'stopped', progress, {
            errcode: failure.errcode,
            reason: {
              en: `Not cancelled yet: ${counted(left, 'code was', 'codes were')} sent to WeChat without an answer, and asking again failed: ${failure.reason.en} Cancel again once WeChat answers.`,
              'zh-CN': `尚未取消:有 ${left} 个码已发往微信但未收到应答,再次请求失败:${failure.reason['zh-CN']} 请在微信恢复应答后再次取消。`,
            },
          });
        }
        this.repo.transaction(() => {
          this.repo.dropUnsent(batch.id);
          this.repo.setState(batch.id, 'cancelled');
        });
        const cancelled = this.repo.get(batch.id);
        this.onProgress({ ...progress('cancelled'), total: cancelled.codeCount, pending: 0 });
        return cancelled;
      }
    } finally {
      clearInterval(ticker);
    }
    if (stop) return this.end(batch.id, 'stopped', progress, stop);
    if (control.pause) return this.end(batch.id, 'paused', progress);
    const left = this.repo.counts(batch.id).pending;
    return this.end(batch.id, left === 0 ? 'done' : 'paused', progress);
  }

  private end(batchId: number, state: BatchState, progress: (state: BatchState) => BatchProgress, stop?: Stop): BatchRow {
    this.repo.setState(batchId, state, stop && { errcode: stop.errcode, reason: JSON.stringify(stop.reason) });
    this.onProgress(progress(state));
    return this.repo.get(batchId);
  }

  private releaseQuietly(batchId: number): void {
    try {
      this.owners.release(batchId);
    } catch (error) {
      // A claim this process cannot delete (a full disk) dies with it: the next run takes it over.
      this.log.write('warn', `could not release batch ${batchId}`, error);
    }
  }

  private stopOf(error: unknown): Stop {
    if (error instanceof WechatError) return { errcode: error.errcode, reason: error.text };
    if (error instanceof AppError) return { errcode: null, reason: error.text };
    if (isStorageError(error)) return { errcode: null, reason: storageError(error, LOG_DATABASE).text };
    this.log.write('error', 'issuing stopped by an unexpected error', error);
    return { errcode: null, reason: { en: `Unexpected error: ${String(error)}`, 'zh-CN': `意外错误:${String(error)}` } };
  }
}

function takenOver(batchId: number): AppError {
  return new AppError('conflict', {
    en: `Batch ${batchId} was taken over by another QR Pack process while this one was held up (its claim lapsed); it goes on there. Nothing was lost.`,
    'zh-CN': `本进程受阻期间占用已失效,批次 ${batchId} 已由另一个 QR Pack 进程接手继续发码。没有任何数据丢失。`,
  });
}
