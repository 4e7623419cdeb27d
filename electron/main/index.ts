import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { QrPackApp } from '../core/app';
import { resolveDataDir } from '../core/dataDir';
import { electronBindingPath } from '../core/store/nativeBindingPath';
import { inProcessSandbox } from '../sandbox/inProcessSandbox';
import { bindIpc } from './ipcBinding';
import { createMainWindow } from './mainWindow';
import { registerRendererScheme, RENDERER_ORIGIN, serveRenderer } from './rendererProtocol';
import { printPdf } from './printPdf';
import { safeStorageCipher } from './safeStorageCipher';
import { checkForUpdates } from './updates';

const here = path.dirname(fileURLToPath(import.meta.url));
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

// The data folder must be fixed before anything touches userData.
app.setPath('userData', resolveDataDir(process.argv, process.env, app.getPath('userData')));
registerRendererScheme();

function isOwnOrigin(url: string): boolean {
  try {
    const origin = new URL(url).origin;
    return origin === RENDERER_ORIGIN || (devServerUrl !== undefined && origin === new URL(devServerUrl).origin);
  } catch {
    return false;
  }
}

/** The better-sqlite3 build for Electron's ABI made by `npm start` (see scripts/electronNative.ts). */
function nativeBinding(): string | undefined {
  const file = electronBindingPath(app.getAppPath(), process.versions.electron, process.arch);
  return fs.existsSync(file) ? file : undefined;
}

const isDesignFile = (arg: string) => arg.toLowerCase().endsWith('.qrlabel');
// macOS hands over a file opened from Finder as an event, possibly before the app is ready.
const openedEarly: string[] = [];
let openDesign = (file: string) => void openedEarly.push(file);
app.on('open-file', (event, file) => {
  event.preventDefault();
  openDesign(file);
});

async function start(): Promise<void> {
  await app.whenReady();
  // The renderer asks for no device or permission; refuse all.
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, grant) => grant(false));
  serveRenderer(path.join(here, '../renderer'));

  const service = new QrPackApp({
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
    systemLocale: app.getLocale(),
    cipher: safeStorageCipher,
    nativeBinding: nativeBinding(),
    startSandbox: inProcessSandbox(app.getPath('userData')),
    desktop: {
      showItemInFolder: (file) => shell.showItemInFolder(file),
      openFile: async (file) => {
        await shell.openPath(file);
      },
      chooseSaveFile: async (defaultPath, extension) => {
        const chosen = await dialog.showSaveDialog({ defaultPath, filters: [{ name: extension.toUpperCase(), extensions: [extension] }] });
        return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
      },
      printFile: printPdf,
    },
  });
  if (app.isPackaged) checkForUpdates(service.log);
  // Label designs opened from the file manager (.qrlabel, associated by the installers).
  openDesign = (file: string) => {
    try {
      service.templates.importFile(file);
    } catch (error) {
      service.log.write('warn', `could not open the design ${file}`, error);
    }
  };
  [...process.argv.slice(1).filter(isDesignFile), ...openedEarly.splice(0)].forEach(openDesign);
  // The main process outlives any one operation: an error nobody awaited is logged, not fatal.
  process.on('unhandledRejection', (reason) => service.log.write('error', 'unhandled rejection', reason));
  const window = createMainWindow({
    preloadFile: path.join(here, '../preload/index.cjs'),
    startUrl: devServerUrl ?? `${RENDERER_ORIGIN}/index.html`,
    isOwnOrigin,
  });
  const unbind = bindIpc(service, window, isOwnOrigin);
  app.on('second-instance', (_event, argv) => {
    argv.filter(isDesignFile).forEach(openDesign);
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    unbind();
    void service.close();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start().catch((error: unknown) => {
    // Startup failures (a store from a newer version, say) must be visible, not a silent exit.
    console.error(error instanceof Error ? error.message : error);
    for (const window of BrowserWindow.getAllWindows()) window.destroy();
    app.exit(1);
  });
}
