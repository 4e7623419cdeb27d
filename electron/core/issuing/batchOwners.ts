import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { AppError } from '../appError';
import { isProcessAlive } from '../processAlive';
import type { Db } from '../store/openStore';

export type OwnerRequest = 'pause' | 'cancel';

export interface BatchOwner {
  pid: number;
  host: string;
  runId: string;
  since: string;
  request: OwnerRequest | null;
}

/** This process's claims are told apart from a dead process's with a reused pid by this id. */
const PROCESS_RUN_ID = randomUUID();
const HOST = os.hostname();

interface OwnerRow {
  pid: number;
  host: string;
  run_id: string;
  since: string;
  request: OwnerRequest | null;
}

const toOwner = (row: OwnerRow): BatchOwner => ({ pid: row.pid, host: row.host, runId: row.run_id, since: row.since, request: row.request });

/**
 * Who issues a batch, across every process on one data folder (the app, `qrpack ui`, CLI runs):
 * a row taken inside a write transaction, so of any number of processes racing for a batch exactly
 * one gets it. A row left by a dead process (a crash, a kill -9) is taken over; a row held by a
 * live process — or by another computer sharing the folder, whose processes cannot be seen — is not.
 */
export class BatchOwners {
  constructor(private readonly db: Db) {}

  /** The live owner, if any (a dead owner's row counts as none). */
  liveOwner(batchId: number): BatchOwner | null {
    const row = this.db.prepare<[number], OwnerRow>('SELECT pid, host, run_id, since, request FROM batch_owners WHERE batch_id = ?').get(batchId);
    return row && this.holds(row) ? toOwner(row) : null;
  }

  /** Whether an owner is this process. */
  isThisProcess(owner: BatchOwner): boolean {
    return owner.runId === PROCESS_RUN_ID;
  }

  /** Takes the batch for this process in one atomic step, or throws naming who holds it. */
  claim(batchId: number): void {
    this.db.transaction(() => {
      const owner = this.liveOwner(batchId);
      if (owner) throw heldBy(batchId, owner);
      this.db
        .prepare(
          `INSERT INTO batch_owners (batch_id, pid, host, run_id, since, request) VALUES (?, ?, ?, ?, ?, NULL)
           ON CONFLICT (batch_id) DO UPDATE SET pid = excluded.pid, host = excluded.host, run_id = excluded.run_id, since = excluded.since, request = NULL`,
        )
        .run(batchId, process.pid, HOST, PROCESS_RUN_ID, new Date().toISOString());
    }).immediate();
  }

  /** Gives the batch up (only this process's own claim). */
  release(batchId: number): void {
    this.db.prepare('DELETE FROM batch_owners WHERE batch_id = ? AND run_id = ?').run(batchId, PROCESS_RUN_ID);
  }

  /**
   * Asks the live owner in another process to pause or cancel; false when no live owner holds the
   * batch (then the caller acts itself). A cancel is never downgraded to a pause.
   */
  request(batchId: number, request: OwnerRequest): boolean {
    return this.db.transaction(() => {
      const owner = this.liveOwner(batchId);
      if (!owner) return false;
      if (owner.request !== 'cancel') this.db.prepare('UPDATE batch_owners SET request = ? WHERE batch_id = ?').run(request, batchId);
      return true;
    }).immediate();
  }

  /** What other processes asked of this process's run, read by the owner on its progress tick. */
  requested(batchId: number): OwnerRequest | null {
    return (
      this.db.prepare<[number, string], OwnerRequest | null>('SELECT request FROM batch_owners WHERE batch_id = ? AND run_id = ?').pluck().get(batchId, PROCESS_RUN_ID) ?? null
    );
  }

  private holds(row: OwnerRow): boolean {
    if (row.run_id === PROCESS_RUN_ID) return true;
    // Processes on another computer sharing the folder cannot be checked: assume they live.
    if (row.host !== HOST) return true;
    return row.pid !== process.pid && isProcessAlive(row.pid);
  }
}

export function heldBy(batchId: number, owner: BatchOwner): AppError {
  if (owner.runId === PROCESS_RUN_ID) {
    return new AppError('conflict', { en: `Batch ${batchId} is already being issued.`, 'zh-CN': `批次 ${batchId} 已在发码中。` });
  }
  const where = owner.host === HOST ? `pid ${owner.pid}` : `pid ${owner.pid} on ${owner.host}`;
  const whereZh = owner.host === HOST ? `pid ${owner.pid}` : `${owner.host} 上的 pid ${owner.pid}`;
  return new AppError('conflict', {
    en: `Batch ${batchId} is being issued by another QR Pack process (${where}, since ${owner.since}). Let it finish, or pause it there.`,
    'zh-CN': `批次 ${batchId} 正由另一个 QR Pack 进程(${whereZh},自 ${owner.since} 起)发码。请等其完成,或在那里暂停。`,
  });
}
