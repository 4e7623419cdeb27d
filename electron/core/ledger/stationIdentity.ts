import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../appError';
import type { SettingsRepo } from '../settings/settingsRepo';

/** This data folder as a station of the ledger: an id, the name a person gave it, its public key. */
export interface Station {
  id: string;
  name: string;
  /** Ed25519, raw 32 bytes in base64. */
  publicKey: string;
}

const ID_KEY = 'ledgerStation';
const NAME_KEY = 'ledgerStationName';
const HOME_KEY = 'ledgerStationHome';
const SEQUENCE_KEY = 'ledgerStationSequence';
const NAME_MAX = 40;

/** A station name: 1–40 characters a person typed, no control characters; or why not. */
export function stationNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > NAME_MAX) return `1–${NAME_MAX} characters`;
  if (/[\p{Cc}\p{Cf}]/u.test(trimmed)) return 'no control characters';
  return null;
}

/** The public key as people compare it over the phone: 16 hex digits in groups of four. */
export function fingerprintOf(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 16).match(/.{4}/g)!.join(' ');
}

const rawPublicKey = (key: KeyObject) => Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x!, 'base64url').toString('base64');

/**
 * The station's identity in its data folder: id, name and sequence in the settings, the private key
 * in the folder's secrets/ (readable by this user only, never in the database or a log). The id is
 * tied to where the folder was made (computer and path), so a copy is noticed and asked about
 * instead of acting as the same station.
 */
export class StationIdentity {
  constructor(
    private readonly settings: SettingsRepo,
    private readonly dataDir: string,
  ) {}

  private get keyFile(): string {
    return path.join(this.dataDir, 'secrets', 'ledger-station.pem');
  }

  private home(): string {
    return `${os.hostname()}:${fs.realpathSync(this.dataDir)}`;
  }

  /** This station, its id and key made the first time; refused when the folder was copied or has no name. */
  current(): Station {
    let id = this.settings.get(ID_KEY);
    if (!id) this.settings.set(ID_KEY, (id = randomUUID()));
    this.checkHome(id);
    const name = this.settings.get(NAME_KEY);
    if (!name) {
      throw new AppError('invalid_argument', {
        en: 'This station has no name yet: give it one people will recognise, e.g. qrpack ledger station --name "Shop A, line 2". Nothing was sent.',
        'zh-CN': '本站点还没有名称:请起一个大家认得的名称,例如 qrpack ledger station --name "A 厂 2 号线"。未发送任何内容。',
      });
    }
    return { id, name, publicKey: rawPublicKey(this.privateKey()) };
  }

  /** Refuses a folder that is not where its station was made (a copy, or moved), asking which. */
  private checkHome(id: string): void {
    const home = this.settings.get(HOME_KEY);
    // A folder from before stations were tied to a place is taken to be where it always was.
    if (!home) this.settings.set(HOME_KEY, this.home());
    else if (home !== this.home()) {
      throw new AppError('conflict', {
        en: `This data folder is ledger station "${this.settings.get(NAME_KEY) ?? id}", made at ${home}; it is now at ${this.home()}. If it is a copy, make it a new station: qrpack ledger station --new --name NAME (then enrol it). If the folder was moved, keep the station: qrpack ledger station --moved. Nothing was sent.`,
        'zh-CN': `此数据文件夹是账本站点"${this.settings.get(NAME_KEY) ?? id}",建于 ${home};现位于 ${this.home()}。如果是复制的,请设为新站点:qrpack ledger station --new --name 名称(然后登记)。如果是搬移的,保留原站点:qrpack ledger station --moved。未发送任何内容。`,
      });
    }
  }

  /** A new name for this station (the ledger keeps the name it enrolled). */
  setName(name: string): void {
    const id = this.settings.get(ID_KEY);
    if (id) this.checkHome(id);
    this.settings.set(NAME_KEY, name.trim());
  }

  /** A copy becomes a station of its own: a new id, a new key, its own sequence. */
  renew(): void {
    this.settings.set(ID_KEY, randomUUID());
    this.settings.set(HOME_KEY, this.home());
    this.settings.set(SEQUENCE_KEY, '0');
    fs.rmSync(this.keyFile, { force: true });
  }

  /** The folder was moved: the same station, here now. */
  moved(): void {
    this.settings.set(HOME_KEY, this.home());
  }

  /** The next number of this station's pushes and files, stored before it is used. */
  nextSequence(): number {
    const next = Number(this.settings.get(SEQUENCE_KEY) ?? 0) + 1;
    this.settings.set(SEQUENCE_KEY, String(next));
    return next;
  }

  sign(text: string): string {
    return sign(null, Buffer.from(text), this.privateKey()).toString('base64');
  }

  private privateKey(): KeyObject {
    if (fs.existsSync(this.keyFile)) return createPrivateKey(fs.readFileSync(this.keyFile));
    const { privateKey } = generateKeyPairSync('ed25519');
    fs.mkdirSync(path.dirname(this.keyFile), { recursive: true, mode: 0o700 });
    const tmp = `${this.keyFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    fs.renameSync(tmp, this.keyFile);
    return privateKey;
  }
}
