import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../appError';
import { SANDBOX_ACCOUNT_ID, type AccountRecord, type AccountRepo } from '../accounts/accountRepo';
import type { BatchRepo } from '../issuing/batchRepo';
import type { Db } from '../store/openStore';
import { checkLedgerFile, ledgerFileCodes, writeLedgerFile, type LedgerFileSummary } from './ledgerFile';
import { openLedgerDatabase, type LedgerDatabase } from './ledgerDatabase';
import { enrolStation, initLedger } from './ledgerEnrolment';
import { pushToLedger, type LedgerPushReport } from './ledgerPush';
import { claimText, enrolmentLine, readEnrolmentLine } from './pushClaim';
import { stationCodes } from './stationCodes';
import { fingerprintOf, type Station, type StationIdentity } from './stationIdentity';

/** Which codes to send: one account's (by AppID; default the active one), optionally one batch. */
export interface LedgerSelection {
  appid?: string;
  batchId?: number;
}

export interface StationView extends Station {
  fingerprint: string;
  /** What the print shop sends the brand's administrator to be enrolled. */
  enrolmentLine: string;
}

/**
 * This station and the shared ledger: its issued product codes and their activation pushed to
 * PostgreSQL, or carried on a signed file to a machine that can reach it; and the administrator's
 * side (setting a ledger up for its AppID, enrolling stations).
 */
export class LedgerSync {
  constructor(
    private readonly db: Db,
    readonly identity: StationIdentity,
    private readonly batches: BatchRepo,
    private readonly accounts: AccountRepo,
    private readonly activeAccountId: () => string,
  ) {}

  station(): StationView {
    const station = this.identity.current();
    return { ...station, fingerprint: fingerprintOf(station.publicKey), enrolmentLine: enrolmentLine(station) };
  }

  async init(url: string, appid: string): Promise<'created' | 'already'> {
    return this.withLedger(url, (ledger) => initLedger(ledger, appid));
  }

  /** Enrols the station an enrolment line names; the station's name, id and fingerprint come back to be shown. */
  async enrol(url: string, line: string, replace: boolean): Promise<StationView & { outcome: 'enrolled' | 'already' | 'replaced' }> {
    const station = readEnrolmentLine(line.trim());
    if (!station) {
      throw new AppError('invalid_argument', {
        en: 'ledger enrol: give the whole line the station printed (qrpack ledger station), starting qrpack-station:',
        'zh-CN': 'ledger enrol:请给出站点显示的完整登记行(qrpack ledger station),以 qrpack-station: 开头',
      });
    }
    const outcome = await this.withLedger(url, (ledger) => enrolStation(ledger, station, replace));
    return { ...station, fingerprint: fingerprintOf(station.publicKey), enrolmentLine: line.trim(), outcome };
  }

  async push(url: string, selection: LedgerSelection = {}): Promise<LedgerPushReport> {
    const account = this.accountOf(selection.appid);
    const chunks = this.codes(account, selection.batchId);
    const station = this.identity.current();
    return this.withLedger(url, (ledger) => {
      const seq = this.identity.nextSequence();
      const claim = { kind: 'push' as const, station: station.id, appid: account.appId, seq, sha256: null };
      return pushToLedger(ledger, { ...claim, signature: this.identity.sign(claimText(claim)) }, this.sandboxAppId(), chunks);
    });
  }

  /** Writes the codes to `file` (never over an existing file), signed; resolves to how many. */
  async exportFile(file: string, selection: LedgerSelection = {}): Promise<number> {
    const account = this.accountOf(selection.appid);
    const chunks = this.codes(account, selection.batchId);
    if (fs.existsSync(file)) {
      throw new AppError('conflict', { en: `${file} exists already: choose another name (nothing was written).`, 'zh-CN': `${file} 已存在:请换一个文件名(未写入任何内容)。` });
    }
    if (!fs.existsSync(path.dirname(file))) {
      throw new AppError('not_found', { en: `The folder ${path.dirname(file)} does not exist.`, 'zh-CN': `文件夹 ${path.dirname(file)} 不存在。` });
    }
    const station = this.identity.current();
    const signing = { station, appid: account.appId, seq: this.identity.nextSequence(), sign: (claim: Parameters<typeof claimText>[0]) => this.identity.sign(claimText(claim)) };
    return writeLedgerFile(file, signing, chunks);
  }

  /** Checks the whole file, then pushes its codes as the station that signed it. */
  async importFile(file: string, url: string): Promise<LedgerPushReport & { file: LedgerFileSummary }> {
    const summary = await checkLedgerFile(file);
    return this.withLedger(url, async (ledger) => ({ ...(await pushToLedger(ledger, summary.claim, this.sandboxAppId(), ledgerFileCodes(file))), file: summary }));
  }

  private async withLedger<T>(url: string, act: (ledger: LedgerDatabase) => Promise<T>): Promise<T> {
    const ledger = await openLedgerDatabase(url);
    try {
      return await act(ledger);
    } finally {
      await ledger.close();
    }
  }

  private sandboxAppId(): string {
    return this.accounts.get(SANDBOX_ACCOUNT_ID)!.appId;
  }

  private accountOf(appid: string | undefined): AccountRecord {
    if (appid === undefined) return this.accounts.get(this.activeAccountId())!;
    const account = this.accounts.list().find((a) => a.appId.toLowerCase() === appid.toLowerCase());
    if (!account) throw new AppError('not_found', { en: `--appid: this data folder has no account ${appid}.`, 'zh-CN': `--appid:此数据文件夹中没有账号 ${appid}。` });
    return account;
  }

  private codes(account: AccountRecord, batchId: number | undefined) {
    if (batchId !== undefined) {
      const batch = this.batches.get(batchId);
      if (batch.accountId !== account.id) throw new AppError('not_found', { en: `There is no batch ${batchId} in account ${account.appId}.`, 'zh-CN': `账号 ${account.appId} 中没有编号为 ${batchId} 的批次。` });
      if (batch.kind !== 'product') {
        throw new AppError('invalid_argument', {
          en: `Batch ${batchId} holds ${batch.kind} codes: the ledger holds product codes (the ones with anti-fake verdicts).`,
          'zh-CN': `批次 ${batchId} 不是商品码:账本只保存商品码(有防伪查询结果的码)。`,
        });
      }
    }
    return stationCodes(this.db, account.id, batchId);
  }
}
