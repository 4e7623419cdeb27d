import type { Db } from '../../store/openStore';

/**
 * Which code an export prints at each position: the batch's issued codes in the range, in seq
 * order. For a batch issued whole that is seq = from + k. A cancelled batch dropped the codes it
 * never sent (and may keep one that failed between issued ones): its export prints the issued
 * codes only, so what was issued before a cancel still goes to press.
 */
export class ExportCodes {
  private constructor(
    private readonly from: number,
    /** The issued seqs when they are not simply from…to; else null. */
    private readonly seqs: Int32Array | null,
    readonly count: number,
  ) {}

  static of(db: Db, batchId: number, range: { from: number; to: number }): ExportCodes {
    const issued = db.prepare<[number, number, number], number>(`SELECT count(*) FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued'`).pluck().get(batchId, range.from, range.to)!;
    if (issued === range.to - range.from + 1) return new ExportCodes(range.from, null, issued);
    const seqs = new Int32Array(issued);
    let k = 0;
    for (const seq of db.prepare<[number, number, number], number>(`SELECT seq FROM codes WHERE batch_id = ? AND seq BETWEEN ? AND ? AND status = 'issued' ORDER BY seq`).pluck().iterate(batchId, range.from, range.to)) seqs[k++] = seq;
    return new ExportCodes(range.from, seqs, issued);
  }

  /** Whether some codes of the range are not printed (a cancelled batch's). */
  get partial(): boolean {
    return this.seqs !== null;
  }

  /** The seq of the code at position k (from 0). */
  seqAt(k: number): number {
    return this.seqs ? this.seqs[k]! : this.from + k;
  }
}
