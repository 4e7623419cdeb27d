import { randomBytes } from 'node:crypto';
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
  /** Safe mode: the EncodingAESKey (43 characters) and the official account's AppID. */
  safeMode?: { encodingAesKey: string; appId: string };
  host?: string;
  port?: number;
  /** How far a push's timestamp may be from now (replays of older pushes are refused). */
  windowS?: number;
  nowS?: () => number;
}

const DEFAULT_WINDOW_S = 300;

class Refusal extends Error {
  constructor(
    readonly status: number,
    why: string,
  ) {
    super(why);
  }
}

/**
 * The brand's WeChat message server for anti-fake verdicts (seed 001): URL verification, then
 * `scan_product_callback` pushes in plaintext or safe mode answered with the `scanproduct` reply
 * from the ledger; any other push gets "success". A request it cannot verify is refused (401 for
 * a bad signature, 403 for a stale timestamp, 400 for malformed input, 413 for a huge body) and
 * recorded nowhere as a verdict.
 */
export async function startMessageServer(ledger: VerdictSource, log: Log, options: MessageServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const key = options.safeMode ? aesKeyOf(options.safeMode.encodingAesKey) : null;
  const windowS = options.windowS ?? DEFAULT_WINDOW_S;
  const nowS = options.nowS ?? (() => Math.floor(Date.now() / 1000));

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
      return { status: 200, type: 'text/plain', body: echostr };
    }
    if (req.method !== 'POST') throw new Refusal(405, 'GET or POST');
    const { timestamp, nonce } = signedQuery(url);
    const body = await readBody(req);
    const safe = url.searchParams.get('encrypt_type') === 'aes';
    let message: Record<string, string>;
    if (safe) {
      if (!key || !options.safeMode) throw new Refusal(400, 'safe mode is not configured');
      const outer = parseMessage(body);
      const encrypted = outer.Encrypt;
      if (!encrypted) throw new Refusal(400, 'no Encrypt');
      if (!signatureMatches(messageSignature(options.token, timestamp, nonce, encrypted), url.searchParams.get('msg_signature'))) throw new Refusal(401, 'bad msg_signature');
      checkFresh(timestamp);
      message = parseMessage(decryptMessage(key, options.safeMode.appId, encrypted));
    } else {
      if (!signatureMatches(messageSignature(options.token, timestamp, nonce), url.searchParams.get('signature'))) throw new Refusal(401, 'bad signature');
      checkFresh(timestamp);
      message = parseMessage(body);
    }
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

  const server = http.createServer((req, res) => {
    handle(req).then(
      (r) => res.writeHead(r.status, { 'content-type': `${r.type}; charset=utf-8` }).end(r.body),
      (error: unknown) => {
        const status = error instanceof Refusal ? error.status : error instanceof MessageXmlError || error instanceof MessageCryptoError ? 400 : 500;
        if (status === 500) log.write('error', 'message server failed on a push', error);
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: status === 413 ? 'close' : 'keep-alive' }).end(status === 500 ? 'error' : 'refused');
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

/** The body as text, refused past MESSAGE_MAX_BYTES without reading the rest. */
async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MESSAGE_MAX_BYTES) throw new Refusal(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
