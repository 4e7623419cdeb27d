/**
 * `npm run bench:verdicts`: signed anti-fake pushes (plaintext) to `qrpack serve` in its own
 * process, 32 connections at once, on a ledger of 1,000,000 codes (half of them activated) — first
 * the SQLite log, then the shared ledger on PostgreSQL (a local cluster with PostgreSQL's default
 * durability, the codes sent by `qrpack ledger push`, which is timed too): verdicts/s and p50/p99
 * latency. The mix (pushOf): new scans, each looked up and recorded; retries of earlier pushes;
 * scans without a code; card claims.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { QrPackApp } from '../electron/core/app';
import { messageSignature } from '../electron/core/verdicts/messageCrypto';
import { buildMessage } from '../electron/core/verdicts/messageXml';
import { postgresBinaries, startPostgres } from '../test/support/postgres';

const LEDGER = Number(process.env.BENCH_LEDGER_CODES ?? 1_000_000);
const PUSHES = Number(process.env.BENCH_PUSHES ?? 30_000);
const CONNECTIONS = 32;
const TOKEN = 'benchToken1';
const product = { keystandard: 'ean13', keystr: '6900873042720' };
const root = path.resolve(import.meta.dirname, '..');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-verdicts-bench-'));
const app = new QrPackApp({ dataDir, version: 'bench', systemLocale: 'en', cipher: null });
const batch = await app.batches.plan('sandbox', { product, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'V-{seq:7}', start: 1, count: LEDGER, step: 1 } });
app.db.prepare(`UPDATE codes SET status = 'issued', content = 'http://p.url.cn/x/' || extinfo, issued_at = ? WHERE batch_id = ?`).run(new Date().toISOString(), batch.id);
app.activation.set(batch.id, { from: 1, to: LEDGER / 2 }, true);
await app.close();

/**
 * The i-th push of the mix: mostly new scans of ledger codes (a tenth unknown), every tenth a
 * retry of the push nine before (the same push again), one in twenty a scan without a code (the
 * pack's barcode), one in twenty a card claim.
 */
function pushOf(i: number): string {
  // BENCH_MIX=scans: new scans only, as the bench drove before the mix (to compare with older runs).
  const mixed = process.env.BENCH_MIX !== 'scans';
  if (mixed && i % 10 === 9) return pushOf(i - 9);
  const common = { ToUserName: 'gh_bench', FromUserName: `oBench${i % 1000}`, CreateTime: 1_700_000_000 + i, MsgType: 'event' };
  if (mixed && i % 20 === 3) return buildMessage({ ...common, Event: 'scan_product_callback', KeyStandard: product.keystandard, KeyStr: product.keystr });
  if (mixed && i % 20 === 7) return buildMessage({ ...common, Event: 'user_get_card', CardId: 'pBenchCard', UserCardCode: `C${i}`, OuterStr: `run-${i % 7}`, IsGiveByFriend: 0 });
  const serial = 1 + ((i * 7919) % (LEDGER + LEDGER / 10));
  return buildMessage({ ...common, Event: 'scan_product_callback', KeyStandard: product.keystandard, KeyStr: product.keystr, ExtInfo: `V-${String(serial).padStart(7, '0')}` });
}

const cli = (args: string[]) => spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/cli/index.ts'), '--data', dataDir, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });

/** Starts `qrpack serve` (with `extra` options) and drives PUSHES signed pushes through 32 connections. */
async function drive(label: string, extra: string[]): Promise<void> {
  const server = cli(['serve', '--port', '0', '--token', TOKEN, ...extra]);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening (\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      server.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const post = (body: string, query: string) =>
      new Promise<string>((resolve, reject) => {
        const req = http.request(`${url}/?${query}`, { method: 'POST', agent }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end(body);
      });
    const latenciesMs: number[] = [];
    const results = { real: 0, not_active: 0, fake: 0, success: 0 };
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < PUSHES) {
          const i = next++;
          const body = pushOf(i);
          const timestamp = String(Math.floor(Date.now() / 1000));
          const t = performance.now();
          const reply = await post(body, `signature=${messageSignature(TOKEN, timestamp, `n${i}`)}&timestamp=${timestamp}&nonce=n${i}`);
          latenciesMs.push(performance.now() - t);
          const result = (/CodeResult><!\[CDATA\[(\w+)/.exec(reply)?.[1] ?? reply) as keyof typeof results;
          results[result]++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latenciesMs.sort((a, b) => a - b);
    const at = (q: number) => latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(q * latenciesMs.length))]!.toFixed(1);
    console.log(
      `  ${label.padEnd(10)} ${PUSHES.toLocaleString('en')} signed pushes  ${Math.round(PUSHES / seconds).toLocaleString('en')} answered/s  p50 ${at(0.5)} ms  p99 ${at(0.99)} ms  (real ${results.real}, not_active ${results.not_active}, fake ${results.fake}, success ${results.success}: scans without a code and card events)`,
    );
    agent.destroy();
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

const output = (child: ReturnType<typeof cli>) =>
  new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`qrpack exited ${code}`))));
  });
const finishedWith = (child: ReturnType<typeof cli>) => new Promise<number | null>((resolve) => (child.stdout!.resume(), child.once('exit', resolve)));

console.log(`verdicts benchmark: qrpack serve in its own process on a ledger of ${LEDGER.toLocaleString('en')} codes, ${CONNECTIONS} connections, ${os.availableParallelism()} cores`);
try {
  await drive('SQLite', []);
  const binaries = postgresBinaries();
  if ('missing' in binaries) console.log(`  PostgreSQL skipped: ${binaries.missing}`);
  else {
    const cluster = await startPostgres({ durable: true });
    try {
      // Not timed: the administrator sets the ledger up for the sandbox's AppID and enrols the station.
      const station = await output(cli(['ledger', 'station', '--name', 'Bench station']));
      await output(cli(['ledger', 'init', '--database', cluster.url, '--appid', 'wx5a4db0c0de000001']));
      await output(cli(['ledger', 'enrol', station.trim().split('\n').at(-1)!, '--database', cluster.url]));
      const started = performance.now();
      const code = await finishedWith(cli(['ledger', 'push', '--database', cluster.url]));
      if (code !== 0) throw new Error(`ledger push exited ${code}`);
      const seconds = (performance.now() - started) / 1000;
      console.log(`  ledger push of ${LEDGER.toLocaleString('en')} codes to PostgreSQL: ${seconds.toFixed(1)} s (${Math.round(LEDGER / seconds).toLocaleString('en')} codes/s)`);
      await drive('PostgreSQL', ['--database', cluster.url]);
    } finally {
      cluster.stop();
    }
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
