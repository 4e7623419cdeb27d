/**
 * `npm run bench:jump`: Mini Program jump codes planned and logged as a user does it (one rule
 * list call to the sandbox, the plan checked, staged and written with its codes) — codes/s and peak
 * RSS at 100,000 and 1,000,000 (flat memory), GS1 Digital Link codes (lot, serial, expiry) at
 * 100,000, then 100,000 of them exported as sheets.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QrPackApp } from '../electron/core/app';
import { defaultTemplate } from '../electron/core/sheets/design/template';
import { inProcessSandbox } from '../electron/sandbox/inProcessSandbox';

const PREFIX = 'https://qr.brand.example/p/';
/** A GS1 Digital Link rule: the prefix ends at the GTIN. */
const GS1_PREFIX = 'https://qr.brand.example/01/06901234567892/';
const GS1_CODES = Number(process.env.BENCH_JUMP_GS1_CODES ?? 100_000);
const SIZES = (process.env.BENCH_JUMP_CODES ?? '100000,1000000').split(',').map(Number);
const EXPORTED = 100_000;

function openApp(dataDir: string): QrPackApp {
  return new QrPackApp({ dataDir, version: 'bench', systemLocale: 'en', cipher: null, startSandbox: inProcessSandbox(dataDir) });
}

/**
 * Times `work` and reads the kernel's high-water mark of RSS after it: planning is a tight loop
 * that leaves no turn for a sampling timer.
 */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; peakRss: number; startRss: number }> {
  const startRss = process.resourceUsage().maxRSS * 1024;
  const t = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - t) / 1000, peakRss: process.resourceUsage().maxRSS * 1024, startRss };
}

async function child(mode: string, dataDir: string, count: number): Promise<void> {
  const app = openApp(dataDir);
  try {
    const client = await app.wechatFor('sandbox');
    if (mode === 'plan') {
      const run = await measured(() => app.batches.planJump('sandbox', client, { prefix: PREFIX, source: { kind: 'pattern', pattern: `B${count}-{seq:7}`, start: 1, count, step: 1 } }));
      process.stdout.write(JSON.stringify({ seconds: run.seconds, peakRss: run.peakRss, startRss: run.startRss, issued: run.value.issued }));
    } else if (mode === 'plan-gs1') {
      const source = { kind: 'pattern' as const, pattern: `G${count}-{seq:7}`, start: 1, count, step: 1 };
      const run = await measured(() => app.batches.planJump('sandbox', client, { prefix: GS1_PREFIX, source, gs1: { lot: 'LOT7', expiry: '2027-06-30' } }));
      process.stdout.write(JSON.stringify({ seconds: run.seconds, peakRss: run.peakRss, startRss: run.startRss, issued: run.value.issued }));
    } else {
      const batch = app.batches.repo.list('sandbox').find((b) => b.codeCount === count)!;
      const out = path.join(dataDir, 'jump.pdf');
      const run = await measured(() => app.exports.export({ batchId: batch.id, template: defaultTemplate('avery-l7651'), out, range: { from: 1, to: EXPORTED }, verify: 'off' }));
      process.stdout.write(JSON.stringify({ seconds: run.seconds, peakRss: run.peakRss, startRss: run.startRss, pages: run.value.pages, size: fs.statSync(out).size }));
    }
  } finally {
    await app.close();
  }
}

const [mode, dirArg, countArg] = process.argv.slice(2);
if (mode) {
  await child(mode, dirArg!, Number(countArg));
} else {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-jump-bench-'));
  const runChild = (args: string[]) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, ...args], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as { seconds: number; peakRss: number; startRss: number; issued?: number; pages?: number; size?: number };
  };
  try {
    const setup = openApp(dataDir);
    const client = await setup.wechatFor('sandbox');
    await setup.jumpRules.save('sandbox', client, { prefix: PREFIX, path: 'pages/product/index', openVersion: 'release', exclusive: false, debugUrls: [] }, false);
    await setup.jumpRules.publish('sandbox', client, PREFIX);
    await setup.jumpRules.save('sandbox', client, { prefix: GS1_PREFIX, path: 'pages/product/index', openVersion: 'release', exclusive: false, debugUrls: [] }, false);
    await setup.jumpRules.publish('sandbox', client, GS1_PREFIX);
    await setup.close();
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
    console.log(`jump-code benchmark: planned and logged through the service (sandbox rule list call included), ${os.availableParallelism()} cores, each size in a fresh process`);
    for (const count of SIZES) {
      const r = runChild(['plan', dataDir, String(count)]);
      console.log(`  ${count.toLocaleString('en').padStart(9)} codes  ${Math.round(count / r.seconds).toLocaleString('en').padStart(8)} codes/s  ${r.seconds.toFixed(2)} s  peak RSS ${mb(r.peakRss)} MB (process start ${mb(r.startRss)})`);
    }
    const gs1 = runChild(['plan-gs1', dataDir, String(GS1_CODES)]);
    console.log(
      `  ${GS1_CODES.toLocaleString('en').padStart(9)} GS1 Digital Link codes (lot, serial, expiry; percent-encoded URIs)  ${Math.round(GS1_CODES / gs1.seconds).toLocaleString('en').padStart(8)} codes/s  ${gs1.seconds.toFixed(2)} s  peak RSS ${mb(gs1.peakRss)} MB`,
    );
    const exported = runChild(['export', dataDir, String(SIZES.at(-1))]);
    console.log(
      `  export of ${EXPORTED.toLocaleString('en')} of them on avery-l7651, verification off: ${Math.round(EXPORTED / exported.seconds).toLocaleString('en')} labels/s  ${exported.seconds.toFixed(2)} s  ` +
        `peak RSS ${mb(exported.peakRss)} MB  ${exported.pages} pages, ${(exported.size! / 2 ** 20).toFixed(1)} MB`,
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
