import { after } from 'node:test';
import type { AccountDraft } from '../../shared/account/accountDraft';
import { QrPackApp, type AppOptions } from '../../electron/core/app';
import { inProcessSandbox } from '../../electron/sandbox/inProcessSandbox';
import { tempDir } from './tempDir';
import { testCipher } from './testCipher';

/** A service on a fresh data folder with a working cipher; closed when the test file ends. */
export function testApp(overrides: Partial<AppOptions> = {}): QrPackApp {
  const dataDir = overrides.dataDir ?? tempDir();
  const app = new QrPackApp({
    dataDir,
    startSandbox: inProcessSandbox(dataDir),
    version: '0.0.0-test',
    systemLocale: 'en-US',
    cipher: testCipher(),
    ...overrides,
  });
  after(() => app.close());
  return app;
}

/** Calls an operation and returns its value, failing the test on an error envelope. */
export async function ok<T = unknown>(app: QrPackApp, method: string, args: unknown = {}): Promise<T> {
  const envelope = await app.dispatch(method, args);
  if (!envelope.ok) throw new Error(`${method} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.value as T;
}

export const VALID_SECRET = '0123456789abcdef0123456789abcdef';
export const validDraft = (overrides: Partial<AccountDraft> = {}): AccountDraft => ({
  name: 'Brand A',
  appId: 'wx1234567890abcdef',
  credentialKind: 'appSecret',
  secret: VALID_SECRET,
  tokenMode: 'stable',
  tokenServiceUrl: '',
  apiBase: 'https://api.weixin.qq.com',
  ...overrides,
});
