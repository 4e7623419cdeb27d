import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { finished, spawnFastCli } from '../support/childProcess';
import { BRAND_INFO, PRODUCT, sandboxClient, testSandbox } from '../support/sandbox';
import { tempDir } from '../support/tempDir';
import { VALID_SECRET } from '../support/testApp';
import { WECHAT_APP_ID } from '../support/batchSetup';

const env = { QRPACK_APPSECRET: VALID_SECRET };
const PRODUCT_ARG = `${PRODUCT.keystandard}:${PRODUCT.keystr}`;

/** A size-limited file system (tmpfs) at a new folder; null with the reason when it cannot be mounted here. */
function smallDisk(sizeKb: number): { dir: string; grow(kb: number): void } | string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    return `tmpfs cannot be mounted here (${String((error as { stderr?: Buffer }).stderr ?? error).trim().slice(0, 120)}); run as root`;
  }
  after(() => {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    } catch {
      // Already gone.
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { dir, grow: (kb) => execFileSync('mount', ['-o', `remount,size=${kb}k`, dir], { stdio: 'pipe' }) };
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function issuedBatch(dataDir: string, count: number): Promise<{ batchId: number; wechat: string[] }> {
  const sandbox = await testSandbox({ appId: WECHAT_APP_ID, secret: VALID_SECRET });
  await sandboxClient(sandbox).client.scan.create(PRODUCT, BRAND_INFO);
  const wechat = ['--appid', WECHAT_APP_ID, '--api-base', sandbox.url];
  const run = await finished(spawnFastCli(['--data', dataDir, 'issue', '--product', PRODUCT_ARG, '--pattern', 'DF-{seq:6}', '--count', String(count), '--concurrency', '16', ...wechat], env));
  assert.equal(run.code, 0, run.stderr);
  return { batchId: Number(/batch (\d+)/.exec(run.stdout)![1]), wechat };
}

function exportRecords(dataDir: string): { file: string; sha256: string }[] {
  const db = new Database(path.join(dataDir, 'qrpack.sqlite'), { readonly: true });
  try {
    return db.prepare<[], { file: string; sha256: string }>('SELECT file, sha256 FROM exports ORDER BY id').all();
  } finally {
    db.close();
  }
}

test('an export that fills the disk: a plain message naming it, nothing half-written, the earlier file intact', async (t) => {
  const disk = smallDisk(600);
  if (typeof disk === 'string') return t.skip(disk);
  const dataDir = tempDir();
  const { batchId } = await issuedBatch(dataDir, 6000);
  const out = path.join(disk.dir, 'lot.pdf');
  const good = await finished(spawnFastCli(['--data', dataDir, 'export', String(batchId), '--force', '--stock', 'avery-l7651', '--range', '1-650', '--out', out, '--verify', 'off']));
  assert.equal(good.code, 0, good.stderr);
  const goodHash = sha256(out);

  const full = await finished(
    spawnFastCli(['--data', dataDir, 'export', String(batchId), '--force', '--stock', 'avery-l7651', '--out', out, '--manifest', path.join(disk.dir, 'lot.csv'), '--verify', 'off']),
  );
  assert.equal(full.code, 5, `${full.stdout}${full.stderr}`);
  assert.match(full.stderr, /The disk is full: the export \(.*lot\.pdf\) could not be written\. Free some space/);
  assert.doesNotMatch(full.stderr, /ENOSPC|at .*\.js:\d+|Error:/, 'no raw error, no stack trace');
  assert.deepEqual(fs.readdirSync(disk.dir).sort(), ['lot.pdf'], 'no part, no half manifest left behind');
  assert.equal(sha256(out), goodHash, 'the earlier export is untouched');
  assert.deepEqual(exportRecords(dataDir).map((r) => r.sha256), [goodHash], 'the failed export is not recorded');

  const zh = await finished(spawnFastCli(['--data', dataDir, '--lang', 'zh-CN', 'export', String(batchId), '--force', '--stock', 'avery-l7651', '--out', out, '--verify', 'off']));
  assert.match(zh.stderr, /磁盘已满/);
  disk.grow(8192);
  const retried = await finished(spawnFastCli(['--data', dataDir, 'export', String(batchId), '--force', '--stock', 'avery-l7651', '--out', out, '--verify', 'off']));
  assert.equal(retried.code, 0, retried.stderr);
  assert.equal(exportRecords(dataDir).at(-1)!.sha256, sha256(out));
});

test('a manifest whose folder is missing, or an --out that is a folder, is refused before anything is written', async () => {
  const dataDir = tempDir();
  const { batchId } = await issuedBatch(dataDir, 100);
  const dir = tempDir();
  const missing = await finished(spawnFastCli(['--data', dataDir, 'export', String(batchId), '--force', '--stock', 'avery-l7651', '--out', path.join(dir, 'a.pdf'), '--manifest', path.join(dir, 'nope', 'a.csv')]));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /The manifest \(--manifest\): the folder .*nope does not exist/);
  const folder = await finished(spawnFastCli(['--data', dataDir, 'export', String(batchId), '--force', '--stock', 'avery-l7651', '--out', dir]));
  assert.match(folder.stderr, /The output file \(--out\): ".*" is a folder\. Give a file name inside it/);
  assert.deepEqual(fs.readdirSync(dir), [], 'nothing written');
  assert.equal(fs.existsSync(`${dir}.pdf`), false, 'no DIR.pdf beside the folder');
});

test('kill -9 during an export leaves the earlier file whole; the next export cleans the part up', async () => {
  const dataDir = tempDir();
  const { batchId } = await issuedBatch(dataDir, 20_000);
  const dir = tempDir();
  const out = path.join(dir, 'lot.pdf');
  const first = await finished(spawnFastCli(['--data', dataDir, 'export', String(batchId), '--force', '--stock', 'avery-l7651', '--range', '1-65', '--out', out, '--verify', 'off']));
  assert.equal(first.code, 0, first.stderr);
  const goodHash = sha256(out);
  // Killed while writing, at the start of verifying, and well into it: whatever the machine's speed,
  // each kill lands before the export could rename its file into place.
  for (const moment of [/writing \d+\/\d+ pages/, /verifying \d+\/\d+ pages/, /verifying (?:[5-9]\d|1\d\d|2[0-4]\d)\/308 pages/]) {
    const child = spawnFastCli(['--data', dataDir, 'export', String(batchId), '--force', '--stock', 'avery-l7651', '--out', out, '--manifest', path.join(dir, 'lot.csv'), '--verify', 'full', '--workers', '1']);
    const exited = once(child, 'exit');
    await new Promise<void>((resolve) => {
      let said = '';
      child.stderr.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        if (moment.test(said)) resolve();
      });
      void exited.then(() => resolve());
    });
    child.kill('SIGKILL');
    const [, signal] = await exited;
    assert.equal(signal, 'SIGKILL', 'killed in the middle of the export');
    assert.equal(sha256(out), goodHash, 'the file in place is still the earlier, whole export');
    assert.equal(fs.existsSync(path.join(dir, 'lot.csv')), false, 'no partial manifest under the final name');
  }
  assert.deepEqual(exportRecords(dataDir).map((r) => r.sha256), [goodHash]);
  const again = await finished(spawnFastCli(['--data', dataDir, 'export', String(batchId), '--force', '--stock', 'avery-l7651', '--range', '1-65', '--out', out, '--verify', 'off']));
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.qrpack-part')), [], 'parts of killed exports are removed');
});

test('the code log fills the disk while issuing: a plain message, the log intact, and a resume completes', async (t) => {
  const disk = smallDisk(1600);
  if (typeof disk === 'string') return t.skip(disk);
  const sandbox = await testSandbox({ appId: WECHAT_APP_ID, secret: VALID_SECRET });
  await sandboxClient(sandbox).client.scan.create(PRODUCT, BRAND_INFO);
  const wechat = ['--appid', WECHAT_APP_ID, '--api-base', sandbox.url];
  const dataDir = path.join(disk.dir, 'data');
  const child = spawnFastCli(['--data', dataDir, 'issue', '--product', PRODUCT_ARG, '--pattern', 'FULL-{seq:6}', '--count', '4000', '--concurrency', '16', ...wechat], env);
  const run = await finished(child);
  assert.notEqual(run.code, 0, 'the disk filled before the end');
  assert.match(run.stderr, /The disk is full: the code log \(qrpack\.sqlite in the data folder\) could not be written/);
  assert.doesNotMatch(run.stderr, /SQLITE_FULL|at .*\.js:\d+/, 'no raw error, no stack trace');

  disk.grow(16_384);
  const batchId = Number(/batch (\d+)/.exec(run.stdout)?.[1] ?? 1);
  const resumed = await finished(spawnFastCli(['--data', dataDir, 'resume', String(batchId), ...wechat], env));
  assert.equal(resumed.code, 0, resumed.stderr);
  const db = new Database(path.join(dataDir, 'qrpack.sqlite'), { readonly: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const rows = db.prepare<[], { status: string; n: number }>(`SELECT status, count(*) AS n FROM codes GROUP BY status`).all();
    assert.deepEqual(rows, [{ status: 'issued', n: 4000 }]);
    assert.equal(db.prepare('SELECT count(DISTINCT extinfo) FROM codes').pluck().get(), 4000);
  } finally {
    db.close();
  }
});

test('an export finished while the data folder is full is not left unrecorded: the files are withdrawn and the user told', async (t) => {
  const disk = smallDisk(4096);
  if (typeof disk === 'string') return t.skip(disk);
  const dataDir = path.join(disk.dir, 'data');
  const { batchId } = await issuedBatch(dataDir, 650);
  // Fill what is left of the data folder's disk.
  const filler = path.join(disk.dir, 'filler');
  const fd = fs.openSync(filler, 'w');
  try {
    for (;;) fs.writeSync(fd, Buffer.alloc(4096));
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    fs.closeSync(fd);
  }
  // Room for the store to open (its shared-memory index), not for the export's record.
  fs.truncateSync(filler, fs.statSync(filler).size - 40 * 1024);
  const dir = tempDir();
  const run = await finished(spawnFastCli(['--data', dataDir, 'export', String(batchId), '--force', '--stock', 'avery-l7651', '--out', path.join(dir, 'lot.pdf'), '--verify', 'off']));
  assert.equal(run.code, 5, `${run.stdout}${run.stderr}`);
  assert.match(run.stderr, /The disk is full: the record of this export in the code log .* \(the files were not kept\)/);
  assert.deepEqual(fs.readdirSync(dir), [], 'no unrecorded print file');
  fs.rmSync(filler);
  const again = await finished(spawnFastCli(['--data', dataDir, 'export', String(batchId), '--force', '--stock', 'avery-l7651', '--out', path.join(dir, 'lot.pdf'), '--verify', 'off']));
  assert.equal(again.code, 0, again.stderr);
  assert.equal(exportRecords(dataDir).length, 1);
});
