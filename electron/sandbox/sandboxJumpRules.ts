import { createHash } from 'node:crypto';
import { DEBUG_URLS_MAX } from '../../shared/jump/jumpRule';
import { fail, field, isNonEmptyString, isStringArray } from './sandboxError';

const PUBLISH_QUOTA_PER_MONTH = 100;
const RULE_LIMIT = 5000;

interface Rule {
  prefix: string;
  permit_sub_rule: number;
  path: string;
  open_version: number;
  debug_url: string[];
  state: 1 | 2;
}

export interface MiniProgramSettings {
  /** A Mini Program with no released version cannot publish rules (85074). */
  released: boolean;
  /** Personal Mini Programs cannot use rules at all (85075). */
  personal: boolean;
  /** Domains where WeChat finds no verification file when a rule is added (85069). */
  unverifiedDomains: string[];
  /** Domains on WeChat's blacklist (85070). */
  blockedDomains: string[];
  /** Prefixes another Mini Program holds (85072). */
  takenPrefixes: string[];
  /** Prefixes whose rule WeChat reports a data exception for on publish (85095). */
  damagedPrefixes: string[];
}

export const DEFAULT_MINI_PROGRAM: MiniProgramSettings = {
  released: true,
  personal: false,
  unverifiedDomains: [],
  blockedDomains: [],
  takenPrefixes: [],
  damagedPrefixes: [],
};

export interface JumpRulesSnapshot {
  rules: Rule[];
  publishesThisMonth: number;
}

/**
 * A number field WeChat's documents give as a string ("1", "2") in the Mini Program reference and
 * as a number in the third-party platform's: both documented forms are taken, nothing else.
 */
function documentedChoice(body: Record<string, unknown>, name: string, choices: readonly number[]): number {
  const value = body[name];
  const number = typeof value === 'string' && /^\d$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!choices.includes(number)) fail(40097, `invalid ${name}: one of ${choices.map((c) => `"${c}"`).join(', ')}`);
  return number;
}

const hostOf = (prefix: string): string | null => {
  try {
    const url = new URL(prefix);
    return /^https?:$/.test(url.protocol) && /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(url.hostname) && !url.port ? url.hostname : null;
  } catch {
    return null;
  }
};
const onDomain = (host: string, domains: readonly string[]) => domains.some((d) => host === d || host.endsWith(`.${d}`));

/** "Scan an ordinary QR code to open the Mini Program" rules (seed 003), checked as WeChat documents them. */
export class SandboxJumpRules {
  private readonly rules = new Map<string, Rule>();
  private publishesThisMonth = 0;

  constructor(
    private readonly appId: string,
    public miniProgram: MiniProgramSettings,
  ) {}

  snapshot(): JumpRulesSnapshot {
    return { rules: [...this.rules.values()], publishesThisMonth: this.publishesThisMonth };
  }

  restore(snapshot: JumpRulesSnapshot): void {
    for (const rule of snapshot.rules) this.rules.set(rule.prefix, rule);
    this.publishesThisMonth = snapshot.publishesThisMonth;
  }

  add(body: Record<string, unknown>): Record<string, never> {
    this.checkMiniProgram();
    const prefix = field(body, 'prefix', isNonEmptyString, 85066);
    const host = hostOf(prefix);
    if (!host) fail(85066, 'invalid prefix');
    const path = field(body, 'path', isNonEmptyString);
    const openVersion = documentedChoice(body, 'open_version', [1, 2, 3]);
    const permit = documentedChoice(body, 'permit_sub_rule', [1, 2]);
    // is_edit is a number in every document.
    const edit = body.is_edit;
    if (edit !== 0 && edit !== 1) fail(40097, 'invalid is_edit: 0 or 1');
    const debugUrls = body.debug_url ?? [];
    if (!isStringArray(debugUrls) || debugUrls.length > DEBUG_URLS_MAX) fail(40097, `at most ${DEBUG_URLS_MAX} debug_url`);
    if ((debugUrls as string[]).some((u) => !u.startsWith(prefix))) fail(85068, 'debug_url is not a sub-link of the prefix');
    if (onDomain(host!, this.miniProgram.unverifiedDomains)) fail(85069, 'verification file check failed');
    if (onDomain(host!, this.miniProgram.blockedDomains)) fail(85070, 'url is in the blacklist');
    if (this.miniProgram.takenPrefixes.some((taken) => prefix.startsWith(taken) || taken.startsWith(prefix))) fail(85072, 'url is occupied');
    const existing = this.rules.get(prefix);
    if (existing && edit === 0) fail(85071, 'url already added');
    if (!existing && edit === 1) fail(40097, 'no rule to edit for this prefix');
    // "已经发布的规则,不支持修改": a published rule is deleted and added again to change it.
    if (existing?.state === 2) fail(40097, 'a published rule cannot be edited');
    if (!existing && this.rules.size >= RULE_LIMIT) fail(85073, 'rules are full');
    // An exclusive rule (permit_sub_rule 2) owns every longer prefix under it.
    for (const other of this.rules.values()) {
      if (other.prefix === prefix) continue;
      if (prefix.startsWith(other.prefix) && other.permit_sub_rule === 2) fail(85072, 'url is occupied by an exclusive rule');
      if (other.prefix.startsWith(prefix) && permit === 2) fail(85072, 'an exclusive rule would cover an existing rule');
    }
    this.rules.set(prefix, { prefix, permit_sub_rule: permit, path, open_version: openVersion, debug_url: debugUrls as string[], state: 1 });
    return {};
  }

  list(): Record<string, unknown> {
    return {
      rule_list: [...this.rules.values()],
      qrcodejump_open: 1,
      list_size: this.rules.size,
      qrcodejump_pub_quota: PUBLISH_QUOTA_PER_MONTH - this.publishesThisMonth,
      total_count: this.rules.size,
    };
  }

  delete(body: Record<string, unknown>): Record<string, never> {
    this.rules.delete(field(body, 'prefix', isNonEmptyString, 85066));
    return {};
  }

  verificationFile(): { file_name: string; file_content: string } {
    const digest = createHash('sha256').update(`verify:${this.appId}`).digest('hex');
    return { file_name: `${digest.slice(0, 10)}.txt`, file_content: digest.slice(10, 42) };
  }

  publish(body: Record<string, unknown>): Record<string, never> {
    this.checkMiniProgram();
    const prefix = field(body, 'prefix', isNonEmptyString, 85066);
    const rule = this.rules.get(prefix);
    if (!rule) return fail(40097, 'no rule for this prefix');
    if (!this.miniProgram.released) fail(85074, 'not published');
    if (this.miniProgram.damagedPrefixes.includes(prefix)) fail(85095, 'data exception, please delete and re-add');
    if (this.publishesThisMonth >= PUBLISH_QUOTA_PER_MONTH) fail(886000, 'publish quota of this month reached');
    this.publishesThisMonth++;
    rule.state = 2;
    return {};
  }

  private checkMiniProgram(): void {
    if (this.miniProgram.personal) fail(85075, 'can not access');
  }
}
