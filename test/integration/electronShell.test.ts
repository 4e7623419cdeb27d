import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { projectRoot } from '../support/projectPaths';
import { tempDir } from '../support/tempDir';

const electronDist = path.join(projectRoot, 'node_modules', 'electron', 'dist');
const hasBinary = fs.existsSync(electronDist);

test(
  'the Electron app starts on the sandbox account with its security settings',
  {
    skip: hasBinary
      ? false
      : 'needs the Electron runtime, which is not installed here (npm start downloads it on a connected machine)',
  },
  async () => {
    const app = await electron.launch({
      executablePath: path.join(electronDist, process.platform === 'win32' ? 'electron.exe' : 'electron'),
      args: [projectRoot, '--data', tempDir()],
    });
    try {
      const window = await app.firstWindow();
      await window.getByTestId('account-list').waitFor();
      assert.match(await window.getByTestId('active-account').innerText(), /Sandbox|沙箱/);
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0]!;
        return (w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
      });
      assert.equal(prefs.contextIsolation, true);
      assert.equal(prefs.sandbox, true);
      assert.equal(prefs.nodeIntegration, false);
      assert.equal(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require), 'undefined');
    } finally {
      await app.close();
    }
  },
);
