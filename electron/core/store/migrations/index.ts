import type { Database } from 'better-sqlite3';
import * as m001 from './001_initial';
import * as m002 from './002_export_verification';
import * as m003 from './003_codes_by_account';
import * as m004 from './004_batch_owners';
import * as m005 from './005_code_kinds';
import * as m006 from './006_verdicts';
import * as m007 from './007_code_data';
import * as m008 from './008_batch_leases';
import * as m010 from './010_cards';
import * as m013 from './013_verdict_identity';
import * as m014 from './014_card_events';
import * as m015 from './015_scan_stats';
import * as m016 from './016_active_codes';
import * as m017 from './017_label_runs';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

/** Numbered, one file each, applied in order; never edit one that has shipped — add the next. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: m001.up },
  { version: 2, name: 'export verification', up: m002.up },
  { version: 3, name: 'codes by account', up: m003.up },
  { version: 4, name: 'batch owners', up: m004.up },
  { version: 5, name: 'code kinds', up: m005.up },
  { version: 6, name: 'verdicts', up: m006.up },
  { version: 7, name: 'code data', up: m007.up },
  { version: 8, name: 'batch leases', up: m008.up },
  { version: 10, name: 'cards', up: m010.up },
  { version: 13, name: 'verdict identity', up: m013.up },
  { version: 14, name: 'card events', up: m014.up },
  { version: 15, name: 'scan stats', up: m015.up },
  { version: 16, name: 'active codes', up: m016.up },
  { version: 17, name: 'label runs', up: m017.up },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
