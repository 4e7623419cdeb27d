import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Log } from '../log/logFile';
import { aesKeyOf, decryptMessage, encryptMessage, MessageCryptoError, messageSignature, signatureMatches } from './messageCrypto';
import { buildMessage, MESSAGE_MAX_BYTES, MessageXmlError, parseMessage } from './messageXml';
import { CARD_EVENTS } from './cardEvents';
import type { VerdictSource } from './verdictLedger';

export interface MessageServerOptions {
  /** The Token set in the official account's console. */
  token: string;
  /**
   * Safe mode: the EncodingAESKey (43 characters) and the official account's AppID. Only encrypted
   * pushes are accepted, unless `compatible` (WeChat's compatible mode, while switching over).
   */
  safeMode?: { encodingAesKey: string; appId: string; compatible?: boolean };
  host?: string;
  port?: number;
  /** How far a push's timestamp may be from now (replays of older pushes are refused). */
  windowS?: number;
  /** How long a request may take to arrive, headers and body (WeChat itself gives up after 5 s). */
  requestTimeoutMs?: number;
  nowS?: () => number;
}

const DEFAULT_WINDOW_S = 300;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Refusals of one kind are logged once in this time, with how many there were. */
const REFUSAL_LOG_EVERY_MS = 60_000;
/**
 * Pushes remembered for the window at most (≈30 MB; 660 signed pushes a second for 5 minutes):
 * beyond it pushes are refused (503, WeChat retries) rather than grow memory.
 */
const REMEMBERED_MAX = 200_000;

class Refusal extends Error {
  constructor(
    readonly status: number,
    why: string,
  ) {
    super(why);
  }
}

/**
 * The (timestamp, nonce) pairs of the window's pushes, with a digest of each body. The pair signs
 * nothing of a plaintext body, so a captured query could carry another body: a pair seen again
 * with another body is refused; with the same body it is WeChat's retry, answered again (the
 * ledger records a scan once).
 */
class PushMemory {
  private byTimestamp = new Map<string, Map<string, string>>();
  private size = 0;
  private sweptS = 0;

  constructor(
    private readonly windowS: number,
    private readonly nowS: () => number,
  ) {}

  /** Remembers the push; false when its pair was used by another body. */
  use(timestamp: string, nonce: string, body: string): boolean {
    this.sweep();
    const digest = createHash('sha256').update(body).digest('base64');
    let nonces = this.byTimestamp.get(timestamp);
    const seen = nonces?.get(nonce);
    if (seen !== undefined) return seen === digest;
    if (this.size >= REMEMBERED_MAX) throw new Refusal(503, 'too many pushes to remember');
    if (!nonces) this.byTimestamp.set(timestamp, (nonces = new Map()));
    nonces.set(nonce, digest);
    this.size++;
    return true;
  }

  /** Forgets the pairs whose timestamp left the window (they are refused as stale anyway). */
  private sweep(): void {
    const now = this.nowS();
    if (now === this.sweptS) return;
    this.sweptS = now;
    for (const [timestamp, nonces] of this.byTimestamp) {
      if (Math.abs(now - Number(timestamp)) <= this.windowS) continue;
      this.size -= nonces.size;
      this.byTimestamp.delete(timestamp);
    }
  }
}

/** One log line per kind of refusal a minute at most, with the count since the last: a flood cannot fill the disk. */
function refusalLog(log: Log): (why: string, detail?: unknown) => void {
  const kinds = new Map<string, { lastMs: number; unlogged: number }>();
  return (why, detail) => {
    const nowMs = Date.now();
    const kind = kinds.get(why);
    if (kind && nowMs - kind.lastMs < REFUSAL_LOG_EVERY_MS) {
      kind.unlogged++;
      return;
    }
    const since = kind?.unlogged ? ` (${kind.unlogged} more since the last line)` : '';
    kinds.set(why, { lastMs: nowMs, unlogged: 0 });
    log.write(detail === undefined ? 'warn' : 'error', `message server refused a request: ${why}${since}`, detail);
  };
}

/**
 * The brand's WeChat message server for anti-fake verdicts (seed 001): URL verification, then
 * `scan_product_callback` pushes in plaintext or safe mode answered with the `scanproduct` reply
 * from the ledger; any other push gets "success". A request it cannot verify is refused (401 for
 * a bad signature, 403 for a stale timestamp or a plaintext push to a safe-mode server, 409 for a
 * timestamp and nonce used again with another body, 400 for malformed input, 413 for a huge body,
 * 408 for a body slower than requestTimeoutMs) and recorded nowhere as a verdict. The query's
 * signature and age are checked before the body is read; refusals are logged at a bounded rate.
 */
export async function startMessageServer(ledger: VerdictSource, log: Log, options: MessageServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const key = options.safeMode ? aesKeyOf(options.safeMode.encodingAesKey) : null;
  const windowS = options.windowS ?? DEFAULT_WINDOW_S;
  const nowS = options.nowS ?? (() => Math.floor(Date.now() / 1000));
  const memory = new PushMemory(windowS, nowS);
  const refused = refusalLog(log);

  const signedQuery = (url: URL) => {
    const timestamp = url.searchParams.get('timestamp');
    const nonce = url.searchParams.get('nonce');
    if (!timestamp || !nonce || !/^\d{1,12}$/.test(timestamp)) throw new Refusal(400, 'timestamp and nonce are required');
    return { timestamp, nonce };
  };
  const checkFresh = (timestamp: string) => {
    if (Math.abs(nowS() - Number(timestamp)) > windowS) throw new Refusal(403, 'stale timestamp');
  };

  const handle = async (req: http.IncomingMessage): Promise<{ status: number; type: string; body: string }> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET') {
      const { timestamp, nonce } = signedQuery(url);
      const echostr = url.searchParams.get('echostr');
      if (echostr === null) throw new Refusal(400, 'echostr is required');
      if (!signatureMatches(messageSignature(options.token, timestamp, nonce), url.searchParams.get('signature'))) throw new Refusal(401, 'bad signature');
      checkFresh(timestamp);
      return { status: 200, type: 'text/plain', body: echostr };
    }
    if (req.method !== 'POST') throw new Refusal(405, 'GET or POST');
    const { timestamp, nonce } = signedQuery(url);
    // Before the body is read: WeChat signs the query of every push, in every mode.
    if (!signatureMatches(messageSignature(options.token, timestamp, nonce), url.searchParams.get('signature'))) throw new Refusal(401, 'bad signature');
    checkFresh(timestamp);
    const safe = url.searchParams.get('encrypt_type') === 'aes';
    if (safe && (!key || !options.safeMode)) throw new Refusal(400, 'safe mode is not configured');
    if (!safe && key && !options.safeMode?.compatible) throw new Refusal(403, 'a plaintext push to a safe-mode server');
    const body = await readBody(req);
    let message: Record<string, string>;
    if (safe) {
      const outer = parseMessage(body);
      const encrypted = outer.Encrypt;
      if (!encrypted) throw new Refusal(400, 'no Encrypt');
      if (!signatureMatches(messageSignature(options.token, timestamp, nonce, encrypted), url.searchParams.get('msg_signature'))) throw new Refusal(401, 'bad msg_signature');
      message = parseMessage(decryptMessage(key!, options.safeMode!.appId, encrypted));
    } else message = parseMessage(body);
    if (!memory.use(timestamp, nonce, body)) throw new Refusal(409, 'a timestamp and nonce used again with another body');
    const reply = await answer(message);
    if (reply === null) return { status: 200, type: 'text/plain', body: 'success' };
    if (!safe) return { status: 200, type: 'application/xml', body: reply };
    const encrypt = encryptMessage(key!, options.safeMode!.appId, reply);
    const replyNonce = randomBytes(8).toString('hex');
    const replyTime = String(nowS());
    return {
      status: 200,
      type: 'application/xml',
      body: buildMessage({ Encrypt: encrypt, MsgSignature: messageSignature(options.token, replyTime, replyNonce, encrypt), TimeStamp: Number(replyTime), Nonce: replyNonce }),
    };
  };

  /** The scanproduct reply of seed 001, or null ("success") for any other push and for a scan without a code. */
  const answer = async (m: Record<string, string>): Promise<string | null> => {
    const cardEvent = m.MsgType === 'event' ? CARD_EVENTS[m.Event ?? ''] : undefined;
    if (cardEvent) {
      const createTime = Number(m.CreateTime);
      if (!m.FromUserName || !m.CardId || !m.UserCardCode || !Number.isSafeInteger(createTime)) throw new Refusal(400, `an incomplete ${m.Event}`);
      const gift = cardEvent === 'claim' && m.IsGiveByFriend === '1';
      await ledger.cardEvent({
        event: cardEvent,
        fromUser: m.FromUserName,
        createTime,
        cardId: m.CardId,
        userCardCode: m.UserCardCode,
        outerStr: m.OuterStr ?? '',
        givenBy: gift ? m.FriendUserName || '' : null,
        oldCode: gift ? m.OldUserCardCode || null : null,
      });
      return null;
    }
    if (m.MsgType !== 'event' || m.Event !== 'scan_product_callback') return null;
    const { FromUserName: fromUser, ToUserName: toUser, KeyStandard: keystandard, KeyStr: keystr, ExtInfo: extinfo } = m;
    const createTime = Number(m.CreateTime);
    if (!fromUser || !toUser || !keystandard || !keystr || !Number.isSafeInteger(createTime)) throw new Refusal(400, 'an incomplete scan_product_callback');
    // ExtInfo is optional (seed 000: getqrcode's extinfo may be left out; a barcode scan has none).
    const result = await ledger.answer({ fromUser, createTime, keystandard, keystr, extinfo: extinfo ?? '' });
    if (result === 'no_code') return null;
    return buildMessage({
      ToUserName: fromUser,
      FromUserName: toUser,
      CreateTime: createTime,
      MsgType: 'scanproduct',
      ScanProduct: { KeyStandard: keystandard, KeyStr: keystr, ExtInfo: extinfo!, AntiFake: { CodeResult: result } },
    });
  };

  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Node checks the timeouts every connectionsCheckingInterval, 30 s by default: here every second.
  const server = http.createServer({ requestTimeout: requestTimeoutMs, headersTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, requestTimeoutMs) }, (req, res) => {
    handle(req).then(
      (r) => res.writeHead(r.status, { 'content-type': `${r.type}; charset=utf-8` }).end(r.body),
      (error: unknown) => {
        const status = error instanceof Refusal ? error.status : error instanceof MessageXmlError || error instanceof MessageCryptoError ? 400 : 500;
        if (status === 500) refused('the server failed on a push', error);
        else refused(`${status} ${error instanceof Error ? error.message : ''}`);
        // A client that left mid-body has no one to answer.
        if (!req.socket || req.socket.destroyed) return;
        // A request refused before its body was read is closed: the body is never read.
        const close = !req.complete;
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: close ? 'close' : 'keep-alive' }).end(status === 500 ? 'error' : 'refused');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/**
 * The body as text, refused past MESSAGE_MAX_BYTES without reading the rest. Read by events, not
 * `for await`, which would destroy the request (and its socket) before the refusal is answered.
 */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MESSAGE_MAX_BYTES) settle(() => (req.pause(), reject(new Refusal(413, 'body too large'))));
      else chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks).toString('utf8')));
    // The client hung up, or the request timed out, mid-body.
    const onGone = () => settle(() => reject(new Refusal(400, 'the body did not arrive whole')));
    req.on('data', onData).once('end', onEnd).once('error', onGone).once('close', onGone);
  });
}
