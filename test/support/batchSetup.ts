import type { QrPackApp } from '../../electron/core/app';
import type { Sandbox, SandboxOptions } from '../../electron/sandbox/sandboxServer';
import { BRAND_INFO, PRODUCT, sandboxClient, testSandbox } from './sandbox';
import { testApp, VALID_SECRET } from './testApp';

export const WECHAT_APP_ID = 'wx1234567890abcdef';

/** A sandbox acting as a brand's WeChat (with the product created) and an app account for it. */
export async function brandSetup(options: SandboxOptions = {}): Promise<{ app: QrPackApp; sandbox: Sandbox; accountId: string; pid: string }> {
  const sandbox = await testSandbox({ appId: WECHAT_APP_ID, secret: VALID_SECRET, ...options });
  const { pid } = await sandboxClient(sandbox).client.scan.create(PRODUCT, BRAND_INFO);
  const app = testApp();
  const accountId = app.accounts.ensureForAppId(WECHAT_APP_ID, { apiBase: sandbox.url, tokenMode: 'stable' }).id;
  app.useSecret(accountId, VALID_SECRET);
  return { app, sandbox, accountId, pid };
}

export const patternPlan = (count: number, pattern = 'LOT7-{seq:6}') => ({
  product: PRODUCT,
  qrcodeSizePx: 100,
  source: { kind: 'pattern' as const, pattern, start: 1, count, step: 1 },
});
