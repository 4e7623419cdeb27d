import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../../../electron/core/appError';
import { findStock } from '../../../../electron/core/sheets/design/stocks';
import { checkLabelRun, LabelPositions, MAX_EXPORT_LABELS } from '../../../../electron/core/sheets/export/labelPositions';

const l7160 = findStock('avery-l7160')!;
const roll = findStock('roll-50x30')!;

/** Every position of every page: what it holds, as `code.copy`, or '-' when empty. */
function layout(positions: LabelPositions): string[][] {
  return Array.from({ length: positions.pages }, (_, page) =>
    Array.from({ length: positions.perPage }, (_, slot) => {
      const at = positions.at(page, slot);
      return at ? `${at.code}.${at.copy}` : '-';
    }),
  );
}

test('start at label 5 leaves the first sheet\'s positions 1-4 empty and moves every label on by four', () => {
  const positions = new LabelPositions(20, 21, 'sequence', { startAt: 5, copiesPerCode: 1, repeat: 1 });
  assert.equal(positions.pages, 2);
  assert.equal(positions.skipped, 4);
  const [first, second] = layout(positions);
  assert.deepEqual(first!.slice(0, 6), ['-', '-', '-', '-', '0.1', '1.1']);
  assert.equal(first![20], '16.1');
  assert.deepEqual(second!.slice(0, 4), ['17.1', '18.1', '19.1', '-']);
});

test('copies per code put each code on consecutive labels; a repeat prints the whole run again after it', () => {
  const positions = new LabelPositions(3, 21, 'sequence', { startAt: 1, copiesPerCode: 2, repeat: 2 });
  assert.equal(positions.labels, 12);
  assert.equal(positions.copies, 4);
  assert.deepEqual(layout(positions)[0]!.slice(0, 13), ['0.1', '0.2', '1.1', '1.2', '2.1', '2.2', '0.3', '0.4', '1.3', '1.4', '2.3', '2.4', '-']);
});

test('every label is at one position, in order, in both orders', () => {
  for (const order of ['sequence', 'cut-stack'] as const) {
    const positions = new LabelPositions(50, 21, order, { startAt: order === 'sequence' ? 7 : 1, copiesPerCode: 3, repeat: 2 });
    const labels: number[] = [];
    for (let page = 0; page < positions.pages; page++) for (let slot = 0; slot < 21; slot++) labels.push(positions.at(page, slot)?.label ?? -1);
    const held = labels.filter((label) => label >= 0);
    assert.equal(new Set(held).size, positions.labels);
    if (order === 'sequence') assert.deepEqual(held, [...held].sort((a, b) => a - b));
  }
});

function refusal(fn: () => void): { en: string; zh: string } {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppError);
    return { en: error.text.en, zh: error.text['zh-CN'] };
  }
  assert.fail('not refused');
}

test('a start outside the sheet is refused naming --start-at and the sheet\'s range, in both languages', () => {
  for (const startAt of [0, 22, 2.5]) {
    const { en, zh } = refusal(() => checkLabelRun({ startAt, copiesPerCode: 1, repeat: 1 }, l7160, 'sequence', 100));
    assert.match(en, /Start at label \(--start-at\) must be a whole number from 1 to 21, the labels on one sheet of avery-l7160/);
    assert.match(zh, /--start-at.*1 到 21/);
  }
  checkLabelRun({ startAt: 21, copiesPerCode: 1, repeat: 1 }, l7160, 'sequence', 100);
});

test('a roll and a cut-and-stack order take no start; copies and repeats have their ranges and a ceiling together', () => {
  assert.match(refusal(() => checkLabelRun({ startAt: 2, copiesPerCode: 1, repeat: 1 }, roll, 'sequence', 10)).en, /roll-50x30 is a roll.*nothing to skip/);
  checkLabelRun({ startAt: 1, copiesPerCode: 3, repeat: 2 }, roll, 'sequence', 10);
  assert.match(refusal(() => checkLabelRun({ startAt: 3, copiesPerCode: 1, repeat: 1 }, l7160, 'cut-stack', 10)).en, /sequence order/);
  assert.match(refusal(() => checkLabelRun({ startAt: 1, copiesPerCode: 0, repeat: 1 }, l7160, 'sequence', 10)).en, /Labels per code \(--copies-per-code\) must be a whole number from 1 to 100/);
  assert.match(refusal(() => checkLabelRun({ startAt: 1, copiesPerCode: 1, repeat: 101 }, l7160, 'sequence', 10)).zh, /整批份数.--repeat.须为 1 到 100/);
  assert.match(refusal(() => checkLabelRun({ startAt: 1, copiesPerCode: 10, repeat: 2 }, l7160, 'sequence', MAX_EXPORT_LABELS / 10)).en, /2,000,000 labels; one export prints at most 1,000,000/);
});
