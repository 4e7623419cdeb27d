import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';

/**
 * The system's print dialog for a PDF: the file opened in a hidden window with Chromium's PDF
 * viewer (the same renderer the app verifies with), printed from there, and the window closed.
 */
export async function printPdf(file: string): Promise<void> {
  const window = new BrowserWindow({ show: false, webPreferences: { plugins: true, sandbox: true, contextIsolation: true, nodeIntegration: false } });
  try {
    await window.loadURL(pathToFileURL(file).href);
    await new Promise<void>((resolve, reject) =>
      window.webContents.print({ silent: false, printBackground: true }, (printed, reason) => (printed || reason === 'cancelled' ? resolve() : reject(new Error(`printing failed: ${reason}`)))),
    );
  } finally {
    window.destroy();
  }
}
