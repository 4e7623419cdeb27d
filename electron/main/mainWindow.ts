import path from 'node:path';
import { BrowserWindow, dialog, shell } from 'electron';

/** Only https links leave the app, and only to the system browser. */
function openExternally(url: string): void {
  try {
    if (new URL(url).protocol === 'https:') void shell.openExternal(url);
  } catch {
    // Not a URL: nothing to open.
  }
}

export interface MainWindowOptions {
  preloadFile: string;
  /** The URL the renderer is loaded from (app://qrpack/ or the dev server). */
  startUrl: string;
  isOwnOrigin: (url: string) => boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'QR Pack',
    webPreferences: {
      preload: path.resolve(options.preloadFile),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());

  // No new windows, ever: https links go to the system browser, everything else is dropped.
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  // The window never navigates away from the app.
  window.webContents.on('will-navigate', (event, url) => {
    if (!options.isOwnOrigin(url)) {
      event.preventDefault();
      openExternally(url);
    }
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (!options.isOwnOrigin(url)) event.preventDefault();
  });
  // A screen with unsaved work (a label design) holds the window open: the person decides.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Leave without saving / 不保存,离开', 'Stay / 留下'],
      defaultId: 1,
      cancelId: 1,
      message: 'The label design has changes that are not saved.\n标签设计有未保存的修改。',
    });
    if (choice === 0) event.preventDefault();
  });
  void window.loadURL(options.startUrl);
  return window;
}
