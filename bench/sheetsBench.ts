/**
 * `npm run bench:sheets`: 10,000 and 100,000 labels on avery-l7651 from an issued batch, each with
 * verification off, full (the default) and sample — labels/s and peak RSS of the whole export,
 * file size, and the floors: deflating the same content streams alone, and verifying a page
 * (parse, draw its cells, decode them) on one core. Per size, the verified export's throughput as
 * a share of the unverified one's, from the same run (the goal: ≥ 50 %, peak RSS ≤ 300 MB). With
 * BENCH_WORKERS=1,2,… the verified export runs again at each worker count (--workers): how it
 * scales with the cores. Then a variable-data design, the designer's preview, and the CLI's start-up.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { QrPackApp } from '../electron/core/app';
import { sheetGeometry, symbolCell } from '../electron/core/sheets/design/labelLayout';
import { ContentWriter } from '../electron/core/sheets/writers/pdf/contentWriter';
import { pageContent, type SheetJob } from '../electron/core/sheets/writers/pdf/pageContent';
import { encodeQr } from '../electron/core/sheets/symbols/qrEncoder';
import { defaultTemplate, resolveStock } from '../electron/core/sheets/design/template';
import { verifyDpi } from '../electron/core/sheets/verify/sheetVerification';
import { PageChecker } from '../electron/core/sheets/verify/verifyTask';

const SIZES = (process.env.BENCH_LABELS ?? '10000,100000').split(',').map(Number);
const WORKER_COUNTS = process.env.BENCH_WORKERS ? process.env.BENCH_WORKERS.split(',').map(Number) : [];
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
const BUILT_CLI = path.join(import.meta.dirname, 'builtCli.mjs');
const variableFile = path.join(dataDir, 'variable.json');
fs.writeFileSync(variableFile, JSON.stringify(variableTemplate));

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
  const noGlyphs = { id: 'F1', glyphs: {}, box: { ascentEm: 1.16, descentEm: 0.29 } };
  const job: SheetJob = { template: { ...template, text: [], slug: false }, geometry, ecc: 'M', pages, modules: encodeQr('x'.repeat(43), 'M').size, fonts: { 'sans-regular': noGlyphs }, fields: { keystr: '', title: '', batch: '', date: '' }, slugPrefix: '' };
  const rows = app.db.prepare<[number], { seq: number; extinfo: string; content: string }>('SELECT seq, extinfo, content FROM codes WHERE batch_id = ? ORDER BY seq').all(batchId);
  let ms = 0;
  const writer = new ContentWriter();
  for (let page = 0; page < pages; page++) {
    const labels = rows.slice(page * geometry.perPage, (page + 1) * geometry.perPage).map((r, i) => ({ label: page * geometry.perPage + i, slot: i, ...r }));
    const content = pageContent(job, page, labels, writer).content;
    const t = performance.now();
    deflateSync(content);
    ms += performance.now() - t;
  }
  return ms;
}

/**
 * Verifying pages of a written file on one core, as a verify worker does (parse the page, draw
 * each label's cell, decode it): ms per page. Times the export's pages over the cores, the least
 * a verified export can add to an unverified one without overlapping the two.
 */
async function verifyPageMs(file: string): Promise<number> {
  const geometry = sheetGeometry(template, resolveStock(template));
  const modules = encodeQr('http://p.url.cn/2OcXev5BqtP/S0-000001', template.qr.ecc).size;
  const dpi = verifyDpi(template, modules);
  const pxPerMm = dpi / 25.4;
  const labels = Array.from({ length: geometry.perPage }, (_, slot) => {
    const cell = symbolCell(geometry, template, slot, modules);
    return { cell: { xPx: cell.xMm * pxPerMm, yPx: cell.yMm * pxPerMm, widthPx: cell.sideMm * pxPerMm, heightPx: cell.sideMm * pxPerMm }, want: '' };
  });
  const checker = new PageChecker();
  const pages = 40;
  await checker.check({ run: 0, file, page: pages + 1, dpi, labels });
  const t = performance.now();
  for (let page = 1; page <= pages; page++) await checker.check({ run: 0, file, page, dpi, labels });
  const ms = (performance.now() - t) / pages;
  await checker.close();
  return ms;
}

/**
 * One whole export (build + verification) by the built CLI in a fresh process — what a user runs —
 * with its wall time and the peak RSS of all its threads.
 */
function exportRun(batchId: number, count: number, design: string, verify: 'full' | 'sample' | 'off', workers?: number) {
  const out = path.join(dataDir, `sheets-${design}-${count}-${verify}.pdf`);
  const designArgs = design === 'variable' ? ['--template', variableFile] : ['--stock', 'avery-l7651'];
  const workerArgs = workers === undefined ? [] : ['--workers', String(workers)];
  const t = performance.now();
  const run = spawnSync(process.execPath, [BUILT_CLI, '--data', dataDir, 'export', String(batchId), ...designArgs, ...workerArgs, '--out', out, '--verify', verify, '--title', '示例饮料 Demo'], { encoding: 'utf8' });
  const seconds = (performance.now() - t) / 1000;
  if (run.status !== 0) throw new Error(run.stderr);
  const verified = /verified: ([\d,]+) labels decoded one by one, (\d+) failed/.exec(run.stdout);
  const wrote = / on [\d,]+ pages? (?:\(a reprint\) )?in ([\d.]+) s/.exec(run.stdout);
  return {
    out,
    seconds,
    writeS: Number(wrote?.[1] ?? NaN),
    peakRss: Number(/maxrss-kb (\d+)/.exec(run.stderr)![1]) * 1024,
    cpuS: Number(/cpu-ms (\d+)/.exec(run.stderr)![1]) / 1000,
    size: fs.statSync(out).size,
    verified: Number(verified?.[1]?.replaceAll(',', '') ?? 0),
    failed: Number(verified?.[2] ?? 0),
  };
}

{
  // Each size runs in a fresh process, so its peak RSS is its own. Off and full run back to back,
  // so their ratio is taken under the same load.
  const batches: { count: number; batchId: number; design: string; verify: 'full' | 'sample' | 'off'; workers?: number }[] = [];
  for (const [i, count] of SIZES.entries()) {
    const batchId = await issuedBatch(count, `S${i}`);
    for (const verify of ['off', 'full', 'sample'] as const) batches.push({ count, batchId, design: 'default', verify });
    for (const workers of WORKER_COUNTS) batches.push({ count, batchId, design: 'default', verify: 'full', workers });
  }
  // The same 10,000 codes again with CSV columns and a per-label barcode: what variable data costs.
  const variable = await issuedBatch(SIZES[0]!, 'V');
  app.db.prepare(`UPDATE codes SET data_json = json_object('lot', 'L' || (seq % 7), 'bbd', '2027-03-31') WHERE batch_id = ?`).run(variable);
  batches.push({ count: SIZES[0]!, batchId: variable, design: 'variable', verify: 'full' });
  const cores = os.availableParallelism();
  console.log(`sheets benchmark: avery-l7651 (65-up A4), ${cores} cores; each run is one whole export (build + verification) in a fresh process`);
  try {
    const off = new Map<number, { seconds: number; peakRss: number; out: string; cpuS: number }>();
    for (const { count, batchId, design, verify, workers } of batches) {
      const r = exportRun(batchId, count, design, verify, workers);
      const line =
        `  ${count.toLocaleString('en').padStart(7)} labels  verify ${verify.padEnd(6)} ${workers === undefined ? '' : `--workers ${workers}  `}${Math.round(count / r.seconds).toLocaleString('en').padStart(6)} labels/s  ${r.seconds.toFixed(2)} s (CPU ${r.cpuS.toFixed(1)} s)  ` +
        `peak RSS ${Math.round(r.peakRss / 2 ** 20)} MB  (sheets written in ${r.writeS.toFixed(1)} s; ${r.verified.toLocaleString('en')} labels decoded, ${r.failed} failed)`;
      if (design === 'variable') {
        console.log(`${line} — avery-l7160 with CSV columns, a formatted date and a Code 128 of each extinfo`);
        continue;
      }
      console.log(line);
      if (verify === 'off') {
        off.set(count, r);
        const floor = deflateFloorMs(batchId, count) / 1000;
        console.log(`           file ${(r.size / 2 ** 20).toFixed(1)} MB; deflating its page contents alone (the floor of any PDF writer) ${floor.toFixed(2)} s on one core`);
      }
      if (verify === 'full' && workers === undefined) {
        const unverified = off.get(count)!;
        const pages = Math.ceil(count / sheetGeometry(template, resolveStock(template)).perPage);
        const pageMs = await verifyPageMs(unverified.out);
        const floorS = (pages * pageMs) / 1000 / cores;
        console.log(
          `           verified at ${Math.round((100 * unverified.seconds) / r.seconds)} % of the unverified throughput (goal ≥ 50 %), peak RSS ${Math.round(r.peakRss / 2 ** 20)} MB (goal ≤ 300); ` +
            `verification's floor: ${pages.toLocaleString('en')} pages × ${pageMs.toFixed(1)} ms (parse, cells, decode on one core) / ${cores} cores = ${floorS.toFixed(2)} s, ` +
            `so at best ${Math.round((100 * unverified.seconds) / (unverified.seconds + floorS))} % without overlapping writing`,
        );
        // Both exports keep every core busy, so on any number of cores the ratio cannot pass their CPU's.
        const writeMs = (1000 * unverified.cpuS) / pages;
        const verifyMs = (1000 * (r.cpuS - unverified.cpuS)) / pages;
        console.log(
          `           CPU a page: writing ${writeMs.toFixed(1)} ms, verifying ${verifyMs.toFixed(1)} ms (all threads) — with every core busy in both, the ratio's ceiling is ${Math.round((100 * unverified.cpuS) / r.cpuS)} %`,
        );
      }
    }
    // The template editor's preview: one A4 page as PNG at screen width (target < 300 ms).
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      await app.exports.preview({ template, batchId: batches[0]!.batchId, page: 1 + i, widthPx: 800 });
      times.push(performance.now() - t);
    }
    const warm = times.slice(1).sort((a, b) => a - b);
    // The built CLI's start-up, as bench:startup measures it in full.
    const starts: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      spawnSync(process.execPath, [path.join(import.meta.dirname, '..', 'out', 'main', 'cli.js'), '--data', dataDir, 'batches'], { encoding: 'utf8' });
      starts.push(performance.now() - t);
    }
    console.log(`  CLI start-up, qrpack batches (built): median ${starts.sort((a, b) => a - b)[3]!.toFixed(0)} ms of 7 (npm run bench:startup has the rest)`);
    console.log(`  preview of an A4 page at 800 px: first ${times[0]!.toFixed(0)} ms (loads PDFium and the fonts), then median ${warm[2]!.toFixed(0)} ms, worst ${warm.at(-1)!.toFixed(0)} ms`);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
