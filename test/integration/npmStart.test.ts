import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { projectRoot } from '../support/projectPaths';
import { tempDir } from '../support/tempDir';

const hasElectronBinary = fs.existsSync(path.join(projectRoot, 'node_modules', 'electron', 'path.txt'));

test('npm start without the Electron runtime serves the app in the browser and prints its address', { timeout: 120_000 }, async (t) => {
  if (hasElectronBinary) return t.skip('the Electron runtime is installed here: npm start opens the desktop window instead');
  const started = performance.now();
  // The download is not attempted (QRPACK_ELECTRON_DOWNLOAD=never): this test must not depend on the network.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts', 'start.ts')], {
    cwd: projectRoot,
    env: { ...process.env, QRPACK_DATA: tempDir(), QRPACK_NO_BROWSER: '1', QRPACK_ELECTRON_DOWNLOAD: 'never' },
  });
  after(() => void child.kill('SIGTERM'));
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (http:\/\/127\.0\.0\.1:\d+\/#session=\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited ${code}:\n${output}`)));
  });
  assert.ok(performance.now() - started < 60_000, 'the address is printed within a minute');
  assert.match(output, /QR Pack opens in your browser instead of its own window: the Electron runtime is not installed/);
  assert.doesNotMatch(output, /\n\s+at .*:\d+:\d+/, 'no stack trace');
  const page = await fetch(new URL(url).origin + '/');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<div id="root">|QR Pack/);
  child.kill('SIGTERM');
  const [code] = await new Promise<[number | null]>((resolve) => child.once('exit', (c) => resolve([c])));
  assert.ok(code === 0 || code === null, `stops cleanly on SIGTERM (${code})`);
});
