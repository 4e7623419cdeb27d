import electronUpdater from 'electron-updater';
import type { Log } from '../core/log/logFile';

/**
 * Updates from a generic URL the print shop or brand hosts (electron-builder writes latest*.yml
 * there), off unless one is configured: print-shop machines are often offline, and nothing should
 * reach out unasked. QRPACK_UPDATE_URL turns it on.
 */
export function checkForUpdates(log: Log, url = process.env.QRPACK_UPDATE_URL): void {
  if (!url) return;
  const { autoUpdater } = electronUpdater;
  autoUpdater.setFeedURL({ provider: 'generic', url });
  autoUpdater.logger = { info: (m: unknown) => log.write('info', String(m)), warn: (m: unknown) => log.write('warn', String(m)), error: (m: unknown) => log.write('error', String(m)) };
  autoUpdater.checkForUpdatesAndNotify().catch((error: unknown) => log.write('warn', 'update check failed', error));
}
