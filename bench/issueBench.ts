/**
 * `npm run bench:issue`: issue 100,000 codes against the sandbox in a separate process answering
 * with 10 ms latency, 32 calls in flight. The bound is in-flight ÷ latency = 3,200 codes/s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QrPackApp } from '../electron/core/app';
import { Redactor } from '../electron/core/log/redactor';
import { WechatClient } from '../electron/core/wechat/wechatClient';
import { startSandboxProcess } from './sandboxProcess';

const COUNT = Number(process.env.BENCH_CODES ?? 100_000);
const LATENCY_MS = 10;
const IN_FLIGHT = 32;
const BOUND = (IN_FLIGHT * 1000) / LATENCY_MS;
const APP_ID = 'wx00000000000be4c4';

const sandbox = await startSandboxProcess(['--latency-ms', String(LATENCY_MS), '--appid', APP_ID, '--secret', 'b'.repeat(32)]);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-bench-'));
let peakRssMb = 0;
const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 2 ** 20)), 50);
try {
  const product = { keystandard: 'ean13', keystr: '6900873042720' };
  const setup = new WechatClient({ apiBase: sandbox.url, token: { kind: 'stable', appId: APP_ID, secret: sandbox.secret }, redactor: new Redactor() });
  await setup.scan.create(product, { base_info: { title: 'bench' } });

  const app = new QrPackApp({ dataDir, version: 'bench', systemLocale: 'en', cipher: null });
  const accountId = app.accounts.ensureForAppId(APP_ID, { apiBase: sandbox.url, tokenMode: 'stable' }).id;
  app.useSecret(accountId, sandbox.secret);

  let t = performance.now();
  const batch = await app.batches.plan(accountId, { product, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'B-{seq:6}', start: 1, count: COUNT, step: 1 } });
  const planMs = performance.now() - t;

  t = performance.now();
  const done = await app.batches.run(batch.id, { concurrency: IN_FLIGHT });
  const issueMs = performance.now() - t;
  if (done.state !== 'done' || done.issued !== COUNT) throw new Error(`batch ended ${done.state} with ${done.issued} issued`);

  // The store's own cost per result: the same updates, grouped as they arrive, with no network.
  const ids = app.batches.repo.codes({ batchId: batch.id }).map((c) => c.id);
  app.db.prepare(`UPDATE codes SET status = 'pending' WHERE batch_id = ?`).run(batch.id);
  t = performance.now();
  for (let i = 0; i < ids.length; i += IN_FLIGHT) {
    const at = new Date().toISOString();
    app.batches.repo.saveResults(ids.slice(i, i + IN_FLIGHT).map((id) => ({ id, status: 'issued' as const, content: `http://p.url.cn/x/${id}`, picUrl: 'http://127.0.0.1/pic', attempts: 1, issuedAt: at })));
  }
  const storeMs = performance.now() - t;
  await app.close();

  const rate = COUNT / (issueMs / 1000);
  console.log(`issue benchmark: ${COUNT.toLocaleString('en')} codes, sandbox in its own process, ${LATENCY_MS} ms latency, ${IN_FLIGHT} in flight`);
  console.log(`  issued            ${rate.toFixed(0)} codes/s in ${(issueMs / 1000).toFixed(1)} s — ${((rate / BOUND) * 100).toFixed(1)} % of the bound (${BOUND} codes/s)`);
  console.log(`  plan stored       ${((planMs * 1000) / COUNT).toFixed(1)} µs/code (${planMs.toFixed(0)} ms for the whole plan, one transaction)`);
  console.log(`  result stored     ${((storeMs * 1000) / COUNT).toFixed(1)} µs/code (groups of ${IN_FLIGHT}, one transaction each)`);
  console.log(`  peak RSS          ${peakRssMb.toFixed(0)} MB (this process; the sandbox runs apart)`);
} finally {
  clearInterval(sampler);
  sandbox.child.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
