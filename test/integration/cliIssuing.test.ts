import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { WECHAT_APP_ID } from '../support/batchSetup';
import { CLI_ENTRY } from '../support/childProcess';
import { projectRoot } from '../support/projectPaths';
import { BRAND_INFO, PRODUCT, sandboxClient, testSandbox } from '../support/sandbox';
import { tempDir } from '../support/tempDir';
import { VALID_SECRET } from '../support/testApp';

const sandbox = await testSandbox({ appId: WECHAT_APP_ID, secret: VALID_SECRET });
await sandboxClient(sandbox).client.scan.create(PRODUCT, BRAND_INFO);

/** qrpack, asynchronously (the sandbox answers from this process, so it must not block). */
function qrpack(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args], {
      cwd: projectRoot,
      env: { ...process.env, LANG: 'en_US.UTF-8', QRPACK_APPSECRET: '', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdin.end(options.input ?? '');
    child.on('exit', (status: number | null) => resolve({ status, stdout, stderr }));
  });
}

const wechat = ['--appid', WECHAT_APP_ID, '--api-base', sandbox.url];

test('issue → batches → log (JSON and CSV) → clear-record → actions, on a real AppID with the secret from the environment', async () => {
  const data = tempDir();
  const env = { QRPACK_APPSECRET: VALID_SECRET };
  const issued = await qrpack(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--size', '100', '--pattern', 'LOT7-{seq:6}', '--start', '1', '--count', '300', '--name', 'Lot 7', ...wechat], { env });
  assert.equal(issued.status, 0, issued.stderr);
  assert.match(issued.stdout, /^batch 1\n/);
  assert.match(issued.stdout, /batch 1 done: 300 issued, 0 failed/);

  const batches = JSON.parse((await qrpack(['--data', data, 'batches', '--json'])).stdout) as { id: number; state: string; name: string; issued: number }[];
  assert.deepEqual(batches.map((b) => [b.id, b.state, b.name, b.issued]), [[1, 'done', 'Lot 7', 300]]);

  const log = JSON.parse((await qrpack(['--data', data, 'log', '--batch', '1', '--json'])).stdout) as Record<string, unknown>[];
  assert.equal(log.length, 300);
  for (const field of ['id', 'batch', 'keystandard', 'keystr', 'extinfo', 'content', 'pic_url', 'status', 'errcode', 'issued_at']) assert.ok(field in log[0]!, field);
  assert.equal(log[0]!.extinfo, 'LOT7-000001');
  const csv = (await qrpack(['--data', data, 'log', '--csv'])).stdout.trim().split('\n');
  assert.equal(csv.length, 301);
  assert.match(csv[0]!, /^id,batch,seq,keystandard,keystr,extinfo,content,pic_url,status,errcode,attempts,issued_at,active_at,data$/);

  const cleared = await qrpack(['--data', data, 'clear-record', '--product', 'ean13:6900873042720', '--extinfo', 'LOT7-000002', ...wechat], { input: `${VALID_SECRET}\n` });
  assert.equal(cleared.status, 0, cleared.stderr);
  assert.match(cleared.stdout, /cleared the scan record of ean13:6900873042720\/LOT7-000002/);
  const actions = JSON.parse((await qrpack(['--data', data, 'actions', '--json'])).stdout) as { kind: string; ok: boolean; target: string }[];
  assert.deepEqual(actions.map((a) => [a.kind, a.ok, a.target]), [['clearScanRecord', true, 'ean13:6900873042720/LOT7-000002']]);
});

test('without a secret a real AppID is refused before anything is written; the secret is never stored', async () => {
  const data = tempDir();
  const refused = await qrpack(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'N-{seq}', '--count', '5', ...wechat]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /needs its AppSecret: set QRPACK_APPSECRET or pipe it on standard input/);
  assert.equal(JSON.parse((await qrpack(['--data', data, 'batches', '--json'])).stdout).length, 0);
  const viaStdin = await qrpack(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'N-{seq}', '--count', '5', ...wechat], { input: VALID_SECRET });
  assert.equal(viaStdin.status, 0, viaStdin.stderr);
  const { allBytesUnder } = await import('../support/tempDir');
  assert.ok(!allBytesUnder(data).includes(VALID_SECRET), 'the secret is nowhere in the data folder');
});

test('a stop exits non-zero with the reason, and resume finishes the batch', async () => {
  const data = tempDir();
  const env = { QRPACK_APPSECRET: VALID_SECRET };
  sandbox.control({ quotaCalls: sandbox.faults.callsCounted + 40 });
  const stopped = await qrpack(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--pattern', 'Q-{seq:3}', '--count', '100', '--concurrency', '1', ...wechat], { env });
  sandbox.control({ quotaCalls: null });
  assert.equal(stopped.status, 3);
  assert.match(stopped.stderr, /batch 1 stopped \(errcode 45009\): The account's daily API quota is used up/);
  assert.match(stopped.stderr, /resume with: qrpack resume 1/);
  const resumed = await qrpack(['--data', data, 'resume', '1', ...wechat], { env });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, /batch 1 done: 100 issued/);
});

test('the fresh-install main job: the sandbox account with no credentials at all', async () => {
  const data = tempDir();
  const issued = await qrpack(['--data', data, 'issue', '--product', 'ean13:6900873042720', '--size', '100', '--pattern', 'DEMO-{seq:4}', '--start', '1', '--count', '50']);
  assert.equal(issued.status, 0, issued.stderr);
  assert.match(issued.stdout, /batch 1 done: 50 issued/);
});

test('usage errors exit 2 with a clear message', async () => {
  const data = tempDir();
  for (const [args, message] of [
    [['issue', '--product', 'nonsense'], /--product: KEYSTANDARD:KEYSTR/],
    [['issue', '--product', 'ean13:6900873042720', '--pattern', 'X{seq}'], /--count: a whole number from 1 to 1000000 is required/],
    [['issue', '--product', 'ean13:6900873042720', '--pattern', 'X{seq}', '--count', '2', '--csv', 'a.csv'], /either --pattern .* or --csv/],
    [['issue', '--product', 'ean13:6900873042720', '--csv', '/no/such.csv'], /no such file/],
    [['resume', 'abc'], /give the batch id/],
    [['issue', '--product', 'ean13:6900873042720', '--pattern', 'X{seq}', '--count', '2', '--api-base', 'https://x.example'], /go with --appid/],
  ] as const) {
    const result = await qrpack(['--data', data, ...args]);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
  }
});
