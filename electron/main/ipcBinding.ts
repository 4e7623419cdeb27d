import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { METHOD_NAMES, eventChannel, methodChannel, type Envelope } from '../../shared/contract';
import type { QrPackApp } from '../core/app';

/**
 * Binds every contract method to an IPC channel. The service validates each call's arguments
 * against the contract schema; calls from any frame but our own window's top frame are refused.
 */
export function bindIpc(app: QrPackApp, window: BrowserWindow, isOwnOrigin: (url: string) => boolean): () => void {
  const trusted = (event: IpcMainInvokeEvent) =>
    event.sender === window.webContents && event.senderFrame !== null && event.senderFrame === window.webContents.mainFrame
      && isOwnOrigin(event.senderFrame.url);

  for (const method of METHOD_NAMES) {
    ipcMain.handle(methodChannel(method), (event, args: unknown): Promise<Envelope<unknown>> | Envelope<never> => {
      if (!trusted(event)) {
        return {
          ok: false,
          error: { code: 'forbidden', message: { en: 'Refused: not the app window.', 'zh-CN': '已拒绝:请求并非来自应用窗口。' } },
        };
      }
      return app.dispatch(method, args);
    });
  }
  const unsubscribe = app.onEvent((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(eventChannel(event), payload);
  });
  return () => {
    unsubscribe();
    for (const method of METHOD_NAMES) ipcMain.removeHandler(methodChannel(method));
  };
}
