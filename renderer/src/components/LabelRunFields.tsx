import type { ChangeEvent } from 'react';
import { useI18n } from '../i18n/i18n';

/** Where an export's labels start on the first sheet, the labels per code, and the copies of the whole run. */
export interface LabelRun {
  startAt: number;
  copiesPerCode: number;
  repeat: number;
}

/**
 * A sheet partly used before (start at label N) and copies: the export refuses numbers out of
 * range, and its preview says why before anything is written.
 */
export function LabelRunFields({ run, onChange, labelsPerSheet, roll }: { run: LabelRun; onChange: (run: LabelRun) => void; labelsPerSheet: number; roll: boolean }) {
  const { t, language } = useI18n();
  // The export checks the numbers (its preview names a refusal); here they are only marked.
  const within = (value: number, max: number) => Number.isInteger(value) && value >= 1 && value <= max;
  const valid = { startAt: within(run.startAt, labelsPerSheet), copiesPerCode: within(run.copiesPerCode, 100), repeat: within(run.repeat, 100) };
  const copied = valid.copiesPerCode && valid.repeat && (run.copiesPerCode > 1 || run.repeat > 1);
  const set = (key: keyof LabelRun) => (e: ChangeEvent<HTMLInputElement>) => onChange({ ...run, [key]: e.target.value === '' ? 0 : Number(e.target.value) });
  return (
    <>
      <div className="row label-run" data-testid="label-run">
        <div className={valid.startAt || roll ? 'field' : 'field invalid'}>
          <label htmlFor="export-start-at">{t('export.startAt')}</label>
          <input id="export-start-at" type="number" min={1} max={labelsPerSheet} value={roll ? 1 : run.startAt || ''} disabled={roll} onChange={set('startAt')} />
        </div>
        <div className={valid.copiesPerCode ? 'field' : 'field invalid'}>
          <label htmlFor="export-copies-per-code">{t('export.copiesPerCode')}</label>
          <input id="export-copies-per-code" type="number" min={1} max={100} value={run.copiesPerCode || ''} onChange={set('copiesPerCode')} />
        </div>
        <div className={valid.repeat ? 'field' : 'field invalid'}>
          <label htmlFor="export-repeat">{t('export.repeat')}</label>
          <input id="export-repeat" type="number" min={1} max={100} value={run.repeat || ''} onChange={set('repeat')} />
        </div>
      </div>
      <p className="hint" data-testid="label-run-hint">
        {[
          roll ? t('export.startAtRoll') : valid.startAt && run.startAt > 1 ? t('export.startAtHint', { last: run.startAt - 1 }) : t('export.startAtRange', { max: labelsPerSheet }),
          copied ? t('export.copiesHint', { per: run.copiesPerCode, repeat: run.repeat }) : '',
        ]
          .filter(Boolean)
          .join(language === 'zh-CN' ? '' : ' ')}
      </p>
    </>
  );
}
