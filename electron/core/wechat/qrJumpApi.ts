import { OPEN_VERSIONS, type JumpRule, type JumpRuleDraft, type OpenVersion } from '../../../shared/jump/jumpRule';
import { checkJumpRule } from './requestChecks';
import type { WechatHttp, WechatReply } from './wechatHttp';

/** A rule as `qrcodejumpget` lists it (its numbers are UInt there). */
interface WireRule {
  prefix: string;
  permit_sub_rule: number | string;
  path: string;
  open_version: number | string;
  debug_url?: string[];
  state: number | string;
}

const BASE = '/cgi-bin/wxopen';
/** WeChat's open_version: "1" develop, "2" trial, "3" release. */
const openVersionCode = (version: OpenVersion): string => String(OPEN_VERSIONS.indexOf(version) + 1);
const openVersionOf = (code: number | string): OpenVersion => OPEN_VERSIONS[Number(code) - 1] ?? 'release';

/**
 * Mini Program "scan an ordinary QR code to open" rules (seed 003). Once a prefix is published,
 * packaging codes are made locally as prefix + serial: no API call per code.
 */
export class QrJumpApi {
  constructor(private readonly http: WechatHttp) {}

  /**
   * Adds a rule, or edits the existing one for the prefix when `edit` is set. The fields go in the
   * types WeChat documents for qrcodejumpadd: permit_sub_rule and open_version strings, is_edit a number.
   */
  async add(rule: JumpRuleDraft, edit = false): Promise<void> {
    checkJumpRule(rule.prefix, rule.debugUrls, `${BASE}/qrcodejumpadd`);
    await this.http.post(`${BASE}/qrcodejumpadd`, {
      prefix: rule.prefix,
      permit_sub_rule: rule.exclusive ? '2' : '1',
      path: rule.path,
      open_version: openVersionCode(rule.openVersion),
      debug_url: rule.debugUrls,
      is_edit: edit ? 1 : 0,
    });
  }

  async list(): Promise<{ rules: JumpRule[]; publishQuotaLeft: number }> {
    const reply = await this.http.post<WechatReply & { rule_list?: WireRule[]; qrcodejump_pub_quota?: number }>(`${BASE}/qrcodejumpget`, {});
    const rules = (reply.rule_list ?? []).map((rule) => ({
      prefix: rule.prefix,
      path: rule.path,
      openVersion: openVersionOf(rule.open_version),
      exclusive: Number(rule.permit_sub_rule) === 2,
      debugUrls: rule.debug_url ?? [],
      published: Number(rule.state) === 2,
    }));
    return { rules, publishQuotaLeft: Number(reply.qrcodejump_pub_quota ?? 0) };
  }

  async delete(prefix: string): Promise<void> {
    await this.http.post(`${BASE}/qrcodejumpdelete`, { prefix });
  }

  /** The verification file to host at the root of the prefix's domain (WeChat checks it when a rule is added). */
  async verificationFile(): Promise<{ fileName: string; fileContent: string }> {
    const reply = await this.http.post(`${BASE}/qrcodejumpdownload`, {});
    return { fileName: String(reply.file_name), fileContent: String(reply.file_content) };
  }

  async publish(prefix: string): Promise<void> {
    await this.http.post(`${BASE}/qrcodejumppublish`, { prefix });
  }
}
