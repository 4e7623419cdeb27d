import { useReducer, useRef } from 'react';
import type { Template } from '../../../../shared/sheets/templateSchema';

/** How a change enters the history: a step of its own, merged into the last step of the same kind, or passing (a drag under way). */
export type ChangeKind = { step: true } | { merge: string } | { passing: true };

const MERGE_WITHIN_MS = 800;
const STEPS_KEPT = 200;

interface History {
  past: Template[];
  present: Template | null;
  future: Template[];
  /** The last merged change: its kind and when. */
  merging: { key: string; at: number } | null;
  /** Where a passing change (a drag) started, so its end is one step from there. */
  passingFrom: Template | null;
  savedJson: string;
}

/**
 * The design being edited, with undo and redo, and whether it differs from what was last saved
 * or opened. Typing into a field or nudging with the keys makes one step, not one per keystroke;
 * a drag is one step, taken when it ends.
 */
export function useDesignHistory() {
  const history = useRef<History>({ past: [], present: null, future: [], merging: null, passingFrom: null, savedJson: '' });
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const h = history.current;

  const change = (next: Template, kind: ChangeKind = { step: true }) => {
    if ('passing' in kind) {
      h.passingFrom ??= h.present;
    } else {
      const before = h.passingFrom ?? h.present;
      h.passingFrom = null;
      const now = Date.now();
      const merged = 'merge' in kind && h.merging?.key === kind.merge && now - h.merging.at < MERGE_WITHIN_MS;
      h.merging = 'merge' in kind ? { key: kind.merge, at: now } : null;
      if (!merged && before && JSON.stringify(before) !== JSON.stringify(next)) {
        h.past = [...h.past, before].slice(-STEPS_KEPT);
        h.future = [];
      }
    }
    h.present = next;
    rerender();
  };

  return {
    design: h.present,
    change,
    canUndo: h.past.length > 0,
    canRedo: h.future.length > 0,
    undo: () => {
      if (!h.past.length || !h.present) return;
      h.future = [h.present, ...h.future];
      h.present = h.past.at(-1)!;
      h.past = h.past.slice(0, -1);
      h.merging = null;
      rerender();
    },
    redo: () => {
      if (!h.future.length || !h.present) return;
      h.past = [...h.past, h.present];
      h.present = h.future[0]!;
      h.future = h.future.slice(1);
      h.merging = null;
      rerender();
    },
    /** A design opened or just saved: the history starts afresh from it. */
    reset: (design: Template) => {
      history.current = { past: [], present: design, future: [], merging: null, passingFrom: null, savedJson: JSON.stringify(design) };
      rerender();
    },
    /** The design as it is now was saved. */
    markSaved: (design: Template) => {
      h.savedJson = JSON.stringify(design);
      rerender();
    },
    unsaved: h.present !== null && JSON.stringify(h.present) !== h.savedJson,
  };
}
