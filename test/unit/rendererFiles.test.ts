import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { resolveRendererFile } from '../../electron/transport/rendererFiles';
import { tempDir } from '../support/tempDir';

test('serves files inside the renderer folder and nothing outside it', () => {
  const root = tempDir();
  const dir = path.join(root, 'renderer');
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), '<html>');
  fs.writeFileSync(path.join(dir, 'assets', 'a.js'), '');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'x');

  assert.equal(resolveRendererFile(dir, '/')?.file, path.join(dir, 'index.html'));
  assert.equal(resolveRendererFile(dir, '/assets/a.js?v=1')?.contentType, 'text/javascript; charset=utf-8');
  for (const evil of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets%5c..%5c..%5csecret.txt', '/%00', '/%E0%A4%A', '/assets']) {
    assert.equal(resolveRendererFile(dir, evil), null, evil);
  }
  assert.equal(resolveRendererFile(path.join(root, 'renderer'), '/../renderer-evil/x'), null);
});
