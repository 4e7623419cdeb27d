import type { ActionLog } from '../audit/actionLog';
import { AppError } from '../appError';
import type { BatchRepo } from '../issuing/batchRepo';
import type { Db } from '../store/openStore';

/**
 * A code answers `real` once its goods have left the press: activation marks a batch's issued
 * product codes (or a range of them) active, and can be undone for a range (goods destroyed).
 * Audited either way. Tester codes are never activated.
 */
export class Activation {
  constructor(
    private readonly db: Db,
    private readonly batches: BatchRepo,
    private readonly actions: ActionLog,
  ) {}

  set(batchId: number, range: { from: number; to: number } | undefined, active: boolean): number {
    const batch = this.batches.get(batchId);
    if (batch.kind !== 'product') {
      throw new AppError('invalid_argument', {
        en: `Batch ${batchId} holds ${batch.kind} codes: only product codes get anti-fake verdicts.`,
        'zh-CN': `批次 ${batchId} 不是商品码:只有商品码有防伪查询结果。`,
      });
    }
    if (batch.test && active) {
      throw new AppError('invalid_argument', { en: `Batch ${batchId} is a tester batch: its codes never answer "real".`, 'zh-CN': `批次 ${batchId} 是测试批次:其码永远不会被判定为真。` });
    }
    const { from, to } = range ?? { from: 1, to: batch.codeCount };
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to > batch.codeCount || from > to) {
      throw new AppError('invalid_argument', { en: `The range ${from}-${to} is outside batch ${batchId} (1-${batch.codeCount}).`, 'zh-CN': `范围 ${from}-${to} 超出了批次 ${batchId}(1-${batch.codeCount})。` });
    }
    const changed = this.db
      .prepare(`UPDATE codes SET active_at = ? WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued' AND (active_at IS NULL) = ?`)
      .run(active ? new Date().toISOString() : null, batchId, from, to, active ? 1 : 0).changes;
    this.actions.note(batch.accountId, active ? 'activateCodes' : 'deactivateCodes', `batch ${batchId} ${from}-${to}`, { batchId, from, to, changed });
    return changed;
  }
}
