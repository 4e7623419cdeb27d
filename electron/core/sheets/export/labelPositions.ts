import { AppError } from '../../appError';
import { labelAt } from '../design/labelLayout';
import type { Stock } from '../design/stocks';
import type { Template } from '../design/template';

/**
 * How a run of labels lies on the stock: where on the first sheet it starts (a sheet partly used
 * before), how many consecutive labels carry each code (a box and its carton), and how many times
 * the whole run is repeated in the file. Stored with each export, so a verification reads the
 * file back at the same positions.
 */
export interface LabelRun {
  /** The first label used on the first sheet (from 1); the positions before it stay empty. */
  startAt: number;
  /** Consecutive labels each code is printed on. */
  copiesPerCode: number;
  /** Times the whole run is printed, one after the other. */
  repeat: number;
}

export const SINGLE_RUN: LabelRun = { startAt: 1, copiesPerCode: 1, repeat: 1 };
export const COPIES_PER_CODE = { min: 1, max: 100 } as const;
export const REPEAT = { min: 1, max: 100 } as const;
/** The most labels one export prints: a batch's million codes once, or fewer codes more often. */
export const MAX_EXPORT_LABELS = 1_000_000;

/** What a position holds: the label's number in the run (from 0), its code's (from 0), and which copy of that code it is. */
export interface PositionLabel {
  label: number;
  code: number;
  /** From 1 to copies. */
  copy: number;
}

/**
 * The positions plan of an export: which label, code and copy each slot of each page holds.
 * Everything that draws, lists or checks labels by position asks it — the
 * page writer, the manifest, the rasters, the preview and the verification — so they agree.
 */
export class LabelPositions {
  /** Empty positions before the first label (on the first sheet). */
  readonly skipped: number;
  /** Labels printed: every code copiesPerCode times, the whole run repeat times. */
  readonly labels: number;
  readonly pages: number;
  /** How many labels carry each code. */
  readonly copies: number;

  constructor(
    /** The codes of the export, in print order. */
    readonly codes: number,
    readonly perPage: number,
    readonly order: Template['order'],
    readonly run: LabelRun,
  ) {
    this.skipped = run.startAt - 1;
    this.labels = codes * run.copiesPerCode * run.repeat;
    this.copies = run.copiesPerCode * run.repeat;
    this.pages = Math.max(1, Math.ceil((this.skipped + this.labels) / perPage));
  }

  /** What a page's slot holds (both from 0): null for a position left empty. */
  at(page: number, slot: number): PositionLabel | null {
    const label = labelAt(page, slot, this.perPage, this.pages, this.order) - this.skipped;
    if (label < 0 || label >= this.labels) return null;
    const { copiesPerCode } = this.run;
    const inRun = label % (this.codes * copiesPerCode);
    const round = Math.floor(label / (this.codes * copiesPerCode));
    return { label, code: Math.floor(inRun / copiesPerCode), copy: round * copiesPerCode + (inRun % copiesPerCode) + 1 };
  }

  /** Whether a label carries a code also printed elsewhere in the file. */
  get copied(): boolean {
    return this.copies > 1;
  }
}

/** What the person is told a number is, on the screen and on the command line. */
const NAMES = {
  startAt: { option: '--start-at', en: 'Start at label', zh: '起始标签' },
  copiesPerCode: { option: '--copies-per-code', en: 'Labels per code', zh: '每码标签数' },
  repeat: { option: '--repeat', en: 'Copies of the run', zh: '整批份数' },
} as const;

function outOfRange(key: keyof LabelRun, value: number, range: { min: number; max: number }, why?: { en: string; zh: string }): AppError {
  const s = NAMES[key];
  const got = String(value).slice(0, 30);
  return new AppError(
    'invalid_argument',
    {
      en: `${s.en} (${s.option}) must be a whole number from ${range.min} to ${range.max}${why ? `, ${why.en}` : ''} (got ${got}).`,
      'zh-CN': `${s.zh}(${s.option})须为 ${range.min} 到 ${range.max} 之间的整数${why ? `,${why.zh}` : ''}(收到 ${got})。`,
    },
    { fields: [{ field: key, message: { en: `from ${range.min} to ${range.max}`, 'zh-CN': `${range.min} 到 ${range.max}` } }] },
  );
}

const whole = (value: number, range: { min: number; max: number }) => Number.isInteger(value) && value >= range.min && value <= range.max;

/**
 * A run's numbers within their ranges, before anything is written: the start on a sheet's
 * positions (a roll has no used positions to skip, and cut-and-stack fills the first sheet's
 * positions from every stack, so neither takes one), the copies, and what they multiply to.
 */
export function checkLabelRun(run: LabelRun, stock: Stock, order: Template['order'], codes: number): void {
  const perPage = stock.columns * stock.rows;
  if (stock.kind === 'roll' && run.startAt !== 1) {
    throw new AppError(
      'invalid_argument',
      {
        en: `Start at label (--start-at) is for a sheet partly used before: ${stock.id} is a roll, printed from the label under the print head, so there is nothing to skip. Leave it at 1.`,
        'zh-CN': `起始标签(--start-at)用于已用过一部分的标签纸:${stock.id} 是卷筒标签,从打印头下的标签开始打印,没有可跳过的位置。请保持为 1。`,
      },
      { fields: [{ field: 'startAt', message: { en: 'a roll starts at label 1', 'zh-CN': '卷筒标签从第 1 个开始' } }] },
    );
  }
  if (!whole(run.startAt, { min: 1, max: perPage })) {
    throw outOfRange('startAt', run.startAt, { min: 1, max: perPage }, { en: `the labels on one sheet of ${stock.id}`, zh: `即 ${stock.id} 一张上的标签数` });
  }
  if (order === 'cut-stack' && run.startAt !== 1) {
    throw new AppError(
      'invalid_argument',
      {
        en: 'Start at label (--start-at) works with the sequence order: in cut-and-stack order the first sheet holds the first label of every stack. Print in sequence, or start at 1.',
        'zh-CN': '起始标签(--start-at)只用于顺序排列:切割叠放顺序下,第一张上是每一叠的第一个标签。请按顺序排列打印,或从 1 开始。',
      },
      { fields: [{ field: 'startAt', message: { en: 'sequence order only', 'zh-CN': '仅限顺序排列' } }] },
    );
  }
  if (!whole(run.copiesPerCode, COPIES_PER_CODE)) throw outOfRange('copiesPerCode', run.copiesPerCode, COPIES_PER_CODE);
  if (!whole(run.repeat, REPEAT)) throw outOfRange('repeat', run.repeat, REPEAT);
  const labels = codes * run.copiesPerCode * run.repeat;
  if (labels > MAX_EXPORT_LABELS) {
    const total = labels.toLocaleString('en');
    throw new AppError('invalid_argument', {
      en: `${codes.toLocaleString('en')} codes × ${run.copiesPerCode} labels per code (--copies-per-code) × ${run.repeat} copies of the run (--repeat) is ${total} labels; one export prints at most ${MAX_EXPORT_LABELS.toLocaleString('en')}. Export a smaller range, or fewer copies.`,
      'zh-CN': `${codes.toLocaleString('en')} 个码 × 每码 ${run.copiesPerCode} 个标签(--copies-per-code)× 整批 ${run.repeat} 份(--repeat)共 ${total} 个标签;一次导出最多 ${MAX_EXPORT_LABELS.toLocaleString('en')} 个。请缩小范围或减少份数。`,
    });
  }
}
