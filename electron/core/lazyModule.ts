import { createRequire } from 'node:module';

/** Node's require beside this module: packages loaded synchronously, on first use. */
export const requireModule = createRequire(import.meta.url);

/**
 * A package loaded the first time it is needed, not when the CLI starts: `qrpack batches` never
 * pays for pdfkit, sharp, fontkit, pg or an HTML sanitiser (hundreds of ms together).
 */
export function lazyModule<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}
