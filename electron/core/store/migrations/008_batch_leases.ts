import type { Database } from 'better-sqlite3';

/**
 * Batch ownership becomes a lease: the owner renews it on its progress tick (`renewed_ms` by its
 * clock, `beat` counted up so another computer can see renewals without trusting clocks), and
 * records which process it is beyond its pid (`proc_start`, `boot_id`), so a reused pid or a
 * reboot is not taken for the owner.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE batch_owners ADD COLUMN renewed_ms INTEGER;
    ALTER TABLE batch_owners ADD COLUMN beat INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE batch_owners ADD COLUMN proc_start TEXT;
    ALTER TABLE batch_owners ADD COLUMN boot_id TEXT;
  `);
}
