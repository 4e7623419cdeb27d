import path from 'node:path';
import type { SandboxStarter } from '../core/wechat/accountClients';

/**
 * The sandbox account's WeChat: started on first use, its state kept under `<data>/sandbox/`,
 * with a published demo product on a fresh install so the whole job runs at once.
 */
export const inProcessSandbox =
  (dataDir: string): SandboxStarter =>
  async () =>
    // Loaded when the sandbox account first calls WeChat, not when every command starts.
    (await import('./sandboxServer')).startSandbox({ dataDir: path.join(dataDir, 'sandbox'), reviewDelayMs: 5000, demoProduct: true });
