import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A worker's file: from source, its .ts under sheets/ (`writers/pdf/pageWorker`); built, the entry
 * of the same name in out/main (one level up from a chunk).
 */
function workerFile(sourcePath: string): URL {
  const name = sourcePath.split('/').at(-1)!;
  const candidates = [`./${sourcePath}.ts`, `./${name}.js`, `../${name}.js`].map((p) => new URL(p, import.meta.url));
  const found = candidates.find((url) => fs.existsSync(fileURLToPath(url)));
  if (!found) throw new Error(`${name} not found beside ${import.meta.url}`);
  return found;
}

/**
 * A worker thread running one of the sheet workers (writers/pdf/pageWorker, verify/verifyWorker).
 * From source (tests, benches) the worker registers tsx itself: Node 20 workers do not inherit the
 * parent's --import loader. Built code loads the .js entry directly.
 */
export function startSheetWorker(sourcePath: string, resourceLimits: ResourceLimits): Worker {
  const file = workerFile(sourcePath);
  return file.pathname.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(file.href)}))`, { eval: true, resourceLimits })
    : new Worker(file, { resourceLimits });
}
