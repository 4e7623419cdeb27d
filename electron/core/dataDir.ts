import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from './appError';

export const PRODUCT_NAME = 'QR Pack';

/** `--data DIR`, `--data=DIR`, then `QRPACK_DATA`, then the given default. */
export function resolveDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, fallback: string): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data' && argv[i + 1]) return path.resolve(argv[i + 1]!);
    if (arg.startsWith('--data=')) return path.resolve(arg.slice('--data='.length));
  }
  if (env.QRPACK_DATA) return path.resolve(env.QRPACK_DATA);
  return fallback;
}

/** Where Electron's `app.getPath('userData')` points for this app, so the CLI finds the same log. */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

export const storeFile = (dataDir: string): string => path.join(dataDir, 'qrpack.sqlite');

/**
 * Creates a folder and its missing parents one level at a time. Node's recursive mkdir loops for
 * ever where a parent exists but refuses children (`/proc/x`); here the refusal is the answer.
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new AppError('storage', {
        en: `The data folder ${dir} cannot be created (${(error as NodeJS.ErrnoException).code ?? 'error'} at ${d}). Choose another with --data.`,
        'zh-CN': `无法创建数据文件夹 ${dir}(在 ${d} 处出错:${(error as NodeJS.ErrnoException).code ?? 'error'})。请用 --data 另选一个。`,
      });
    }
  }
}
