import { checkJumpRule } from './requestChecks';
import type { WechatHttp, WechatReply } from './wechatHttp';

export interface JumpRuleInput {
  prefix: string;
  /** 1: prefix match only this rule; 2: sub-rules allowed. */
  permit_sub_rule: 1 | 2;
  path: string;
  /** 1 development, 2 trial, 3 release. */
  open_version: 1 | 2 | 3;
  debug_url: string[];
}

export interface JumpRule extends JumpRuleInput {
  /** 1 unpublished, 2 published. */
  state: 1 | 2;
}

const BASE = '/cgi-bin/wxopen';

/**
 * Mini Program "scan an ordinary QR code to open" rules (seed 003). Once a prefix is published,
 * packaging codes are made locally as prefix + serial: no API call per code.
 */
export class QrJumpApi {
  constructor(private readonly http: WechatHttp) {}

  /** Adds a rule, or edits the existing one for the prefix when `edit` is set. */
  async add(rule: JumpRuleInput, edit = false): Promise<void> {
    checkJumpRule(rule.prefix, rule.debug_url, `${BASE}/qrcodejumpadd`);
    await this.http.post(`${BASE}/qrcodejumpadd`, { ...rule, is_edit: edit ? 1 : 0 });
  }

  async list(): Promise<{ rules: JumpRule[]; publishQuotaLeft: number }> {
    const reply = await this.http.post<WechatReply & { rule_list?: JumpRule[]; qrcodejump_pub_quota?: number }>(`${BASE}/qrcodejumpget`, {});
    return { rules: reply.rule_list ?? [], publishQuotaLeft: Number(reply.qrcodejump_pub_quota ?? 0) };
  }

  async delete(prefix: string): Promise<void> {
    await this.http.post(`${BASE}/qrcodejumpdelete`, { prefix });
  }

  /** The verification file to host at the prefix's domain before publishing. */
  async verificationFile(): Promise<{ fileName: string; fileContent: string }> {
    const reply = await this.http.post(`${BASE}/qrcodejumpdownload`, {});
    return { fileName: String(reply.file_name), fileContent: String(reply.file_content) };
  }

  async publish(prefix: string): Promise<void> {
    await this.http.post(`${BASE}/qrcodejumppublish`, { prefix });
  }
}
