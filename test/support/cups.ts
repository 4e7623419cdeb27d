import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A CUPS of the test's own: cupsd on a free loopback port, its own config folder, a cups-pdf queue writing into `outDir`. */
export interface TestCups {
  server: string;
  queue: string;
  outDir: string;
  /** Adds a raw queue (no filter: the bytes as sent) on a device, e.g. socket://127.0.0.1:PORT. */
  addRawQueue(name: string, device: string): void;
  stop(): void;
}

const CUPSD = ['/usr/sbin/cupsd', '/usr/bin/cupsd'].find((f) => fs.existsSync(f));
const CUPS_PDF = '/usr/lib/cups/backend/cups-pdf';
const PPD = '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd';

/** Why a real CUPS cannot run here (null when it can): the tests that need one say so when they skip. */
export function cupsMissing(): string | null {
  if (!CUPSD) return 'no cupsd (apt-get install cups)';
  if (!fs.existsSync(CUPS_PDF) || !fs.existsSync(PPD) || !fs.existsSync('/etc/cups')) return 'no cups-pdf (apt-get install printer-driver-cups-pdf)';
  if (process.getuid?.() !== 0) return 'cups-pdf runs as root only, and these tests are not root';
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/**
 * Starts cupsd in the foreground (-f) with its own cupsd.conf (-c) and cups-files.conf (-s): every
 * folder under `root`, listening on 127.0.0.1 only, no browsing; a cups-pdf queue writes each
 * job's PDF into `outDir`.
 */
export async function startCups(root: string): Promise<TestCups> {
  const port = await freePort();
  const dirs = Object.fromEntries(['spool', 'cache', 'state', 'log', 'out', 'anon', 'tmp'].map((d) => [d, path.join(root, d)]));
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true, mode: 0o777 });
  fs.chmodSync(root, 0o755);
  for (const dir of [dirs.out!, dirs.anon!, dirs.tmp!]) fs.chmodSync(dir, 0o1777);
  fs.writeFileSync(
    path.join(root, 'cupsd.conf'),
    [
      `Listen 127.0.0.1:${port}`,
      'Browsing Off',
      'DefaultAuthType None',
      'LogLevel warn',
      'WebInterface No',
      '<Location />',
      '  Order allow,deny',
      '  Allow all',
      '</Location>',
      '<Policy default>',
      '  <Limit All>',
      '    Order allow,deny',
      '    Allow all',
      '  </Limit>',
      '</Policy>',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(root, 'cups-files.conf'),
    [
      `ServerRoot ${root}`,
      `RequestRoot ${dirs.spool}`,
      `CacheDir ${dirs.cache}`,
      `StateDir ${dirs.state}`,
      `TempDir ${dirs.tmp}`,
      `ErrorLog ${path.join(dirs.log!, 'error_log')}`,
      `AccessLog ${path.join(dirs.log!, 'access_log')}`,
      `PageLog ${path.join(dirs.log!, 'page_log')}`,
      'Sandboxing Relaxed',
      '',
    ].join('\n'),
  );
  // cups-pdf reads its settings from /etc/cups only (compiled in): a queue whose device is
  // cups-pdf:/NAME reads cups-pdf-NAME.conf there, so the test's own file, removed at the end,
  // sends its PDFs into the test's folder and leaves the system's cups-pdf.conf alone.
  const instance = `qrpacktest-${port}`;
  const pdfConf = path.join('/etc/cups', `cups-pdf-${instance}.conf`);
  fs.writeFileSync(pdfConf, [`Out ${dirs.out}`, `AnonDirName ${dirs.anon}`, `Spool ${dirs.tmp}`, 'Grp root', `Log ${dirs.log}`, 'LogType 1', ''].join('\n'));
  const daemon: ChildProcess = spawn(CUPSD!, ['-f', '-c', path.join(root, 'cupsd.conf'), '-s', path.join(root, 'cups-files.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  daemon.stderr!.on('data', (chunk) => (said += chunk));
  const server = `127.0.0.1:${port}`;
  const env = { ...process.env, CUPS_SERVER: server };
  const stop = () => {
    if (daemon.exitCode === null) daemon.kill('SIGTERM');
    fs.rmSync(pdfConf, { force: true });
  };
  for (let i = 0; ; i++) {
    try {
      if (execFileSync('lpstat', ['-r'], { env, encoding: 'utf8', stdio: 'pipe' }).includes('scheduler is running')) break;
      throw new Error('not yet');
    } catch (error) {
      if (i > 100 || daemon.exitCode !== null) {
        stop();
        const log = fs.readFileSync(path.join(dirs.log!, 'error_log'), { encoding: 'utf8', flag: 'a+' });
        throw new Error(`cupsd did not start: ${said} ${log}`.slice(0, 2000), { cause: error });
      }
      await sleep(100);
    }
  }
  const queue = 'qrpack-pdf';
  execFileSync('lpadmin', ['-p', queue, '-E', '-v', `cups-pdf:/${instance}`, '-P', PPD], { env, stdio: 'pipe' });
  const addRawQueue = (name: string, device: string) => execFileSync('lpadmin', ['-p', name, '-E', '-v', device, '-m', 'raw'], { env, stdio: 'pipe' });
  return { server, queue, outDir: dirs.out!, addRawQueue, stop };
}

/** Waits for cups-pdf to have written `count` PDFs into the Out folder (a job is converted after lp returns). */
export async function printedPdfs(cups: TestCups, count: number, timeoutMs = 60_000): Promise<string[]> {
  const started = Date.now();
  for (;;) {
    const done = execFileSync('lpstat', ['-W', 'not-completed', '-o'], { env: { ...process.env, CUPS_SERVER: cups.server }, encoding: 'utf8' }).trim() === '';
    const files = fs.readdirSync(cups.outDir, { recursive: true }).map(String).filter((f) => f.endsWith('.pdf')).sort();
    if (done && files.length >= count) return files.map((f) => path.join(cups.outDir, f));
    if (Date.now() - started > timeoutMs) throw new Error(`cups-pdf wrote ${files.length} of ${count} PDFs in ${timeoutMs} ms`);
    await sleep(200);
  }
}
