/**
 * Builds better-sqlite3 for Electron's ABI into .native/ (run by `npm start` and `npm run dev`).
 *
 * node_modules/better-sqlite3 stays built for Node, so `npm test` keeps working right after
 * `npm start`; the main process loads the Electron build through better-sqlite3's `nativeBinding`
 * option. Tries the published prebuilt binary first, then compiles with node-gyp against
 * Electron's headers. Needs a connected machine the first time for each Electron version.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { electronBindingPath } from '../electron/core/store/nativeBindingPath';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const electronPackage = path.join(root, 'node_modules', 'electron');
const electronVersion: string = JSON.parse(fs.readFileSync(path.join(electronPackage, 'package.json'), 'utf8')).version;

if (!fs.existsSync(path.join(electronPackage, 'dist'))) {
  console.log('electron-native: no Electron binary installed (offline install?); nothing to build.');
  process.exit(0);
}
const target = electronBindingPath(root, electronVersion, process.arch);
if (fs.existsSync(target)) process.exit(0);

const source = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpack-native-'));
const copy = path.join(work, 'better-sqlite3');
fs.cpSync(source, copy, { recursive: true, filter: (file) => !file.startsWith(path.join(source, 'build')) });

// npm's `nodedir` setting would silently point node-gyp at Node's headers instead of Electron's.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_(nodedir|target|runtime|disturl)/i.test(key)));
const run = (command: string, args: string[]) =>
  spawnSync(process.execPath, [command, ...args], { cwd: copy, env, stdio: 'inherit' }).status === 0;

console.log(`electron-native: building better-sqlite3 for Electron ${electronVersion} (${process.platform}-${process.arch})`);
const built =
  run(require.resolve('prebuild-install/bin.js', { paths: [source] }), ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`]) ||
  run(require.resolve('node-gyp/bin/node-gyp.js'), [
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers',
  ]);
if (!built) {
  console.error('electron-native: could not build better-sqlite3 for Electron; see the output above.');
  process.exit(1);
}
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(path.join(copy, 'build', 'Release', 'better_sqlite3.node'), target);
fs.rmSync(work, { recursive: true, force: true });
console.log(`electron-native: ${path.relative(root, target)}`);
