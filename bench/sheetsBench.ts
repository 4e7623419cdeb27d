/**
 * `npm run bench:sheets`: 10,000 and 100,000 labels on avery-l7651 from an issued batch —
 * labels/s, peak RSS, file size, and the floor: deflating the same content streams alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { QrPackApp } from '../electron/core/app';
import { sheetGeometry } from '../electron/core/sheets/labelLayout';
import { pageContent, type SheetJob } from '../electron/core/sheets/pageContent';
import { encodeQr } from '../electron/core/sheets/qrEncoder';
import { defaultTemplate, resolveStock } from '../electron/core/sheets/template';

const SIZES = (process.env.BENCH_LABELS ?? '10000,100000').split(',').map(Number);
const dataDir = process.env.QRPACK_BENCH_DATA ?? fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-sheets-bench-'));
const app = new QrPackApp({ dataDir, version: 'bench', systemLocale: 'en', cipher: null });
const template = defaultTemplate('avery-l7651');
const product = { keystandard: 'ean13', keystr: '6900873042720' };

/** An issued batch straight in the log (issuing itself is bench:issue's business). */
async function issuedBatch(count: number, prefix: string): Promise<number> {
  const batch = await app.batches.plan('sandbox', { product, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: `${prefix}-{seq:6}`, start: 1, count, step: 1 } });
  app.db.prepare(`UPDATE codes SET status = 'issued', content = 'http://p.url.cn/2OcXev5BqtP/' || extinfo, issued_at = ? WHERE batch_id = ?`).run(new Date().toISOString(), batch.id);
  return batch.id;
}

/** Deflating the same page content streams, and nothing else: the floor of any PDF writer. */
function deflateFloorMs(batchId: number, count: number): number {
  const geometry = sheetGeometry(template, resolveStock(template));
  const pages = Math.ceil(count / geometry.perPage);
  const noGlyphs = { id: 'F1', glyphs: {} };
  const job: SheetJob = { template: { ...template, text: [], slug: false }, geometry, ecc: 'M', pages, modules: encodeQr('x'.repeat(43), 'M').size, fonts: { regular: noGlyphs, bold: noGlyphs }, fields: { keystr: '', title: '', batch: '', date: '' }, slugPrefix: '' };
  const rows = app.db.prepare<[number], { seq: number; extinfo: string; content: string }>('SELECT seq, extinfo, content FROM codes WHERE batch_id = ? ORDER BY seq').all(batchId);
  let ms = 0;
  for (let page = 0; page < pages; page++) {
    const labels = rows.slice(page * geometry.perPage, (page + 1) * geometry.perPage).map((r, i) => ({ k: page * geometry.perPage + i, ...r }));
    const content = Buffer.from(pageContent(job, page, labels).content, 'latin1');
    const t = performance.now();
    deflateSync(content);
    ms += performance.now() - t;
  }
  return ms;
}

async function child(batchId: number, count: number): Promise<void> {
  let peakRss = process.memoryUsage().rss;
  const startRss = peakRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const out = path.join(dataDir, `sheets-${count}.pdf`);
  const t = performance.now();
  const result = await app.exports.export({ batchId, template, out, verify: 'off', title: '示例饮料 Demo' });
  const seconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  let verifyS: number | null = null;
  let verified = 0;
  let failed = 0;
  if (count <= 10_000) {
    const sample = await app.exports.export({ batchId, template, out: path.join(dataDir, 'verify.pdf'), verify: 'sample', title: '示例饮料 Demo' });
    verifyS = sample.timings.verifyMs / 1000;
    verified = sample.verify.checked;
    failed = sample.verify.failures.length;
  }
  process.stdout.write(JSON.stringify({ seconds, startRss, peakRss, size: fs.statSync(out).size, pages: result.pages, raw: result.contentBytes.raw, verifyS, verified, failed }));
}

const [mode, batchArg, countArg] = process.argv.slice(2);
if (mode === 'child') {
  await child(Number(batchArg), Number(countArg));
  await app.close();
} else {
  // Each size runs in a fresh process, so its peak RSS is its own.
  const batches: { count: number; batchId: number }[] = [];
for (const [i, count] of SIZES.entries()) batches.push({ count, batchId: await issuedBatch(count, `S${i}`) });
  const { spawnSync } = await import('node:child_process');
  console.log(`sheets benchmark: avery-l7651 (65-up A4), ${os.availableParallelism()} cores, verification off (timed apart)`);
  try {
    for (const { count, batchId } of batches) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, 'child', String(batchId), String(count)], { env: { ...process.env, QRPACK_BENCH_DATA: dataDir }, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(run.stderr);
      const r = JSON.parse(run.stdout) as { seconds: number; startRss: number; peakRss: number; size: number; pages: number; raw: number; verifyS: number | null; verified: number; failed: number };
      const floor = deflateFloorMs(batchId, count) / 1000;
      console.log(
        `  ${count.toLocaleString('en').padStart(7)} labels  ${Math.round(count / r.seconds).toLocaleString('en').padStart(6)} labels/s  ${r.seconds.toFixed(2)} s  ` +
          `peak RSS ${Math.round(r.peakRss / 2 ** 20)} MB (process start ${Math.round(r.startRss / 2 ** 20)})  file ${(r.size / 2 ** 20).toFixed(1)} MB, ${r.pages} pages  ` +
          `content ${(r.raw / 2 ** 20).toFixed(0)} MB raw  deflate floor ${floor.toFixed(2)} s on one core`,
      );
      if (r.verifyS !== null) console.log(`           sample verification: ${r.verified} labels decoded on their own at 300 dpi in ${r.verifyS.toFixed(1)} s, ${r.failed} failed`);
    }
    // The template editor's preview: one A4 page as PNG at screen width (target < 300 ms).
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      await app.exports.preview({ template, batchId: batches[0]!.batchId, page: 1 + i, widthPx: 800 });
      times.push(performance.now() - t);
    }
    const warm = times.slice(1).sort((a, b) => a - b);
    console.log(`  preview of an A4 page at 800 px: first ${times[0]!.toFixed(0)} ms (loads pdf.js and fonts), then median ${warm[2]!.toFixed(0)} ms, worst ${warm.at(-1)!.toFixed(0)} ms`);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
