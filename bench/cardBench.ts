/**
 * `npm run bench:card`: deposit 100,000 custom codes of a card against the sandbox in its own
 * process (10 ms latency, 8 calls of 100 codes in flight), reconcile them, then issue 10,000 card
 * QR tickets (32 in flight). Bounds: 8 × 100 ÷ 10 ms = 80,000 codes/s; 32 ÷ 10 ms = 3,200 tickets/s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QrPackApp } from '../electron/core/app';
import { Redactor } from '../electron/core/log/redactor';
import { WechatClient } from '../electron/core/wechat/wechatClient';
import { startSandboxProcess } from './sandboxProcess';

const DEPOSITED = Number(process.env.BENCH_DEPOSIT_CODES ?? 100_000);
const TICKETS = Number(process.env.BENCH_CARD_TICKETS ?? 10_000);
const LATENCY_MS = 10;
const DEPOSIT_IN_FLIGHT = 8;
const TICKETS_IN_FLIGHT = 32;
const APP_ID = 'wx00000000000ca4d5';

const sandbox = await startSandboxProcess(['--latency-ms', String(LATENCY_MS), '--appid', APP_ID, '--secret', 'c'.repeat(32)]);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-card-bench-'));
try {
  const setup = new WechatClient({ apiBase: sandbox.url, token: { kind: 'stable', appId: APP_ID, secret: sandbox.secret }, redactor: new Redactor() });
  const { cardId } = await setup.card.create({ card_type: 'GROUPON', groupon: { base_info: { title: 'bench', use_custom_code: true, get_custom_code_mode: 'GET_CUSTOM_CODE_MODE_DEPOSIT' }, deal_detail: 'bench' } });
  const app = new QrPackApp({ dataDir, version: 'bench', systemLocale: 'en', cipher: null });
  const accountId = app.accounts.ensureForAppId(APP_ID, { apiBase: sandbox.url, tokenMode: 'stable' }).id;
  app.useSecret(accountId, sandbox.secret);
  const client = await app.wechatFor(accountId);
  const source = { kind: 'pattern' as const, pattern: 'D{seq:7}', start: 1, count: DEPOSITED, step: 1 };

  let t = performance.now();
  const deposit = await app.cardBatches.planDeposit(accountId, client, { cardId, source });
  const done = await app.batches.run(deposit.id, { concurrency: DEPOSIT_IN_FLIGHT });
  const depositMs = performance.now() - t;
  if (done.issued !== DEPOSITED) throw new Error(`deposit ended ${done.state} with ${done.issued}`);
  t = performance.now();
  const report = await app.cardBatches.reconcileDeposit(accountId, client, cardId);
  const reconcileMs = performance.now() - t;
  if (!report.matches) throw new Error('the deposit does not reconcile');

  t = performance.now();
  const qr = await app.cardBatches.planCardQr(accountId, client, { cardId, source: { ...source, count: TICKETS }, options: {} });
  const issued = await app.batches.run(qr.id, { concurrency: TICKETS_IN_FLIGHT });
  const ticketsMs = performance.now() - t;
  if (issued.issued !== TICKETS) throw new Error(`card QR batch ended ${issued.state} with ${issued.issued}`);
  await app.close();

  console.log(`card benchmark: sandbox in its own process, ${LATENCY_MS} ms latency`);
  console.log(`  deposit           ${Math.round(DEPOSITED / (depositMs / 1000)).toLocaleString('en')} codes/s (${DEPOSITED.toLocaleString('en')} codes in ${(depositMs / 1000).toFixed(1)} s, ${DEPOSITED / 100} calls of 100, ${DEPOSIT_IN_FLIGHT} in flight; bound ${((DEPOSIT_IN_FLIGHT * 100 * 1000) / LATENCY_MS).toLocaleString('en')}/s)`);
  console.log(`  reconcile         ${(reconcileMs / 1000).toFixed(1)} s (getdepositcount + ${Math.ceil(DEPOSITED / 100)} checkcode calls, 8 in flight)`);
  console.log(`  card QR tickets   ${Math.round(TICKETS / (ticketsMs / 1000)).toLocaleString('en')} tickets/s (${TICKETS.toLocaleString('en')}, ${TICKETS_IN_FLIGHT} in flight; bound ${((TICKETS_IN_FLIGHT * 1000) / LATENCY_MS).toLocaleString('en')}/s)`);
} finally {
  sandbox.child.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
