import type { BatchProgressEvent } from '../../shared/contract';
import type { QrPackApp } from '../core/app';
import { waitingFor } from '../core/issuing/batchOwners';
import type { BatchKind, BatchRow } from '../core/issuing/batchRepo';
import type { CliContext } from './command';
import { optionalNumber, optionalWholeNumber } from './optionValues';

const PRINT_EVERY_MS = 1000;
export const EXIT_STOPPED = 3;
export const EXIT_INTERRUPTED = 130;

export function runOptions(values: Record<string, unknown>): { concurrency?: number; ratePerS?: number } {
  const concurrency = optionalWholeNumber('concurrency', values.concurrency, { min: 1, max: 64 });
  const ratePerS = optionalNumber('rate', values.rate, { above: 0, max: 100_000 });
  return { concurrency, ratePerS };
}

/** A deposit's codes are deposited, every other kind's issued. */
const verbs = (kind: BatchKind) => (kind === 'deposit' ? { en: 'deposited', zh: '已导入' } : { en: 'issued', zh: '已发' });

function describe(progress: BatchProgressEvent, kind: BatchKind, zh: boolean): string {
  const done = progress.issued + progress.failed;
  const pct = progress.total ? Math.floor((done / progress.total) * 100) : 100;
  const eta = progress.etaS === null ? '' : ` · ETA ${Math.ceil(progress.etaS)} s`;
  const verb = verbs(kind);
  return zh
    ? `批次 ${progress.batchId}:${verb.zh} ${progress.issued}/${progress.total}(${pct}%),失败 ${progress.failed} · ${Math.round(progress.ratePerS)}/s${eta}`
    : `batch ${progress.batchId}: ${progress.issued}/${progress.total} ${verb.en} (${pct}%), ${progress.failed} failed · ${Math.round(progress.ratePerS)}/s${eta}`;
}

/**
 * Issues a batch to its end, printing progress to stderr at most once a second. Ctrl-C pauses it
 * cleanly (results in flight are stored) and exits 130; a stop exits 3 with the reason.
 */
export async function runBatchToEnd(ctx: CliContext, app: QrPackApp, batchId: number, values: Record<string, unknown>): Promise<number> {
  const options = runOptions(values);
  const zh = ctx.language === 'zh-CN';
  const kind = app.batches.repo.get(batchId).kind;
  const verb = verbs(kind);
  let lastPrintMs = 0;
  const unsubscribe = app.onEvent((event, payload) => {
    if (event !== 'batchProgress') return;
    const progress = payload as BatchProgressEvent;
    if (progress.batchId !== batchId || performance.now() - lastPrintMs < PRINT_EVERY_MS) return;
    lastPrintMs = performance.now();
    ctx.err(describe(progress, kind, zh));
  });
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    app.batches.pause(batchId);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const startedMs = performance.now();
  let batch: BatchRow;
  try {
    batch = await app.batches.run(batchId, { ...options, onWait: (owner, waitMs) => ctx.err(waitingFor(batchId, owner, waitMs)[ctx.language]) });
  } finally {
    unsubscribe();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  if (batch.state === 'done') {
    ctx.out(zh ? `批次 ${batchId} 完成:${verb.zh} ${batch.issued},失败 ${batch.failed},用时 ${seconds} 秒` : `batch ${batchId} done: ${batch.issued} ${verb.en}, ${batch.failed} failed in ${seconds} s`);
    return batch.failed ? EXIT_STOPPED : 0;
  }
  if (batch.state === 'cancelled') {
    ctx.err(
      zh
        ? `批次 ${batchId} 已取消:${verb.zh} ${batch.issued} 个,保留在日志中;其余未请求。`
        : `batch ${batchId} cancelled: ${batch.issued} ${verb.en} and kept in the log; the rest were not requested`,
    );
    return EXIT_STOPPED;
  }
  if (batch.state === 'stopped') {
    const reason = batch.stopReason ? batch.stopReason[ctx.language] : '';
    const code = batch.stopErrcode === null ? '' : ` (errcode ${batch.stopErrcode})`;
    ctx.err(zh ? `批次 ${batchId} 已停止${code}:${reason}` : `batch ${batchId} stopped${code}: ${reason}`);
  } else {
    ctx.err(zh ? `批次 ${batchId} 已暂停:${verb.zh} ${batch.issued}/${batch.codeCount}` : `batch ${batchId} paused: ${batch.issued}/${batch.codeCount} ${verb.en}`);
  }
  ctx.err(zh ? `继续:qrpack resume ${batchId}` : `resume with: qrpack resume ${batchId}`);
  return interrupted ? EXIT_INTERRUPTED : EXIT_STOPPED;
}
