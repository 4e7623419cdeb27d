import { after } from 'node:test';
import { Redactor } from '../../electron/core/log/redactor';
import { WechatClient } from '../../electron/core/wechat/wechatClient';
import type { RetryPolicy } from '../../electron/core/wechat/wechatHttp';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../electron/sandbox/sandboxServer';

export const FAST_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 1, maxDelayMs: 4 };

/** A sandbox on loopback, closed when the test file ends. */
export async function testSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ seed: 7, reviewDelayMs: 0, ...options });
  after(() => sandbox.close());
  return sandbox;
}

export interface ClientSetup {
  client: WechatClient;
  redactor: Redactor;
  /** Every backoff the client slept, in ms. */
  sleeps: number[];
}

/** A client of the sandbox with a recorded, instant backoff. */
export function sandboxClient(sandbox: Sandbox, mode: 'stable' | 'classic' = 'stable', secret = sandbox.secret): ClientSetup {
  const redactor = new Redactor();
  const sleeps: number[] = [];
  const client = new WechatClient({
    apiBase: sandbox.url,
    token: { kind: mode, appId: sandbox.appId, secret },
    redactor,
    appId: sandbox.appId,
    showQrcodeBase: sandbox.url,
    retry: FAST_RETRY,
    timeoutMs: 5000,
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { client, redactor, sleeps };
}

export const PRODUCT = { keystandard: 'ean13', keystr: '6900873042720' };

export const BRAND_INFO = {
  base_info: { title: '扫一扫动态主页demo', thumb_url: 'http://mmbiz.qpic.cn/mmbiz/x/0', brand_tag: '小耿哥8', category_id: 0, retail_price: '0.00', color: 'auto' },
  detail_info: { banner_list: [{ link: 'http://mmbiz.qpic.cn/mmbiz/b/0' }], detail_list: [{ title: '产品名称', desc: '微信相框moment' }] },
  action_info: { action_list: [{ type: 'text', text: '此处可根据品牌商需要,用于简单描述商品或活动。' }] },
  module_info: { module_list: [{ type: 'anti_fake', native_show: 'true' }] },
};

/** Posts raw JSON to the sandbox, bypassing the client's own checks (to test the sandbox's). */
export async function rawPost(sandbox: Sandbox, path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const url = new URL(sandbox.url + path);
  if (token) url.searchParams.set('access_token', token);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}

export async function stableToken(sandbox: Sandbox): Promise<string> {
  const reply = await rawPost(sandbox, '/cgi-bin/stable_token', { grant_type: 'client_credential', appid: sandbox.appId, secret: sandbox.secret });
  return String(reply.access_token);
}
