import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's official-account message protocol, its two crypto parts: the signature of a request
 * (sha1 of the sorted token, timestamp, nonce — and the ciphertext in safe mode) and safe mode's
 * AES-256-CBC envelope (key = the 43-character EncodingAESKey + "=", IV = its first 16 bytes;
 * plaintext = 16 random bytes + 4-byte big-endian length + message + AppID, PKCS#7 to 32 bytes).
 */
export class MessageCryptoError extends Error {}

const BLOCK = 32;

export function messageSignature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** Compares in constant time (a forged signature learns nothing from the timing). */
export function signatureMatches(expected: string, given: string | null): boolean {
  if (!given || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

export function aesKeyOf(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) throw new MessageCryptoError('the EncodingAESKey is 43 characters of base64');
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

export function encryptMessage(key: Buffer, appId: string, message: string, random = randomBytes(16)): string {
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** The message inside a safe-mode envelope, or an error naming what is wrong (never the key). */
export function decryptMessage(key: Buffer, appId: string, encrypted: string): string {
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new MessageCryptoError('the ciphertext is not whole AES blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = padded[padded.length - 1]!;
  if (pad < 1 || pad > BLOCK || pad > padded.length || !padded.subarray(padded.length - pad).every((b) => b === pad)) {
    throw new MessageCryptoError('bad padding');
  }
  const plain = padded.subarray(0, padded.length - pad);
  if (plain.length < 20) throw new MessageCryptoError('too short');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new MessageCryptoError('bad length');
  const from = plain.subarray(20 + length).toString('utf8');
  if (from !== appId) throw new MessageCryptoError('the message is for another AppID');
  return plain.subarray(20, 20 + length).toString('utf8');
}
