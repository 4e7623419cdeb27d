import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { listPackage } from '@electron/asar';
import pkg from '../../package.json';
import { projectRoot } from '../support/projectPaths';
import { tempDir } from '../support/tempDir';

/**
 * An unpacked (--dir) Linux package built by electron-builder with the project's own configuration.
 * Electron's runtime cannot be downloaded here, so a stand-in folder takes its place
 * (electronDist); rebuilding better-sqlite3 for Electron's ABI needs Electron's headers from the
 * network, so it is skipped here and done by `npm run dist` on a connected machine.
 */
test('the package holds the built app and production dependencies only, with native code unpacked', { timeout: 180_000 }, () => {
  assert.ok(fs.existsSync(path.join(projectRoot, 'out', 'main', 'index.js')), 'run `npm run build` first');
  const standIn = tempDir('qrpack-electron-stand-in-');
  fs.mkdirSync(path.join(standIn, 'resources'));
  fs.writeFileSync(path.join(standIn, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
  const output = tempDir('qrpack-dist-');
  const built = spawnSync(
    process.execPath,
    [path.join(projectRoot, 'node_modules', 'electron-builder', 'cli.js'), '--linux', 'dir', '--publish', 'never', `-c.electronDist=${standIn}`, '-c.npmRebuild=false', `-c.directories.output=${output}`],
    { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, ELECTRON_BUILDER_OFFLINE: '1' } },
  );
  assert.equal(built.status, 0, `${built.stdout}\n${built.stderr}`);
  const resources = path.join(output, 'linux-unpacked', 'resources');
  const files = listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
  const has = (file: string) => files.includes(file);

  for (const file of ['/package.json', '/out/main/index.js', '/out/main/cli.js', '/out/main/pageWorker.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
    assert.ok(has(file), `${file} is packed`);
  }
  for (const dependency of Object.keys(pkg.dependencies)) assert.ok(has(`/node_modules/${dependency}`), `production dependency ${dependency} is packed`);
  for (const dependency of Object.keys(pkg.devDependencies)) assert.ok(!has(`/node_modules/${dependency}`), `dev dependency ${dependency} is not packed`);
  const strays = files.filter((f) => /^\/(test|electron|renderer|scripts|bench|shared)\//.test(f) || f.endsWith('.map') || /\.test\.ts$/.test(f));
  assert.deepEqual(strays.slice(0, 5), [], 'no sources, tests or source maps');
  assert.ok(!files.some((f) => /\/noto-(sans-sc|serif-sc|sans-mono)\/900Black\//.test(f)), 'unused font weights stay out');
  for (const font of ['noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf', 'noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf', 'noto-sans-mono/400Regular/NotoSansMono_400Regular.ttf']) {
    assert.ok(has(`/node_modules/@expo-google-fonts/${font}`), `the label font ${font} is packed`);
  }

  const unpacked = path.join(resources, 'app.asar.unpacked', 'node_modules');
  assert.ok(fs.existsSync(path.join(unpacked, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')), 'the SQLite addon is unpacked');
  assert.ok(fs.readdirSync(path.join(unpacked, '@img')).some((d) => d.startsWith('sharp-')), "sharp's native code is unpacked");
  assert.ok(fs.existsSync(path.join(output, 'linux-unpacked', 'qrpack')), 'the executable carries the app name');
  const config = fs.readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8');
  for (const setting of [/appId: cn\.qrpack\.desktop/, /target: nsis/, /perMachine: true/, /- deb/, /- AppImage/, /target: dmg/, /ext: qrlabel/]) assert.match(config, setting);
  assert.equal(pkg.allowScripts.electron, false, "npm install never runs Electron's download");
});
