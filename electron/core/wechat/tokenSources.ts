import { AppError } from '../appError';
import type { Redactor } from '../log/redactor';
import { CachedTokenSource, FixedTokenSource, type FreshToken, type TokenSource } from './tokenSource';
import type { WechatHttp } from './wechatHttp';

export type TokenSpec =
  | { kind: 'stable'; appId: string; secret: string }
  | { kind: 'classic'; appId: string; secret: string }
  | { kind: 'service'; url: string; key?: string; timeoutMs?: number }
  | { kind: 'authorizer'; token: string };

const asFresh = (reply: Record<string, unknown>): FreshToken => ({
  token: String(reply.access_token ?? ''),
  expiresInS: Number(reply.expires_in ?? 0),
});

/** Builds the token source for an account. `http` is a client used only for the token endpoints. */
export function createTokenSource(spec: TokenSpec, http: WechatHttp, redactor: Redactor): TokenSource {
  switch (spec.kind) {
    case 'stable':
      redactor.add(spec.secret);
      // stable_token never invalidates other holders: several print-shop machines can share an AppID.
      return new CachedTokenSource(
        async () =>
          asFresh(
            await http.request('/cgi-bin/stable_token', {
              method: 'POST',
              body: { grant_type: 'client_credential', appid: spec.appId, secret: spec.secret, force_refresh: false },
            }),
          ),
        redactor,
      );
    case 'classic':
      redactor.add(spec.secret);
      return new CachedTokenSource(
        async () =>
          asFresh(
            await http.request('/cgi-bin/token', {
              method: 'GET',
              query: { grant_type: 'client_credential', appid: spec.appId, secret: spec.secret },
            }),
          ),
        redactor,
      );
    case 'service':
      if (spec.key) redactor.add(spec.key);
      return new CachedTokenSource(() => fetchFromTokenService(spec.url, spec.key, spec.timeoutMs ?? 15_000, redactor), redactor);
    case 'authorizer':
      redactor.add(spec.token);
      return new FixedTokenSource(spec.token);
  }
}

async function fetchFromTokenService(url: string, key: string | undefined, timeoutMs: number, redactor: Redactor): Promise<FreshToken> {
  const failed = (why: string) =>
    new AppError('internal', {
      en: `The brand's token service did not give a token (${redactor.redact(why)}). Check its URL and key, or ask the brand.`,
      'zh-CN': `品牌方的令牌服务未返回令牌(${redactor.redact(why)})。请检查其地址和密钥,或联系品牌方。`,
    });
  let response: Response;
  try {
    response = await fetch(url, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw failed(String((error as Error)?.message ?? error));
  }
  if (!response.ok) throw failed(`HTTP ${response.status}`);
  let body: Record<string, unknown>;
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    throw failed('not JSON');
  }
  const fresh = asFresh(body);
  if (!fresh.token || !(fresh.expiresInS > 0)) throw failed('no access_token / expires_in in the answer');
  return fresh;
}
