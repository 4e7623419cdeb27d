/**
 * `npm run bench:memory`: peak memory of the built CLI (what `qrpack` runs) on a million rows —
 * planning a pattern, planning from a CSV file, and dumping the log as JSON and CSV to a reader
 * slower than the writer (so stdout's backpressure is what keeps memory flat). Peak RSS is the
 * process's VmHWM, read from /proc while it runs.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const ROWS = Number(process.env.BENCH_MEMORY_ROWS ?? 1_000_000);
const cli = path.resolve(import.meta.dirname, '../out/main/cli.js');
if (!fs.existsSync(cli)) throw new Error('run `npm run build` first');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-memory-bench-'));

const peakKb = (pid: number): number => {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
};

/** Runs the CLI until `until` matches its stdout (then stops it) or it ends; returns peak RSS and seconds. */
function measure(args: string[], options: { until?: RegExp; slowReader?: boolean } = {}): Promise<{ peakMb: number; seconds: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, '--data', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let peak = 0;
    let bytes = 0;
    let text = '';
    const poll = setInterval(() => (peak = Math.max(peak, peakKb(child.pid!))), 20);
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (options.until) {
        text += chunk.toString();
        if (options.until.test(text)) {
          peak = Math.max(peak, peakKb(child.pid!));
          child.kill('SIGKILL');
        }
      }
      if (options.slowReader) {
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 1);
      }
    });
    child.stderr.resume();
    child.once('error', reject);
    child.once('exit', () => {
      clearInterval(poll);
      resolve({ peakMb: peak / 1024, seconds: (performance.now() - started) / 1000, bytes });
    });
  });
}

const csvFile = path.join(dataDir, 'codes.csv');
const lines = ['extinfo,lot'];
for (let i = 1; i <= ROWS; i++) lines.push(`CSV-${String(i).padStart(7, '0')},L${i % 97}`);
fs.writeFileSync(csvFile, `${lines.join('\n')}\n`);
lines.length = 0;

console.log(`memory benchmark: the built CLI on ${ROWS.toLocaleString('en')} rows (peak RSS = VmHWM)`);
const row = (label: string, r: { peakMb: number; seconds: number }) => console.log(`  ${label.padEnd(46)} ${r.peakMb.toFixed(0).padStart(5)} MB  ${r.seconds.toFixed(1).padStart(6)} s`);
// Planned, then stopped as soon as it says "batch N" (before issuing).
row(`plan a pattern of ${ROWS.toLocaleString('en')}`, await measure(['issue', '--product', 'ean13:6900873042720', '--pattern', 'PAT-{seq:7}', '--count', String(ROWS), '--rate', '0.01'], { until: /batch \d+\n/ }));
row(`plan a CSV of ${ROWS.toLocaleString('en')} rows (${(fs.statSync(csvFile).size / 1e6).toFixed(0)} MB)`, await measure(['issue', '--product', 'ean13:6900873042720', '--csv', csvFile, '--rate', '0.01'], { until: /batch \d+\n/ }));
const db = new Database(path.join(dataDir, 'qrpack.sqlite'));
db.prepare(`UPDATE codes SET status = 'issued', content = 'http://p.url.cn/2OcXev5BqtP/' || extinfo, pic_url = 'http://127.0.0.1/sandbox/pic?c=x', issued_at = ?`).run(new Date().toISOString());
const total = db.prepare('SELECT count(*) FROM codes').pluck().get() as number;
db.close();
const json = await measure(['log', '--json'], { slowReader: true });
row(`log --json, ${total.toLocaleString('en')} rows (${(json.bytes / 1e6).toFixed(0)} MB), slow reader`, json);
const csv = await measure(['log', '--csv'], { slowReader: true });
row(`log --csv, ${total.toLocaleString('en')} rows (${(csv.bytes / 1e6).toFixed(0)} MB), slow reader`, csv);
fs.rmSync(dataDir, { recursive: true, force: true });
