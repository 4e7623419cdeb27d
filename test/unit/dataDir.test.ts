import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { defaultUserDataDir, resolveDataDir } from '../../electron/core/dataDir';

test('--data wins over QRPACK_DATA, which wins over the default', () => {
  assert.equal(resolveDataDir(['x', '--data', '/a'], { QRPACK_DATA: '/b' }, '/c'), '/a');
  assert.equal(resolveDataDir(['--data=/a2'], {}, '/c'), '/a2');
  assert.equal(resolveDataDir([], { QRPACK_DATA: '/b' }, '/c'), '/b');
  assert.equal(resolveDataDir([], {}, '/c'), '/c');
  assert.equal(resolveDataDir(['--data', 'rel'], {}, '/c'), path.resolve('rel'));
});

test('the default matches where Electron keeps userData for "QR Pack"', () => {
  assert.equal(defaultUserDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux'), path.join('/x', 'QR Pack'));
  assert.match(defaultUserDataDir({}, 'darwin'), /Library\/Application Support\/QR Pack$/);
  assert.equal(defaultUserDataDir({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32'), path.join('C:/Users/u/AppData/Roaming', 'QR Pack'));
});
