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
/** Variable data: each label prints its CSV columns and a Code 128 of its own extinfo (one encoding per label). */
const variableTemplate = {
  ...defaultTemplate('avery-l7160'),
  qr: { xMm: 3, yMm: 3, sizeMm: 18, ecc: 'M' as const },
  text: [
    { text: 'Lot {col:lot} · BBD {col:bbd|YYYY.MM.DD}', xMm: 26, yMm: 6, sizePt: 7, bold: true, align: 'left' as const },
    { text: '{extinfo}', xMm: 26, yMm: 10, sizePt: 7, bold: false, align: 'left' as const },
  ],
  barcode: { symbology: 'code128' as const, value: '{extinfo}', xMm: 28, yMm: 14, widthMm: 32, heightMm: 18, digits: true },
};
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

async function child(batchId: number, count: number, design: string): Promise<void> {
  const template = design === 'variable' ? variableTemplate : defaultTemplate('avery-l7651');
  let peakRss = process.memoryUsage().rss;
  const startRss = peakRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const out = path.join(dataDir, `sheets-${design}-${count}.pdf`);
  const t = performance.now();
  const result = await app.exports.export({ batchId, template, out, verify: 'off', title: '示例饮料 Demo' });
  const seconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  let verifyS: number | null = null;
  let verified = 0;
  let failed = 0;
  if (count <= 10_000 && design === 'default') {
    const sample = await app.exports.export({ batchId, template, out: path.join(dataDir, 'verify.pdf'), verify: 'sample', title: '示例饮料 Demo' });
    verifyS = sample.timings.verifyMs / 1000;
    verified = sample.verify.checked;
    failed = sample.verify.failures.length;
  }
  process.stdout.write(JSON.stringify({ seconds, startRss, peakRss, size: fs.statSync(out).size, pages: result.pages, raw: result.contentBytes.raw, verifyS, verified, failed }));
}

const [mode, batchArg, countArg, designArg] = process.argv.slice(2);
if (mode === 'child') {
  await child(Number(batchArg), Number(countArg), designArg ?? 'default');
  await app.close();
} else {
  // Each size runs in a fresh process, so its peak RSS is its own.
  const batches: { count: number; batchId: number; design: string }[] = [];
  for (const [i, count] of SIZES.entries()) batches.push({ count, batchId: await issuedBatch(count, `S${i}`), design: 'default' });
  // The same 10,000 codes again with CSV columns and a per-label barcode: what variable data costs.
  const variable = await issuedBatch(SIZES[0]!, 'V');
  app.db.prepare(`UPDATE codes SET data_json = json_object('lot', 'L' || (seq % 7), 'bbd', '2027-03-31') WHERE batch_id = ?`).run(variable);
  batches.push({ count: SIZES[0]!, batchId: variable, design: 'variable' });
  const { spawnSync } = await import('node:child_process');
  console.log(`sheets benchmark: avery-l7651 (65-up A4), ${os.availableParallelism()} cores, verification off (timed apart)`);
  try {
    for (const { count, batchId, design } of batches) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, 'child', String(batchId), String(count), design], { env: { ...process.env, QRPACK_BENCH_DATA: dataDir }, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(run.stderr);
      const r = JSON.parse(run.stdout) as { seconds: number; startRss: number; peakRss: number; size: number; pages: number; raw: number; verifyS: number | null; verified: number; failed: number };
      if (design === 'variable') {
        console.log(
          `  ${count.toLocaleString('en').padStart(7)} labels  ${Math.round(count / r.seconds).toLocaleString('en').padStart(6)} labels/s  ${r.seconds.toFixed(2)} s  ` +
            `peak RSS ${Math.round(r.peakRss / 2 ** 20)} MB — avery-l7160 with CSV columns, a formatted date and a Code 128 of each extinfo`,
        );
        continue;
      }
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
