import type { Template } from '../../../shared/sheets/templateSchema';
import { useI18n } from '../i18n/i18n';

type Ecc = Template['qr']['ecc'];

/** Error-correction level L / M / Q / H. */
export function EccSelect({ id, value, onChange }: { id: string; value: Ecc; onChange: (ecc: Ecc) => void }) {
  const { t } = useI18n();
  return (
    <div className="field small-field">
      <label htmlFor={id}>{t('export.ecc')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Ecc)}>
        {(['L', 'M', 'Q', 'H'] as const).map((level) => (
          <option key={level}>{level}</option>
        ))}
      </select>
    </div>
  );
}
