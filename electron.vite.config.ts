import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // zod is bundled: as its ~70 ES modules it took ≈50 ms of every CLI start (one file: ≈10 ms).
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        // The CLI is built beside the main process: both are Node code over electron/core.
        input: {
          index: resolve('electron/main/index.ts'),
          cli: resolve('electron/cli/index.ts'),
          // Sheet pages are built and verified on worker threads; each worker is its own entry.
          pageWorker: resolve('electron/core/sheets/writers/pdf/pageWorker.ts'),
          verifyWorker: resolve('electron/core/sheets/verify/verifyWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    esbuild: { jsx: 'automatic' },
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
