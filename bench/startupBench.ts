/**
 * `npm run bench:startup`: how long the built CLI (what `qrpack` and `npm run qrpack` run) takes
 * from process start to exit for the commands a person types most, on a data folder with a batch;
 * the median of 15 runs each, beside `node -e 0` (the floor of any Node program on this machine).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QrPackApp } from '../electron/core/app';

const RUNS = 15;
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) throw new Error('run npm run build first (bench:startup measures the built CLI)');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-startup-bench-'));
const app = new QrPackApp({ dataDir, version: 'bench', systemLocale: 'en', cipher: null });
await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'S-{seq:4}', start: 1, count: 1000, step: 1 } });
await app.close();

const medianMs = (args: string[]) => {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
};

try {
  console.log(`CLI start-up benchmark: the built CLI, median of ${RUNS} runs, ${os.availableParallelism()} cores`);
  console.log(`  node -e 0 (the floor)        ${medianMs(['-e', '0']).toFixed(0)} ms`);
  for (const command of [['--version'], ['batches'], ['log', '--batch', '1'], ['verdicts']]) {
    console.log(`  qrpack ${command.join(' ').padEnd(22)}${medianMs([cli, '--data', dataDir, ...command]).toFixed(0)} ms`);
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
