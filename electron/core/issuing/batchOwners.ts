import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { AppError } from '../appError';
import { bootId, isProcessAlive, processStartToken } from '../processAlive';
import type { Db } from '../store/openStore';

export type OwnerRequest = 'pause' | 'cancel';

export interface BatchOwner {
  pid: number;
  host: string;
  runId: string;
  since: string;
  request: OwnerRequest | null;
  /** When the owner last renewed its lease, by the owner's clock (ms since the epoch). */
  renewedMs: number;
}

/**
 * How long a lease lives without a renewal. The owner renews it on every progress tick (250 ms),
 * but a renewal may wait up to 5 s for SQLite's write lock (the store's busy_timeout) while
 * another process writes a large plan: 8 s is longer than the slowest renewal of a live owner,
 * and short enough that a batch whose owner died on another computer goes on within seconds.
 */
export const LEASE_MS = 8_000;
/** A lease renewed within this is live; older but within LEASE_MS, it is lapsing (a claimant waits). */
const LIVE_MS = 2_000;
/** How often a waiting claimant looks at the lease again. */
const POLL_MS = 200;

/** This process's claims are told apart from a dead process's with a reused pid by this id. */
const PROCESS_RUN_ID = randomUUID();
const HOST = os.hostname();
const PROC_START = processStartToken(process.pid);
const BOOT_ID = bootId();

interface OwnerRow {
  pid: number;
  host: string;
  run_id: string;
  since: string;
  request: OwnerRequest | null;
  renewed_ms: number | null;
  beat: number;
  proc_start: string | null;
  boot_id: string | null;
}

const toOwner = (row: OwnerRow): BatchOwner => ({
  pid: row.pid,
  host: row.host,
  runId: row.run_id,
  since: row.since,
  request: row.request,
  renewedMs: row.renewed_ms ?? Date.parse(row.since),
});

/** What a claimant makes of a lease it meets. */
type Assessment = 'free' | 'mine' | 'live' | 'lapsing';

/** A remote lease watched by a claimant: lapsed when its beat has not moved for LEASE_MS of our clock. */
interface Watch {
  runId: string;
  beat: number;
  sinceMs: number;
}

export interface ClaimOptions {
  /** Told once when the claim waits for a lease to lapse, with the longest it may wait. */
  onWait?: (owner: BatchOwner, waitMs: number) => void;
}

/**
 * Who issues a batch, across every process on one data folder (the app, `qrpack ui`, CLI runs,
 * other computers sharing the folder): a lease taken inside a write transaction, so of any number
 * of claimants exactly one gets it, and renewed by its owner on every progress tick.
 *
 * A claimant takes over a lease whose owner is provably gone on this computer at once (no process,
 * a zombie, a pid now held by a process that started at another time, a pid from before a reboot);
 * a lease not renewed for LEASE_MS by this computer's clock; and a lease of another computer whose
 * renewal count it has watched stand still for LEASE_MS — clocks of two computers are never
 * compared. An owner that finds its lease taken (it was stopped, or its disk stalled) stops sending.
 */
export class BatchOwners {
  constructor(private readonly db: Db) {}

  /** The holder of a lease that is not known to have lapsed (for display and for requests). */
  liveOwner(batchId: number): BatchOwner | null {
    const row = this.row(batchId);
    if (!row) return null;
    const assessment = this.assess(row);
    return assessment === 'free' ? null : toOwner(row);
  }

  /** Whether an owner is this process. */
  isThisProcess(owner: BatchOwner): boolean {
    return owner.runId === PROCESS_RUN_ID;
  }

  /**
   * Takes the batch for this process in one atomic step. A live lease is refused, naming its
   * holder; a lapsing one (or one of another computer, whose clock is not ours) is waited for —
   * at most LEASE_MS and a poll — and taken when it lapses, refused when it is renewed.
   */
  async claim(batchId: number, options: ClaimOptions = {}): Promise<void> {
    let watch: Watch | undefined;
    let told = false;
    const startedMs = performance.now();
    for (;;) {
      const outcome = this.db.transaction((): { taken: true } | { taken: false; owner: BatchOwner; waitMs: number } => {
        const row = this.row(batchId);
        if (!row) return this.taken(batchId);
        if (row.host === HOST || row.run_id === PROCESS_RUN_ID) {
          const assessment = this.assess(row);
          if (assessment === 'free') return this.taken(batchId);
          if (assessment !== 'lapsing') throw heldBy(batchId, toOwner(row));
          return { taken: false, owner: toOwner(row), waitMs: Math.max(0, LEASE_MS - (Date.now() - toOwner(row).renewedMs)) };
        }
        // Another computer's lease: watched by our own clock, never compared with its clock.
        if (watch?.runId !== row.run_id) watch = { runId: row.run_id, beat: row.beat, sinceMs: performance.now() };
        else if (watch.beat !== row.beat) throw heldBy(batchId, toOwner(row));
        const watchedMs = performance.now() - watch.sinceMs;
        if (watchedMs >= LEASE_MS) return this.taken(batchId);
        return { taken: false, owner: toOwner(row), waitMs: LEASE_MS - watchedMs };
      }).immediate();
      if (outcome.taken) return;
      if (!told) {
        options.onWait?.(outcome.owner, outcome.waitMs);
        told = true;
      }
      // Bounded: a lease that neither lapses nor is renewed in this time is not one this code wrote.
      if (performance.now() - startedMs > LEASE_MS * 3) throw heldBy(batchId, outcome.owner);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Renews this process's lease and reads what other processes asked of it, in one statement;
   * 'lost' when the lease is no longer this process's (another took it over while this one stalled).
   */
  renew(batchId: number): OwnerRequest | null | 'lost' {
    const row = this.db
      .prepare<[number, number, string], { request: OwnerRequest | null }>(
        'UPDATE batch_owners SET renewed_ms = ?, beat = beat + 1 WHERE batch_id = ? AND run_id = ? RETURNING request',
      )
      .get(Date.now(), batchId, PROCESS_RUN_ID);
    return row ? row.request : 'lost';
  }

  /** Whether this process still holds the batch's lease (checked before codes are marked as sent). */
  holds(batchId: number): boolean {
    return this.db.prepare<[number, string], number>('SELECT 1 FROM batch_owners WHERE batch_id = ? AND run_id = ?').pluck().get(batchId, PROCESS_RUN_ID) === 1;
  }

  /** Gives the batch up (only this process's own claim). */
  release(batchId: number): void {
    this.db.prepare('DELETE FROM batch_owners WHERE batch_id = ? AND run_id = ?').run(batchId, PROCESS_RUN_ID);
  }

  /**
   * Asks the live owner in another process to pause or cancel; false when no owner holds the
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

  private row(batchId: number): OwnerRow | undefined {
    return this.db
      .prepare<[number], OwnerRow>('SELECT pid, host, run_id, since, request, renewed_ms, beat, proc_start, boot_id FROM batch_owners WHERE batch_id = ?')
      .get(batchId);
  }

  private taken(batchId: number): { taken: true } {
    this.take(batchId);
    return { taken: true };
  }

  private take(batchId: number): void {
    this.db
      .prepare(
        `INSERT INTO batch_owners (batch_id, pid, host, run_id, since, request, renewed_ms, beat, proc_start, boot_id) VALUES (?, ?, ?, ?, ?, NULL, ?, 0, ?, ?)
         ON CONFLICT (batch_id) DO UPDATE SET pid = excluded.pid, host = excluded.host, run_id = excluded.run_id, since = excluded.since,
           request = NULL, renewed_ms = excluded.renewed_ms, beat = 0, proc_start = excluded.proc_start, boot_id = excluded.boot_id`,
      )
      .run(batchId, process.pid, HOST, PROCESS_RUN_ID, new Date().toISOString(), Date.now(), PROC_START, BOOT_ID);
  }

  /**
   * What a lease is to this process without waiting. A remote lease counts as held while it is
   * younger than LEASE_MS by our clock: the best guess for display and requests (a claim watches it).
   */
  private assess(row: OwnerRow): Assessment {
    if (row.run_id === PROCESS_RUN_ID) return 'mine';
    const ageMs = Date.now() - (row.renewed_ms ?? Date.parse(row.since));
    if (row.host !== HOST) return ageMs > LEASE_MS ? 'free' : 'live';
    const rebooted = BOOT_ID !== null && row.boot_id !== null && row.boot_id !== BOOT_ID;
    if (rebooted || row.pid === process.pid || !isProcessAlive(row.pid, row.proc_start)) return 'free';
    if (ageMs > LEASE_MS) return 'free';
    return ageMs <= LIVE_MS ? 'live' : 'lapsing';
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

/** What a claim that waits says, in both languages. */
export function waitingFor(batchId: number, owner: BatchOwner, waitMs: number): { en: string; 'zh-CN': string } {
  const where = owner.host === HOST ? `pid ${owner.pid}` : `pid ${owner.pid} on ${owner.host}`;
  const whereZh = owner.host === HOST ? `pid ${owner.pid}` : `${owner.host} 上的 pid ${owner.pid}`;
  const s = Math.ceil(waitMs / 1000);
  if (owner.host !== HOST) {
    return {
      en: `Batch ${batchId} is held by ${where}: checking for up to ${s} s whether it still renews its claim (another computer's clock is not compared with ours)…`,
      'zh-CN': `批次 ${batchId} 由 ${whereZh} 持有:最多用 ${s} 秒确认其是否仍在续期占用(不比较两台电脑的时钟)……`,
    };
  }
  return {
    en: `Batch ${batchId} is held by ${where}, which has not renewed its claim lately: waiting up to ${s} s for the claim to lapse…`,
    'zh-CN': `批次 ${batchId} 由 ${whereZh} 持有,但其占用近期未续期:最多等待 ${s} 秒,待占用失效后接手……`,
  };
}
