/**
 * `npm start`: the main job, wherever it runs. With the Electron runtime — downloaded on the first
 * start, since `npm install` skips Electron's own download (package.json `allowScripts`) so that an
 * offline install succeeds — the desktop window. Without it (no connection to the download host),
 * the same app served by the browser transport on loopback and opened in the system browser.
 */
import { spawn, spawnSync } from 'node:child_process';
import dns from 'node:dns/promises';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(import.meta.dirname, '..');
const electronPackage = path.join(root, 'node_modules', 'electron');
const PROBE_TIMEOUT_MS = 5000;

/** Whether Electron's binary is installed (its install script writes path.txt after the download). */
function hasElectronBinary(): boolean {
  const pathFile = path.join(electronPackage, 'path.txt');
  if (!fs.existsSync(pathFile)) return false;
  return fs.existsSync(path.join(electronPackage, 'dist', fs.readFileSync(pathFile, 'utf8').trim()));
}

/** Whether the download host answers at all, within a few seconds (an offline machine may hang for minutes). */
async function canReach(host: string): Promise<boolean> {
  const within = <T>(work: Promise<T>) =>
    Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS))]);
  try {
    const { address } = await within(dns.lookup(host));
    await within(
      new Promise<void>((resolve, reject) => {
        const socket = net.connect(443, address, () => (socket.destroy(), resolve()));
        socket.once('error', reject);
      }),
    );
    return true;
  } catch {
    return false;
  }
}

const node = (args: string[], options: { env?: NodeJS.ProcessEnv } = {}) =>
  spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: options.env ?? process.env }).status === 0;

function openBrowser(url: string): void {
  if (process.env.QRPACK_NO_BROWSER) return;
  const [command, args] =
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  // No desktop session (a server, CI): the address printed above is the way in.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  spawn(command, args, { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
}

async function main(): Promise<number> {
  if (!hasElectronBinary() && process.env.QRPACK_ELECTRON_DOWNLOAD !== 'never') {
    const host = new URL(process.env.ELECTRON_MIRROR ?? 'https://github.com').hostname;
    if (await canReach(host)) {
      console.log('Downloading the Electron runtime for the desktop window (first start only)…');
      node([path.join(electronPackage, 'install.js')]);
    }
  }
  const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (hasElectronBinary()) {
    if (!node(['--import', 'tsx', path.join(root, 'scripts', 'electronNative.ts')])) return 1;
    return node([electronVite, 'preview']) ? 0 : 1;
  }

  console.log(
    'QR Pack opens in your browser instead of its own window: the Electron runtime is not installed and its download host cannot be reached.',
  );
  if (!node([electronVite, 'build', '--logLevel', 'warn'])) return 1;
  const ui = spawn(process.execPath, [path.join(root, 'out', 'main', 'cli.js'), 'ui'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => ui.kill(signal));
  for await (const line of readline.createInterface({ input: ui.stdout })) {
    console.log(line);
    const url = /^listening (\S+)/.exec(line)?.[1];
    if (url) {
      console.log('Open that address in a browser on this computer (it carries the session key); Ctrl-C stops QR Pack.');
      openBrowser(url);
    }
  }
  return await new Promise<number>((resolve) => (ui.exitCode === null ? ui.once('exit', (code) => resolve(code ?? 0)) : resolve(ui.exitCode)));
}

process.exitCode = await main();
