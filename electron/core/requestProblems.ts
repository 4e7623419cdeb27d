import type { LocalizedText } from '../../shared/text';

/** A contract check's finding, as zod reports it (only what is read here). */
export interface SchemaIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  expected?: string;
  values?: unknown[];
  input?: unknown;
}

/** Names people know for the fields the screens send; anything else is shown by its path. */
const FIELD_NAMES: Record<string, LocalizedText> = {
  keystr: { en: 'Code', 'zh-CN': '编码' },
  keystandard: { en: 'Code standard', 'zh-CN': '编码标准' },
  title: { en: 'Title', 'zh-CN': '标题' },
  name: { en: 'Name', 'zh-CN': '名称' },
  extinfo: { en: 'The value that tells codes apart', 'zh-CN': '区分每个码的值' },
  qrcodeSizePx: { en: 'Image size in px', 'zh-CN': '图片尺寸(像素)' },
  widthPx: { en: 'Preview width (px)', 'zh-CN': '预览宽度(像素)' },
  count: { en: 'Number of codes', 'zh-CN': '码的数量' },
  start: { en: 'First serial', 'zh-CN': '起始序号' },
  step: { en: 'Step', 'zh-CN': '步长' },
  pattern: { en: 'Pattern', 'zh-CN': '规则' },
  sizePt: { en: 'Text size (pt)', 'zh-CN': '字号(磅)' },
  xMm: { en: 'Position across (mm)', 'zh-CN': '横向位置(毫米)' },
  yMm: { en: 'Position down (mm)', 'zh-CN': '纵向位置(毫米)' },
  sizeMm: { en: 'Code size (mm)', 'zh-CN': '码的尺寸(毫米)' },
  text: { en: 'Text', 'zh-CN': '文字' },
  rotation: { en: 'Rotation (degrees)', 'zh-CN': '旋转(度)' },
  strokeMm: { en: 'Stroke width (mm)', 'zh-CN': '线宽(毫米)' },
  font: { en: 'Font', 'zh-CN': '字体' },
  lengthMm: { en: 'Length (mm)', 'zh-CN': '长度(毫米)' },
};

const fieldOf = (path: PropertyKey[]): { key: string; label: LocalizedText } => {
  const key = path.map(String).join('.');
  const last = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
  const known = last ? FIELD_NAMES[last] : undefined;
  const where = key || '(arguments)';
  return { key, label: known ? { en: `${known.en} (${where})`, 'zh-CN': `${known['zh-CN']}(${where})` } : { en: `"${where}"`, 'zh-CN': `“${where}”` } };
};

/** One finding in plain words: what is wrong with which field, and what is allowed. */
function issueText(issue: SchemaIssue): LocalizedText {
  const n = (value: number | bigint | undefined) => String(value ?? '');
  const text = issue.origin === 'string';
  const list = issue.origin === 'array';
  switch (issue.code) {
    case 'too_small':
      if (text && Number(issue.minimum) === 1) return { en: 'is required (it is empty)', 'zh-CN': '为必填项(现为空)' };
      if (text) return { en: `needs at least ${n(issue.minimum)} characters`, 'zh-CN': `至少需要 ${n(issue.minimum)} 个字符` };
      if (list) return { en: `needs at least ${n(issue.minimum)} entries`, 'zh-CN': `至少需要 ${n(issue.minimum)} 项` };
      return { en: `must be at least ${n(issue.minimum)}`, 'zh-CN': `不能小于 ${n(issue.minimum)}` };
    case 'too_big':
      if (text) return { en: `allows at most ${n(issue.maximum)} characters`, 'zh-CN': `最多 ${n(issue.maximum)} 个字符` };
      if (list) return { en: `allows at most ${n(issue.maximum)} entries`, 'zh-CN': `最多 ${n(issue.maximum)} 项` };
      return { en: `must be at most ${n(issue.maximum)}`, 'zh-CN': `不能大于 ${n(issue.maximum)}` };
    case 'invalid_type':
      if (issue.input === undefined) return { en: 'is missing', 'zh-CN': '缺失' };
      if (issue.expected === 'int') return { en: 'must be a whole number', 'zh-CN': '须为整数' };
      if (issue.expected === 'number') return { en: 'must be a number', 'zh-CN': '须为数字' };
      if (issue.expected === 'string') return { en: 'must be text', 'zh-CN': '须为文字' };
      return { en: 'has the wrong kind of value', 'zh-CN': '取值类型不对' };
    case 'invalid_value':
      return { en: `must be one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`, 'zh-CN': `须为以下之一:${(issue.values ?? []).map((v) => JSON.stringify(v)).join('、')}` };
    case 'unrecognized_keys':
      return { en: 'has a field QR Pack does not know', 'zh-CN': '含有 QR Pack 不认识的字段' };
    default:
      return { en: 'is not valid', 'zh-CN': '无效' };
  }
}

/**
 * A request the contract refused, told as people read it — each field named with what is allowed,
 * never the schema library's own words — plus the same per field for a form to show beside it.
 */
export function requestProblems(issues: readonly SchemaIssue[]): { text: LocalizedText; fields: { field: string; message: LocalizedText }[] } {
  const fields = issues.slice(0, 5).map((issue) => {
    const { key, label } = fieldOf(issue.path);
    const what = issueText(issue);
    return { field: key, message: { en: `${label.en} ${what.en}.`, 'zh-CN': `${label['zh-CN']}${what['zh-CN']}。` } };
  });
  return {
    text: { en: fields.map((f) => f.message.en).join(' '), 'zh-CN': fields.map((f) => f.message['zh-CN']).join('') },
    fields,
  };
}
