import os from 'node:os';
import path from 'node:path';

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
