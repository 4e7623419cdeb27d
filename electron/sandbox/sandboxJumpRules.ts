import { createHash } from 'node:crypto';
import { DEBUG_URL_MAX } from '../core/wechat/requestChecks';
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
}

export interface JumpRulesSnapshot {
  rules: Rule[];
  publishesThisMonth: number;
}

/** "Scan an ordinary QR code to open the Mini Program" rules (seed 003). */
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
    let url: URL | undefined;
    try {
      url = new URL(prefix);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || !url.hostname.includes('.')) fail(85066, 'invalid prefix');
    const path = field(body, 'path', isNonEmptyString);
    const openVersion = body.open_version;
    if (openVersion !== 1 && openVersion !== 2 && openVersion !== 3) fail(40097, 'open_version must be 1, 2 or 3');
    const permit = body.permit_sub_rule;
    if (permit !== 1 && permit !== 2) fail(40097, 'permit_sub_rule must be 1 or 2');
    const debugUrls = body.debug_url ?? [];
    if (!isStringArray(debugUrls) || debugUrls.length > DEBUG_URL_MAX) fail(40097, `at most ${DEBUG_URL_MAX} debug_url`);
    if ((debugUrls as string[]).some((u) => !u.startsWith(prefix))) fail(85068, 'debug_url does not match the prefix');
    const exists = this.rules.has(prefix);
    const edit = body.is_edit === 1;
    if (exists && !edit) fail(85071, 'rule already exists');
    if (!exists && edit) fail(40097, 'no rule to edit for this prefix');
    if (!exists && this.rules.size >= RULE_LIMIT) fail(85073, 'too many rules');
    this.rules.set(prefix, {
      prefix,
      permit_sub_rule: permit as number,
      path,
      open_version: openVersion as number,
      debug_url: debugUrls as string[],
      state: 1,
    });
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
    const rule = this.rules.get(field(body, 'prefix', isNonEmptyString, 85066));
    if (!rule) return fail(40097, 'no rule for this prefix');
    if (!this.miniProgram.released) fail(85074, 'not published');
    if (this.publishesThisMonth >= PUBLISH_QUOTA_PER_MONTH) fail(886000, 'publish quota of this month reached');
    this.publishesThisMonth++;
    rule.state = 2;
    return {};
  }

  private checkMiniProgram(): void {
    if (this.miniProgram.personal) fail(85075, 'can not access');
  }
}
