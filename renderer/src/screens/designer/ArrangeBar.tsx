import { useI18n } from '../../i18n/i18n';
import type { Alignment } from './designElements';
import { ZOOM_STEPS } from './LabelCanvas';

const ALIGNMENTS: { how: Alignment; icon: string }[] = [
  { how: 'left', icon: '⇤' },
  { how: 'centre', icon: '↔' },
  { how: 'right', icon: '⇥' },
  { how: 'top', icon: '⤒' },
  { how: 'middle', icon: '↕' },
  { how: 'bottom', icon: '⤓' },
];

/**
 * The canvas's zoom (50–400 % of the label fitted to its width, and back to fitted) and, for the
 * chosen elements, align (two or more) and space evenly (three or more) — as a BarTender user
 * expects them above the label.
 */
export function ArrangeBar(props: {
  zoomPercent: number;
  onZoom: (percent: number) => void;
  chosen: number;
  onAlign: (how: Alignment) => void;
  onDistribute: (axis: 'across' | 'down') => void;
}) {
  const { t } = useI18n();
  const { zoomPercent, chosen } = props;
  const index = ZOOM_STEPS.findIndex((step) => step >= zoomPercent);
  return (
    <div className="arrange-bar" data-testid="arrange-bar">
      <div className="zoom" role="group" aria-label={t('designer.zoom')}>
        <button type="button" title={t('designer.zoomOut')} aria-label={t('designer.zoomOut')} disabled={index <= 0} onClick={() => props.onZoom(ZOOM_STEPS[Math.max(0, index - 1)]!)} data-testid="zoom-out">
          −
        </button>
        <span className="zoom-percent" data-testid="zoom-percent">
          {zoomPercent} %
        </span>
        <button type="button" title={t('designer.zoomIn')} aria-label={t('designer.zoomIn')} disabled={index >= ZOOM_STEPS.length - 1} onClick={() => props.onZoom(ZOOM_STEPS[Math.min(ZOOM_STEPS.length - 1, index + 1)]!)} data-testid="zoom-in">
          +
        </button>
        <button type="button" onClick={() => props.onZoom(100)} disabled={zoomPercent === 100} data-testid="zoom-fit">
          {t('designer.zoomFit')}
        </button>
      </div>
      <div className="align" role="group" aria-label={t('designer.arrange')}>
        {ALIGNMENTS.map(({ how, icon }) => (
          <button key={how} type="button" title={t(`designer.align.${how}`)} aria-label={t(`designer.align.${how}`)} disabled={chosen < 2} onClick={() => props.onAlign(how)} data-testid={`align-${how}`}>
            {icon}
          </button>
        ))}
        <button type="button" title={t('designer.distribute.across')} aria-label={t('designer.distribute.across')} disabled={chosen < 3} onClick={() => props.onDistribute('across')} data-testid="distribute-across">
          ⋯
        </button>
        <button type="button" title={t('designer.distribute.down')} aria-label={t('designer.distribute.down')} disabled={chosen < 3} onClick={() => props.onDistribute('down')} data-testid="distribute-down">
          ⋮
        </button>
      </div>
      <span className="hint">{t('designer.arrangeHint', { n: chosen })}</span>
    </div>
  );
}
