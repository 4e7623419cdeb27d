#!/usr/bin/env node
// Runs the test suites with Node's test runner (TypeScript through tsx): `node test/run.js [suite...]`.
// Suites are the folders of test/: unit, integration, e2e (default: all, in that order).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const testDir = path.dirname(fileURLToPath(import.meta.url));
const suites = process.argv.slice(2).length ? process.argv.slice(2) : ['unit', 'integration', 'e2e'];
const files = suites.flatMap((suite) => {
  const dir = path.join(testDir, suite);
  if (!fs.existsSync(dir)) throw new Error(`no test suite "${suite}"`);
  return fs.readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => path.join(dir, name));
});
if (!files.length) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, QRPACK_TEST: '1' },
});
process.exit(result.status ?? 1);
