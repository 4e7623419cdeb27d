import type { LocalizedText } from '../../../../shared/text';
import { useI18n } from '../../i18n/i18n';

/** A design carried to another stock: where to, how much it was scaled, what no longer fits. */
export interface Carry {
  fromStock: string;
  toStock: string;
  scale: number;
  notFitting: LocalizedText[];
  changed: LocalizedText[];
}

/**
 * Says what carrying the design to another stock did — scaled by how much, what no longer fits
 * (each element named), what else was changed — with the choice to undo it or keep it.
 */
export function CarryNotice({ carry, onUndo, onKeep }: { carry: Carry; onUndo: () => void; onKeep: () => void }) {
  const { t, local } = useI18n();
  const fits = carry.notFitting.length === 0;
  return (
    <div className={`notice ${fits ? 'ok' : 'error'} carry-notice`} role={fits ? 'status' : 'alert'} data-testid="carry-notice">
      <p>
        {t('designer.carried', { stock: carry.toStock, percent: Math.round(carry.scale * 100) })} {fits && t('designer.carriedFits')}
      </p>
      {!fits && (
        <>
          <p>{t('designer.carriedNotFitting')}</p>
          <ul data-testid="carry-not-fitting">
            {carry.notFitting.map((name) => (
              <li key={name.en}>{local(name)}</li>
            ))}
          </ul>
        </>
      )}
      {carry.changed.length > 0 && (
        <p>
          {t('designer.carriedChanged')} {carry.changed.map(local).join('; ')}
        </p>
      )}
      <div className="inline">
        <button type="button" onClick={onUndo} data-testid="carry-undo">
          {t('designer.carryUndo', { stock: carry.fromStock })}
        </button>
        <button type="button" onClick={onKeep} data-testid="carry-keep">
          {t('designer.carryKeep')}
        </button>
      </div>
    </div>
  );
}
