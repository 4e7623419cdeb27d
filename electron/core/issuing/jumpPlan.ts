import { SERIAL_PROBLEM_TEXT, serialProblem, type JumpRule } from '../../../shared/jump/jumpRule';
import {
  expiryYymmdd,
  GS1_SERIAL_PROBLEM_TEXT,
  gs1Suffix,
  gs1Uri,
  gtinOfPrefix,
  gtinOfProductKey,
  lotProblem,
  SERIAL_MAX_CHARS as GS1_SERIAL_MAX_CHARS,
  set82Problem,
  type Gs1Options,
} from '../../../shared/jump/gs1DigitalLink';
import { quoted, type LocalizedText } from '../../../shared/text';
import { AppError } from '../appError';
import { gs1DigitalLinkProblem } from '../sheets/symbols/gs1DigitalLink';
import type { CodeRule, PlannedExtinfo } from './batchPlan';

/**
 * What a jump code's serial must be: characters a URL carries as they are, and not the start of a
 * longer rule of the account (a scan would open that rule's page instead).
 */
export function jumpSerialRule(prefix: string, rules: readonly JumpRule[], test: boolean): CodeRule {
  const { caught, text } = longerRules(prefix, rules);
  return {
    noun: { en: test ? 'test link' : 'serial', 'zh-CN': test ? '测试链接' : '序列号' },
    problem(serial) {
      // Test links were accepted by WeChat with the rule: printed as they are.
      const problem = test ? (serial === '' ? 'empty' : null) : serialProblem(serial);
      if (problem) return problem;
      return caught(serial) ? 'caught' : null;
    },
    text: {
      ...SERIAL_PROBLEM_TEXT,
      ...(test ? { empty: { en: 'a test link that is the prefix itself', 'zh-CN': '测试链接就是前缀本身' } } : {}),
      caught: text,
    },
  };
}

/**
 * What a GS1 Digital Link code's serial must be: AI 21 (1–20 characters of GS1's set 82), and its
 * URI not caught by a longer rule of the account.
 */
export function gs1SerialRule(prefix: string, rules: readonly JumpRule[], gs1: Gs1Options): CodeRule {
  const { caught, text, any } = longerRules(prefix, rules);
  return {
    noun: { en: 'serial', 'zh-CN': '序列号' },
    problem(serial) {
      return set82Problem(serial, GS1_SERIAL_MAX_CHARS) ?? (any && caught(gs1Suffix(prefix, gs1, serial)) ? 'caught' : null);
    },
    text: { ...GS1_SERIAL_PROBLEM_TEXT, caught: text },
  };
}

/** The account's rules under a longer prefix than this one: a code starting with one opens that rule's page. */
function longerRules(prefix: string, rules: readonly JumpRule[]) {
  const longer = rules.filter((r) => r.prefix !== prefix && r.prefix.startsWith(prefix)).map((r) => r.prefix);
  const starts = longer.map((p) => p.slice(prefix.length));
  const others = longer.map((p) => quoted(p, 80)).join(', ');
  return {
    any: starts.length > 0,
    caught: (suffix: string) => starts.some((start) => suffix.startsWith(start)),
    text: { en: `caught by the longer rule ${others} (a scan would open its page)`, 'zh-CN': `会命中更长的规则 ${others}(扫码将打开该规则的页面)` },
  };
}

/** A rule's test links as planned codes: the part after the prefix, in the rule's order. */
export function* testLinkSerials(rule: JumpRule): Iterable<PlannedExtinfo> {
  let line = 0;
  for (const url of rule.debugUrls) yield { extinfo: url.slice(rule.prefix.length), line: ++line };
}

/** What a GS1 Digital Link jump batch is asked for: lot, expiry date, and the product key to check the prefix's GTIN against. */
export interface Gs1Request {
  product?: { keystandard: string; keystr: string };
  lot?: string;
  /** YYYY-MM-DD. */
  expiry?: string;
}

/**
 * A GS1 batch's options from its prefix and request, every part checked (prefix ending at a GTIN
 * with a right check digit, the product key's GTIN the same, lot, expiry) and the fixed part of its
 * URIs checked whole by GS1's rules (bwip-js) — or the first refusal, in both languages.
 */
export function gs1OptionsFor(prefix: string, request: Gs1Request): Gs1Options {
  const refuse = (text: LocalizedText) => new AppError('invalid_argument', text);
  const ofPrefix = gtinOfPrefix(prefix);
  if ('problem' in ofPrefix) throw refuse(ofPrefix.problem);
  if (request.product) {
    const ofKey = gtinOfProductKey(request.product);
    if ('problem' in ofKey) throw refuse(ofKey.problem);
    if (ofKey.gtin !== ofPrefix.gtin) {
      throw refuse({
        en: `The product ${request.product.keystandard}:${request.product.keystr} is GTIN ${ofKey.gtin}, but the prefix ends at GTIN ${ofPrefix.gtin}: one prefix per GTIN; choose that product's rule.`,
        'zh-CN': `商品 ${request.product.keystandard}:${request.product.keystr} 的 GTIN 是 ${ofKey.gtin},而前缀结尾的 GTIN 是 ${ofPrefix.gtin}:每个 GTIN 一个前缀,请选择该商品的规则。`,
      });
    }
  }
  const options: Gs1Options = { gtin: ofPrefix.gtin };
  if (request.lot !== undefined) {
    const problem = lotProblem(request.lot);
    if (problem) throw refuse(problem);
    options.lot = request.lot;
  }
  if (request.expiry !== undefined) {
    const expiry = expiryYymmdd(request.expiry);
    if ('problem' in expiry) throw refuse(expiry.problem);
    options.expiry = expiry.yymmdd;
    options.expiryDate = request.expiry;
  }
  const problem = gs1DigitalLinkProblem(gs1Uri(prefix, options, '1'));
  if (problem) throw refuse(problem);
  return options;
}
