import type { BatchView } from '../../../shared/contract';
import type { ActionLog } from '../audit/actionLog';
import { AppError } from '../appError';
import type { Log } from '../log/logFile';
import type { Db } from '../store/openStore';
import type { WechatClient } from '../wechat/wechatClient';
import { checkExtinfo, checkQrcodeSize } from '../wechat/requestChecks';
import { checkPlan, expandPattern, readExtinfoFile, type ExtinfoSource } from './batchPlan';
import { BatchLocks } from './batchLock';
import { BatchRepo, type BatchRow } from './batchRepo';
import { IssueEngine, type BatchProgress, type RunOptions } from './issueEngine';

export interface PlanInput {
  product: { keystandard: string; keystr: string };
  qrcodeSizePx: number;
  name?: string;
  source: ExtinfoSource;
}

/** Batches as the user works with them: plan (checked, then stored whole), issue, pause, cancel. */
export class BatchService {
  readonly repo: BatchRepo;
  readonly engine: IssueEngine;

  constructor(
    db: Db,
    clientFor: (accountId: string) => Promise<WechatClient>,
    onProgress: (progress: BatchProgress) => void,
    log: Log,
    private readonly actions: ActionLog,
    dataDir: string,
  ) {
    this.repo = new BatchRepo(db);
    this.engine = new IssueEngine(this.repo, clientFor, onProgress, log, new BatchLocks(dataDir));
  }

  /** Checks every extinfo, then writes the whole plan in one transaction, or nothing. */
  plan(accountId: string, input: PlanInput): BatchRow {
    checkQrcodeSize(input.qrcodeSizePx, '/scan/product/getqrcode');
    const planned =
      input.source.kind === 'pattern'
        ? expandPattern(input.source.pattern, input.source.start, input.source.count, input.source.step)
        : readExtinfoFile(input.source.fileName, input.source.content, input.source.column);
    checkPlan(planned);
    const source =
      input.source.kind === 'pattern'
        ? input.source
        : { kind: 'file', fileName: input.source.fileName, column: input.source.column ?? null };
    const name = input.name?.trim() || `${input.product.keystr} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
    return this.repo.get(this.repo.createPlan({ accountId, name, ...input.product, qrcodeSizePx: input.qrcodeSizePx, source }, planned));
  }

  /** Issues in the background (the UI follows batchProgress events). */
  start(id: number, options: RunOptions): BatchRow {
    const batch = this.repo.get(id);
    if (batch.state === 'done' || batch.state === 'cancelled') {
      throw new AppError('conflict', {
        en: `Batch ${id} is ${batch.state === 'done' ? 'already complete' : 'cancelled'}; nothing to issue.`,
        'zh-CN': `批次 ${id} ${batch.state === 'done' ? '已全部完成' : '已取消'},没有需要发码的内容。`,
      });
    }
    void this.engine.run(id, options);
    return this.repo.get(id);
  }

  /** Issues and waits for the end (the CLI). */
  run(id: number, options: RunOptions = {}): Promise<BatchRow> {
    return this.engine.run(id, options);
  }

  pause(id: number): BatchRow {
    this.engine.pause(id);
    return this.repo.get(id);
  }

  cancel(id: number): BatchRow {
    this.engine.cancel(id);
    return this.repo.get(id);
  }

  view(batch: BatchRow): BatchView {
    return { ...batch, active: this.engine.isRunning(batch.id) };
  }

  /** Clears a logged code's scan record on WeChat's side; recorded in the audit either way. */
  async clearScanRecord(accountId: string, client: WechatClient, key: { keystandard: string; keystr: string }, extinfo: string) {
    checkExtinfo(extinfo, '/scan/scanticket/check');
    if (!this.repo.findCode(accountId, key.keystandard, key.keystr, extinfo)) {
      throw new AppError('not_found', {
        en: `${key.keystandard}:${key.keystr} / ${extinfo} is not in this account's log.`,
        'zh-CN': `此账号的日志中没有 ${key.keystandard}:${key.keystr} / ${extinfo}。`,
      });
    }
    const target = `${key.keystandard}:${key.keystr}/${extinfo}`;
    await this.actions.audited(accountId, 'clearScanRecord', target, { ...key, extinfo }, () => client.scan.clearScanRecord(key, extinfo));
    return this.actions.list({ accountId, limit: 1 })[0]!;
  }
}
