import { createPublicKey, verify } from 'node:crypto';
import { stationNameProblem, type Station } from './stationIdentity';

/**
 * What a station says about one push or file, signed with its private key: who sends, for which
 * AppID, its sequence number, and (a file) the SHA-256 of everything before the signature.
 */
export interface PushClaim {
  kind: 'push' | 'file';
  station: string;
  appid: string;
  seq: number;
  sha256: string | null;
  signature: string;
}

/** The exact bytes signed: a push's signature can never pass for a file's, nor the reverse. */
export const claimText = (claim: Omit<PushClaim, 'signature'>) => `qrpack-ledger-${claim.kind}\n${JSON.stringify([claim.station, claim.appid, claim.seq, claim.sha256])}`;

export function signedBy(claim: PushClaim, publicKey: string): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'base64').toString('base64url') }, format: 'jwk' });
    return verify(null, Buffer.from(claimText(claim)), key, Buffer.from(claim.signature, 'base64'));
  } catch {
    return false;
  }
}

const LINE_PREFIX = 'qrpack-station:';

/** The line a print shop sends the brand's administrator to enrol its station. */
export const enrolmentLine = (station: Station) => `${LINE_PREFIX}${Buffer.from(JSON.stringify([station.id, station.name, station.publicKey])).toString('base64url')}`;

/** The station an enrolment line names, or null when it is not one. */
export function readEnrolmentLine(line: string): Station | null {
  if (!line.startsWith(LINE_PREFIX) || line.length > 600) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(line.slice(LINE_PREFIX.length), 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'string')) return null;
    const [id, name, publicKey] = value as string[];
    if (!/^[0-9a-f-]{36}$/.test(id!) || stationNameProblem(name!) !== null || name !== name!.trim() || Buffer.from(publicKey!, 'base64').length !== 32) return null;
    return { id: id!, name: name!, publicKey: publicKey! };
  } catch {
    return null;
  }
}
