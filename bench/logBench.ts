/**
 * `npm run bench:log`: the log screen's queries on 1,000,000 code rows — the first page, a page
 * deep in the log (keyset paging), a batch filter, and an extinfo search.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QrPackApp } from '../electron/core/app';

const ROWS = Number(process.env.BENCH_LOG_ROWS ?? 1_000_000);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-log-bench-'));
const app = new QrPackApp({ dataDir, version: 'bench', systemLocale: 'en', cipher: null });
try {
  const perBatch = 100_000;
  for (let b = 0; b < ROWS / perBatch; b++) {
    const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: `L${b}-{seq:6}`, start: 1, count: perBatch, step: 1 } });
    app.db.prepare(`UPDATE codes SET status = 'issued', content = 'http://p.url.cn/2OcXev5BqtP/' || extinfo, issued_at = ? WHERE batch_id = ?`).run(new Date().toISOString(), batch.id);
  }
  const time = (label: string, run: () => unknown[]) => {
    run();
    const t = performance.now();
    const rows = run();
    console.log(`  ${label.padEnd(44)} ${(performance.now() - t).toFixed(1).padStart(7)} ms  (${rows.length} rows)`);
  };
  console.log(`log benchmark: ${ROWS.toLocaleString('en')} code rows, pages of 100`);
  const page = (afterId: number) => app.batches.repo.codes({ accountId: 'sandbox', afterId, limit: 100 });
  time('first page', () => page(0));
  time(`page ${(ROWS / 200).toLocaleString('en')} (keyset: after id ${ROWS / 2})`, () => page(ROWS / 2));
  time('last page', () => page(ROWS - 100));
  time('batch 7, status issued, first page', () => app.batches.repo.codes({ accountId: 'sandbox', batchId: 7, status: 'issued', limit: 100 }));
  time('search "L9-0999" (near the end of the log)', () => app.batches.repo.codes({ accountId: 'sandbox', search: 'L9-0999', limit: 100 }));
  time('search with no match (scans every row)', () => app.batches.repo.codes({ accountId: 'sandbox', search: 'NOPE', limit: 100 }));
} finally {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
