import { useEffect, useState } from 'react';
import type { Template } from '../../../shared/sheets/templateSchema';
import type { LocalizedText } from '../../../shared/text';
import { call } from '../bridge/api';
import { useI18n } from '../i18n/i18n';

export interface SheetPreview {
  src: string;
  /** The template's problem, in the user's language, when it cannot print. */
  problem: string | null;
  /** The QR symbol's modules a side (for drawing its quiet zone). */
  modules: number;
}

/** A page of `template` as it will print, refreshed when the template changes (after `delayMs`). */
export function useSheetPreview(
  template: Template | null,
  options: { batchId?: number; widthPx: number; delayMs?: number; product?: { keystandard: string; keystr: string }; run?: { startAt: number; copiesPerCode: number; repeat: number } },
  onError: (error: unknown) => void,
): SheetPreview | null {
  const { local, language } = useI18n();
  const [preview, setPreview] = useState<{ src: string; problem: LocalizedText | null; modules: number } | null>(null);
  useEffect(() => {
    if (!template) return;
    let live = true;
    const timer = setTimeout(() => {
      call('previewSheet', { template, batchId: options.batchId, widthPx: options.widthPx, product: options.product, run: options.run }).then(
        (p) => live && setPreview({ src: `data:image/png;base64,${p.pngBase64}`, problem: p.problem, modules: p.modules }),
        (error) => live && onError(error),
      );
    }, options.delayMs ?? 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The language too: without a batch the label shows stand-in values in it.
  }, [template, language, options.batchId, options.widthPx, options.product?.keystandard, options.product?.keystr, options.run?.startAt, options.run?.copiesPerCode, options.run?.repeat]);
  // The problem is kept in both languages, so a language switch switches it too.
  return preview && { ...preview, problem: preview.problem ? local(preview.problem) : null };
}
