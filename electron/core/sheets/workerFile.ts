import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** A worker's file: beside this module from source (.ts), or its built entry in out/main. */
function workerFile(name: string): URL {
  const candidates = [`./${name}.ts`, `./${name}.js`, `../${name}.js`].map((p) => new URL(p, import.meta.url));
  const found = candidates.find((url) => fs.existsSync(fileURLToPath(url)));
  if (!found) throw new Error(`${name} not found beside ${import.meta.url}`);
  return found;
}

/**
 * A worker thread running one of the sheet workers (pageWorker, verifyWorker). From source (tests,
 * benches) the worker registers tsx itself: Node 20 workers do not inherit the parent's --import
 * loader. Built code loads the .js entry directly.
 */
export function startSheetWorker(name: string, resourceLimits: ResourceLimits): Worker {
  const file = workerFile(name);
  return file.pathname.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(file.href)}))`, { eval: true, resourceLimits })
    : new Worker(file, { resourceLimits });
}
