import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../appError';
import type { BatchRepo } from '../issuing/batchRepo';
import type { SettingsRepo } from '../settings/settingsRepo';
import type { Db } from '../store/openStore';
import { checkLedgerFile, ledgerFileCodes, writeLedgerFile, type LedgerFileSummary } from './ledgerFile';
import { openLedgerDatabase } from './ledgerDatabase';
import { pushToLedger, type LedgerPushReport } from './ledgerPush';
import { stationCodes, stationOf } from './stationCodes';

/**
 * This station and the shared ledger: its issued product codes and their activation pushed to
 * PostgreSQL, or carried on a checksummed file to a machine that can reach it.
 */
export class LedgerSync {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsRepo,
    private readonly batches: BatchRepo,
    private readonly accountId: () => string,
  ) {}

  async push(url: string, batchId?: number): Promise<LedgerPushReport> {
    const chunks = this.codes(batchId);
    const ledger = await openLedgerDatabase(url);
    try {
      return await pushToLedger(ledger, stationOf(this.settings), chunks);
    } finally {
      await ledger.close();
    }
  }

  /** Writes the codes to `file` (never over an existing file); resolves to how many. */
  async exportFile(file: string, batchId?: number): Promise<number> {
    const chunks = this.codes(batchId);
    if (fs.existsSync(file)) {
      throw new AppError('conflict', { en: `${file} exists already: choose another name (nothing was written).`, 'zh-CN': `${file} 已存在:请换一个文件名(未写入任何内容)。` });
    }
    if (!fs.existsSync(path.dirname(file))) {
      throw new AppError('not_found', { en: `The folder ${path.dirname(file)} does not exist.`, 'zh-CN': `文件夹 ${path.dirname(file)} 不存在。` });
    }
    return writeLedgerFile(file, stationOf(this.settings), chunks);
  }

  /** Checks the whole file, then pushes its codes as the station that wrote it. */
  async importFile(file: string, url: string): Promise<LedgerPushReport & { file: LedgerFileSummary }> {
    const summary = await checkLedgerFile(file);
    const ledger = await openLedgerDatabase(url);
    try {
      return { ...(await pushToLedger(ledger, summary.station, ledgerFileCodes(file))), file: summary };
    } finally {
      await ledger.close();
    }
  }

  private codes(batchId: number | undefined) {
    const accountId = this.accountId();
    if (batchId !== undefined) {
      const batch = this.batches.get(batchId);
      if (batch.accountId !== accountId) throw new AppError('not_found', { en: `There is no batch ${batchId} in this account.`, 'zh-CN': `此账号中没有编号为 ${batchId} 的批次。` });
      if (batch.kind !== 'product') {
        throw new AppError('invalid_argument', {
          en: `Batch ${batchId} holds ${batch.kind} codes: the ledger holds product codes (the ones with anti-fake verdicts).`,
          'zh-CN': `批次 ${batchId} 不是商品码:账本只保存商品码(有防伪查询结果的码)。`,
        });
      }
    }
    return stationCodes(this.db, accountId, batchId);
  }
}
