import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { EVENT_NAMES, METHOD_NAMES } from '../../shared/contract/channels';
import { contract, events } from '../../shared/contract/schemas';

const root = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .map(String)
    .filter((name) => /\.(ts|tsx)$/.test(name))
    .map((name) => path.join(dir, name));
}

/** Every module specifier a file imports (static, dynamic, and type imports). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)].map(
    (m) => (m[1] ?? m[2] ?? m[3])!,
  );
}

const resolvesInto = (file: string, specifier: string, dir: string) =>
  specifier.startsWith('.') && path.resolve(root, path.dirname(file), specifier).startsWith(path.join(root, dir) + path.sep);

test('the import scanner sees static, multi-line, type and side-effect imports', () => {
  assert.ok(importsOf('electron/preload/index.ts').includes('electron'));
  assert.ok(importsOf('electron/main/index.ts').includes('../core/app'));
  assert.ok(importsOf('renderer/src/main.tsx').includes('./styles.css'));
  assert.ok(importsOf('electron/core/app.ts').includes('zod'));
});

test('nothing under electron/core imports electron or reaches outward', () => {
  const files = sources('electron/core');
  assert.ok(files.length > 5);
  for (const file of files) {
    for (const spec of importsOf(file)) {
      assert.notEqual(spec, 'electron', `${file} imports electron`);
      if (spec.startsWith('.')) {
        assert.ok(resolvesInto(file, spec, 'electron/core') || resolvesInto(file, spec, 'shared'), `${file} imports ${spec}`);
      }
    }
  }
});

test('only electron/main and electron/preload import electron', () => {
  for (const dir of ['electron/cli', 'electron/transport', 'electron/sandbox', 'shared', 'renderer']) {
    if (!fs.existsSync(path.join(root, dir))) continue;
    for (const file of sources(dir)) assert.ok(!importsOf(file).includes('electron'), `${file} imports electron`);
  }
});

test('the renderer imports only shared/, its own files, and UI packages', () => {
  const allowedPackages = new Set(['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', 'recharts']);
  for (const file of sources('renderer/src')) {
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) {
        assert.ok(resolvesInto(file, spec, 'renderer') || resolvesInto(file, spec, 'shared'), `${file} imports ${spec}`);
      } else assert.ok(allowedPackages.has(spec), `${file} imports package ${spec}`);
    }
  }
});

test('the preload has no dependencies but electron and the contract channel list', () => {
  for (const file of sources('electron/preload')) {
    for (const spec of importsOf(file)) {
      assert.ok(
        spec === 'electron' || spec.endsWith('shared/contract/channels') || spec.endsWith('shared/contract/types'),
        `${file} imports ${spec}`,
      );
    }
  }
});

test('shared/ is free of Node and DOM-only modules', () => {
  for (const file of sources('shared')) {
    for (const spec of importsOf(file)) {
      assert.ok(spec === 'zod' || resolvesInto(file, spec, 'shared'), `${file} imports ${spec}`);
    }
  }
});

test('every method and event in the channel list has a schema, and no schema is unlisted', () => {
  assert.deepEqual(Object.keys(contract).sort(), [...METHOD_NAMES].sort());
  assert.deepEqual(Object.keys(events).sort(), [...EVENT_NAMES].sort());
});

test('the Electron window keeps its security settings', () => {
  const window = fs.readFileSync(path.join(root, 'electron/main/mainWindow.ts'), 'utf8');
  for (const setting of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true']) {
    assert.ok(window.includes(setting), setting);
  }
  assert.match(window, /setWindowOpenHandler[\s\S]*action: 'deny'/);
  assert.match(window, /will-navigate[\s\S]*preventDefault/);
  const main = fs.readFileSync(path.join(root, 'electron/main/index.ts'), 'utf8');
  assert.match(main, /requestSingleInstanceLock/);
});

test('no element id in the renderer can shadow the bridge global', () => {
  for (const file of [...sources('renderer/src'), 'renderer/index.html']) {
    assert.doesNotMatch(fs.readFileSync(path.join(root, file), 'utf8'), /id=["'{]\s*["']?qrpack["']/, file);
  }
});

/** The file a relative specifier names (.ts, .tsx or a folder's index.ts). */
function resolvedFile(file: string, spec: string): string | undefined {
  const base = path.join(path.dirname(file), spec);
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(path.join(root, candidate)));
}

test('the sheets room has no import circle, and nothing in it imports the export orchestrator back', () => {
  const files = sources('electron/core/sheets');
  const edges = new Map(files.map((file) => [file, importsOf(file).filter((spec) => spec.startsWith('.')).map((spec) => resolvedFile(file, spec)).filter((f) => f !== undefined)]));
  assert.ok(edges.size > 20);
  for (const [file, targets] of edges) {
    assert.ok(!targets.includes('electron/core/sheets/export/exportService.ts'), `${file} imports the orchestrator`);
  }
  // Depth-first search: a file met again while still on the path closes a circle.
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === 'done') return;
    assert.notEqual(state.get(file), 'open', `import circle: ${[...trail, file].join(' → ')}`);
    state.set(file, 'open');
    for (const next of edges.get(file) ?? []) visit(next, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
});
