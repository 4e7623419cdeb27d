import { randomBytes } from 'node:crypto';
import { aesKeyOf, decryptMessage, encryptMessage, messageSignature } from '../core/verdicts/messageCrypto';
import { buildMessage, parseMessage } from '../core/verdicts/messageXml';
import { fail, isString } from './sandboxError';

/** The sandbox account's message server, as set in a real official account's console. */
export interface PushTarget {
  url: string;
  token: string;
  /** Safe mode: the EncodingAESKey and the AppID the messages are encrypted for. */
  safeMode?: { encodingAesKey: string; appId: string };
}

/** What the message server made of a push: its HTTP status, and the CodeResult of a scanproduct reply. */
export interface PushOutcome {
  status: number;
  codeResult?: string;
  error?: string;
}

/** The sandbox official account's original ID (gh_…), the ToUserName of its pushes. */
export const SANDBOX_ORIGINAL_ID = 'gh_5a4db0c0de01';
/** WeChat gives a message server 5 seconds to answer. */
const PUSH_TIMEOUT_MS = 5000;
const TOKEN_PATTERN = /^[A-Za-z0-9]{3,32}$/;

/**
 * WeChat's push side for the sandbox account: events signed with the server's Token (and in
 * safe mode encrypted with its EncodingAESKey), POSTed to its URL as WeChat would. Set with
 * `POST /sandbox/push {url, token, encodingAesKey?, appId?}` (an empty url stops pushing).
 */
export class SandboxPush {
  target: PushTarget | null = null;
  pushes = 0;

  constructor(
    private readonly appId: string,
    private readonly nowMs: () => number,
  ) {}

  /** Checks and sets a target from a control body; null for a body that stops pushing. */
  configure(body: Record<string, unknown>): PushTarget | null {
    if (body.url === undefined || body.url === null || body.url === '') return (this.target = null);
    if (!isString(body.url) || !/^https?:\/\/[^\s]+$/.test(body.url) || !URL.canParse(body.url)) return fail(40097, 'url is an http(s) address');
    if (!isString(body.token) || !TOKEN_PATTERN.test(body.token)) return fail(40097, 'token is 3-32 letters or digits');
    let safeMode: PushTarget['safeMode'];
    if (body.encodingAesKey !== undefined && body.encodingAesKey !== '') {
      if (!isString(body.encodingAesKey) || !/^[A-Za-z0-9+/]{43}$/.test(body.encodingAesKey)) return fail(40097, 'encodingAesKey is 43 letters and digits');
      if (body.appId !== undefined && (!isString(body.appId) || !/^wx[0-9a-f]{16}$/.test(body.appId))) return fail(40097, 'appId is wx and 16 hex digits');
      safeMode = { encodingAesKey: body.encodingAesKey, appId: (body.appId as string | undefined) ?? this.appId };
    }
    return (this.target = { url: body.url, token: body.token, safeMode });
  }

  /** Pushes an event to the target (none set: null). A server that cannot be reached is an outcome, not a failure of the scan. */
  async push(openid: string, event: string, fields: Record<string, string | number | undefined>): Promise<PushOutcome | null> {
    const target = this.target;
    if (!target) return null;
    const present = Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string | number] => entry[1] !== undefined));
    const message = buildMessage({ ToUserName: SANDBOX_ORIGINAL_ID, FromUserName: openid, CreateTime: Math.floor(this.nowMs() / 1000), MsgType: 'event', Event: event, ...present });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(6).toString('hex');
    const query = new URLSearchParams({ signature: messageSignature(target.token, timestamp, nonce), timestamp, nonce, openid });
    let body = message;
    const key = target.safeMode ? aesKeyOf(target.safeMode.encodingAesKey) : null;
    if (target.safeMode && key) {
      const encrypt = encryptMessage(key, target.safeMode.appId, message);
      query.set('encrypt_type', 'aes');
      query.set('msg_signature', messageSignature(target.token, timestamp, nonce, encrypt));
      body = buildMessage({ ToUserName: SANDBOX_ORIGINAL_ID, Encrypt: encrypt });
    }
    this.pushes++;
    const url = new URL(target.url);
    for (const [name, value] of query) url.searchParams.set(name, value);
    try {
      const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/xml' }, signal: AbortSignal.timeout(PUSH_TIMEOUT_MS) });
      const text = await response.text();
      if (!response.ok) return { status: response.status };
      return { status: response.status, codeResult: this.codeResult(text, target, key) };
    } catch (error) {
      return { status: 0, error: error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'unreachable' };
    }
  }

  /** The CodeResult of a scanproduct reply ("success" and other replies carry none). */
  private codeResult(text: string, target: PushTarget, key: Buffer | null): string | undefined {
    if (!text.trimStart().startsWith('<')) return undefined;
    try {
      const outer = parseMessage(text);
      const inner = key && target.safeMode && outer.Encrypt ? decryptMessage(key, target.safeMode.appId, outer.Encrypt) : text;
      if (parseMessage(inner).MsgType !== 'scanproduct') return undefined;
      // parseMessage keeps the top level only; CodeResult sits in ScanProduct/AntiFake.
      return /<CodeResult>(?:<!\[CDATA\[)?([a-z_]+)/.exec(inner)?.[1] ?? 'unreadable';
    } catch {
      return 'unreadable';
    }
  }
}
