import { useEffect, useRef, useState } from 'react';
import type { BatchView, Result } from '../../../shared/contract';
import { LINEAR_SYMBOLOGIES, type StockDefinition, type Template } from '../../../shared/sheets/templateSchema';
import { call } from '../bridge/api';
import { BatchOptions } from '../components/BatchOptions';
import { EccSelect } from '../components/EccSelect';
import { StockOptions, useStocks } from '../components/stockPicker';
import { Screen } from '../components/Screen';
import { useNotice } from '../components/useNotice';
import { useSheetPreview } from '../components/useSheetPreview';
import { bothLanguages, useI18n } from '../i18n/i18n';

type TextLine = Template['text'][number];
type Barcode = NonNullable<Template['barcode']>;
type LabelField = Result<'labelFields'>['fields'][number];

const SYMBOLOGY_LABELS: Record<Barcode['symbology'], string> = { ean13: 'EAN-13', ean8: 'EAN-8', upca: 'UPC-A', code128: 'Code 128' };

/** The last text box a person was in: a field picked from the list goes there, at the cursor. */
type FieldTarget = { input: HTMLInputElement; set: (text: string) => void } | null;

function NumberField({ id, label, value, onChange, step = 0.1 }: { id: string; label: string; value: number; onChange: (n: number) => void; step?: number }) {
  return (
    <div className="field small-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" step={step} value={Number.isFinite(value) ? value : ''} onChange={(e) => onChange(Number(e.target.value))} />
    </div>
  );
}

/**
 * A retail barcode where most designs have room: right of the code's quiet zone, along the label's
 * bottom, as wide as that room allows (its own quiet zones included). The preview says if it does not fit.
 */
function defaultBarcode(template: Template, stock: StockDefinition | undefined): Barcode {
  const labelWidthMm = stock?.labelWidthMm ?? 63.5;
  const labelHeightMm = stock?.labelHeightMm ?? 38.1;
  const sizeMm = template.qr.sizeMm ?? (template.qr.moduleMm ?? 0.5) * 29;
  // The code's quiet zone, taken for the smallest symbol (25 modules): never too little.
  const codeRightMm = template.qr.xMm + sizeMm + (sizeMm / 25) * 4;
  const moduleMm = Math.max(0.1, (labelWidthMm - codeRightMm - 1) / (95 + 18));
  const heightMm = +(labelHeightMm * 0.35).toFixed(1);
  return {
    symbology: 'ean13',
    value: '{keystr}',
    xMm: +(codeRightMm + 11 * moduleMm).toFixed(2),
    yMm: +(labelHeightMm - heightMm - 1.5).toFixed(1),
    widthMm: +(95 * moduleMm).toFixed(2),
    heightMm,
    digits: true,
  };
}

function BarcodeFields({ barcode, onChange, valueTarget }: { barcode: Barcode; onChange: (change: Partial<Barcode>) => void; valueTarget: { onFocus: (e: React.FocusEvent<HTMLInputElement>) => void } }) {
  const { t } = useI18n();
  return (
    <div className="row" data-testid="barcode-fields">
      <div className="field small-field">
        <label htmlFor="barcode-symbology">{t('templates.symbology')}</label>
        <select id="barcode-symbology" value={barcode.symbology} onChange={(e) => onChange({ symbology: e.target.value as Barcode['symbology'] })}>
          {LINEAR_SYMBOLOGIES.map((s) => (
            <option key={s} value={s}>
              {SYMBOLOGY_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field grow">
        <label htmlFor="barcode-value">{t('templates.barcodeValue')}</label>
        <input id="barcode-value" value={barcode.value} onChange={(e) => onChange({ value: e.target.value })} {...valueTarget} />
      </div>
      <NumberField id="barcode-x" label={t('templates.x')} value={barcode.xMm} onChange={(n) => onChange({ xMm: n })} />
      <NumberField id="barcode-y" label={t('templates.y')} value={barcode.yMm} onChange={(n) => onChange({ yMm: n })} />
      <NumberField id="barcode-width" label={t('templates.width')} value={barcode.widthMm} onChange={(n) => onChange({ widthMm: n })} />
      <NumberField id="barcode-height" label={t('templates.height')} value={barcode.heightMm} onChange={(n) => onChange({ heightMm: n })} />
      <label className="radio">
        <input type="checkbox" checked={barcode.digits} onChange={(e) => onChange({ digits: e.target.checked })} />
        {t('templates.barcodeDigits')}
      </label>
    </div>
  );
}

/** Label design: a stock (or one's own), the code and text lines, marks — with a live preview. */
export function TemplatesScreen() {
  const { t } = useI18n();
  const { notice, setNotice, fail } = useNotice();
  const [saved, setSaved] = useState<{ name: string; file: string; template: Template }[]>([]);
  const [template, setTemplate] = useState<Template | null>(null);
  const [name, setName] = useState('');
  const stocks = useStocks(fail);
  const [batches, setBatches] = useState<BatchView[]>([]);
  const [batchId, setBatchId] = useState<number | undefined>(undefined);
  const [fields, setFields] = useState<LabelField[]>([]);
  const target = useRef<FieldTarget>(null);

  const loadSaved = () => call('listTemplates', {}).then(setSaved, fail);
  useEffect(() => {
    call('defaultTemplate', { stockId: 'avery-l7651' }).then(setTemplate, fail);
    call('listBatches', {}).then((all) => setBatches(all.filter((b) => b.kind !== 'deposit')), fail);
    void loadSaved();
  }, []);
  useEffect(() => {
    call('labelFields', { batchId }).then((r) => setFields(r.fields), fail);
  }, [batchId]);
  // The preview follows every change, a moment after typing stops, with the chosen batch's real values.
  const preview = useSheetPreview(template, { widthPx: 620, delayMs: 250, batchId }, fail);
  const insertField = (placeholder: string) => {
    const into = target.current;
    if (!into) return;
    const { input } = into;
    const at = input.selectionStart ?? input.value.length;
    into.set(input.value.slice(0, at) + placeholder + input.value.slice(input.selectionEnd ?? at));
    input.focus();
  };
  const fieldTarget = (set: (text: string) => void) => ({ onFocus: (e: React.FocusEvent<HTMLInputElement>) => (target.current = { input: e.currentTarget, set }) });

  if (!template) return null;
  const set = (change: Partial<Template>) => setTemplate({ ...template, ...change });
  const stock = typeof template.stock === 'string' ? stocks.find((s) => s.id === template.stock) : template.stock;
  const setLine = (i: number, change: Partial<TextLine>) => set({ text: template.text.map((line, j) => (j === i ? { ...line, ...change } : line)) });

  return (
    <Screen id="templates" title={t('templates.title')} intro={t('templates.intro')} notice={notice}>
      <div className="columns">
        <div className="panel" data-testid="template-editor">
          <div className="row">
            <div className="field grow">
              <label htmlFor="tpl-start">{t('templates.startFrom')}</label>
              <select id="tpl-start" value="" onChange={(e) => e.target.value && call('defaultTemplate', { stockId: e.target.value }).then(setTemplate, fail)}>
                <option value="">—</option>
                <StockOptions stocks={stocks} />
              </select>
            </div>
            <div className="field grow">
              <label htmlFor="tpl-open">{t('templates.open')}</label>
              <select id="tpl-open" value="" onChange={(e) => {
                const found = saved.find((s) => s.name === e.target.value);
                if (found) (setTemplate(found.template), setName(found.name));
              }}>
                <option value="">—</option>
                {saved.map((s) => (
                  <option key={s.name}>{s.name}</option>
                ))}
              </select>
            </div>
          </div>
          <label className="radio">
            <input type="checkbox" checked={typeof template.stock !== 'string'} onChange={(e) => stock && set({ stock: e.target.checked ? { ...stock, id: 'custom', name: t('templates.customStock') } : 'avery-l7651' })} />
            {t('templates.defineStock')}
          </label>
          {typeof template.stock !== 'string' && (
            <div className="row" data-testid="custom-stock">
              {(['pageWidthMm', 'pageHeightMm', 'labelWidthMm', 'labelHeightMm', 'firstXMm', 'firstYMm', 'pitchXMm', 'pitchYMm'] as const).map((key) => (
                <NumberField key={key} id={`stock-${key}`} label={t(`stock.${key}`)} value={(template.stock as StockDefinition)[key]} onChange={(n) => set({ stock: { ...(template.stock as StockDefinition), [key]: n } })} />
              ))}
              {(['columns', 'rows'] as const).map((key) => (
                <NumberField key={key} id={`stock-${key}`} label={t(`stock.${key}`)} step={1} value={(template.stock as StockDefinition)[key]} onChange={(n) => set({ stock: { ...(template.stock as StockDefinition), [key]: n } })} />
              ))}
            </div>
          )}
          <h2>{t('templates.code')}</h2>
          <div className="row">
            <NumberField id="qr-x" label={t('templates.x')} value={template.qr.xMm} onChange={(n) => set({ qr: { ...template.qr, xMm: n } })} />
            <NumberField id="qr-y" label={t('templates.y')} value={template.qr.yMm} onChange={(n) => set({ qr: { ...template.qr, yMm: n } })} />
            <NumberField id="qr-size" label={t('templates.size')} value={template.qr.sizeMm ?? 0} onChange={(n) => set({ qr: { ...template.qr, sizeMm: n, moduleMm: undefined } })} />
            <EccSelect id="qr-ecc" value={template.qr.ecc} onChange={(ecc) => set({ qr: { ...template.qr, ecc } })} />
            <NumberField id="printer-dpi" label={t('templates.printerDpi')} step={1} value={template.printerDpi} onChange={(n) => set({ printerDpi: n })} />
          </div>
          <h2>{t('templates.text')}</h2>
          <p className="hint">{t('templates.placeholders')}</p>
          <div className="row">
            <div className="field grow">
              <label htmlFor="tpl-batch">{t('templates.previewBatch')}</label>
              <select id="tpl-batch" value={batchId ?? ''} onChange={(e) => setBatchId(e.target.value ? Number(e.target.value) : undefined)}>
                <option value="">{t('templates.sampleValues')}</option>
                <BatchOptions batches={batches} />
              </select>
            </div>
          </div>
          <div className="field-chips" data-testid="label-fields" aria-label={t('templates.fields')}>
            <span className="hint">{t('templates.fieldsHint')}</span>
            {fields.map((f) => (
              <button type="button" key={f.placeholder} className={`chip chip-${f.group}`} title={f.sample} onMouseDown={(e) => e.preventDefault()} onClick={() => insertField(f.placeholder)}>
                <code>{f.placeholder}</code> <span className="chip-sample">{f.sample || '—'}</span>
              </button>
            ))}
          </div>
          {template.text.map((line, i) => (
            <div className="row text-line" key={i}>
              <div className="field grow">
                <label htmlFor={`line-${i}`}>{t('templates.line', { n: i + 1 })}</label>
                <input id={`line-${i}`} value={line.text} onChange={(e) => setLine(i, { text: e.target.value })} {...fieldTarget((text) => setLine(i, { text }))} />
              </div>
              <NumberField id={`line-${i}-x`} label={t('templates.x')} value={line.xMm} onChange={(n) => setLine(i, { xMm: n })} />
              <NumberField id={`line-${i}-y`} label={t('templates.baseline')} value={line.yMm} onChange={(n) => setLine(i, { yMm: n })} />
              <NumberField id={`line-${i}-size`} label={t('templates.pt')} value={line.sizePt} onChange={(n) => setLine(i, { sizePt: n })} />
              <div className="field small-field">
                <label htmlFor={`line-${i}-align`}>{t('templates.align')}</label>
                <select id={`line-${i}-align`} value={line.align} onChange={(e) => setLine(i, { align: e.target.value as TextLine['align'] })}>
                  {(['left', 'center', 'right'] as const).map((a) => (
                    <option key={a} value={a}>
                      {t(`templates.align.${a}`)}
                    </option>
                  ))}
                </select>
                <label className="radio">
                  <input type="checkbox" checked={line.bold} onChange={(e) => setLine(i, { bold: e.target.checked })} />
                  {t('templates.bold')}
                </label>
              </div>
              <button type="button" className="danger" onClick={() => set({ text: template.text.filter((_, j) => j !== i) })}>
                {t('templates.remove')}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set({ text: [...template.text, { text: '{seq}', xMm: 2, yMm: 4, sizePt: 6, bold: false, align: 'left', lines: 1 }] })}>
            {t('templates.addLine')}
          </button>
          <h2>{t('templates.barcode')}</h2>
          <label className="radio">
            <input
              type="checkbox"
              data-testid="barcode-on"
              checked={Boolean(template.barcode)}
              onChange={(e) => set({ barcode: e.target.checked ? defaultBarcode(template, stock) : undefined })}
            />
            {t('templates.barcodeOn')}
          </label>
          {template.barcode && (
            <BarcodeFields barcode={template.barcode} onChange={(change) => set({ barcode: { ...template.barcode!, ...change } })} valueTarget={fieldTarget((value) => set({ barcode: { ...template.barcode!, value } }))} />
          )}
          <h2>{t('templates.sheet')}</h2>
          <div className="row">
            <NumberField id="offset-x" label={t('templates.offsetX')} value={template.offsetXMm} onChange={(n) => set({ offsetXMm: n })} />
            <NumberField id="offset-y" label={t('templates.offsetY')} value={template.offsetYMm} onChange={(n) => set({ offsetYMm: n })} />
            <NumberField id="bleed" label={t('templates.bleed')} value={template.bleedMm} onChange={(n) => set({ bleedMm: n })} />
          </div>
          <label className="radio">
            <input type="checkbox" checked={template.cropMarks} onChange={(e) => set({ cropMarks: e.target.checked })} />
            {t('templates.cropMarks')}
          </label>
          <label className="radio">
            <input type="checkbox" checked={template.slug} onChange={(e) => set({ slug: e.target.checked })} />
            {t('templates.slug')}
          </label>
          <label className="radio">
            <input type="checkbox" checked={template.order === 'cut-stack'} onChange={(e) => set({ order: e.target.checked ? 'cut-stack' : 'sequence' })} />
            {t('templates.cutStack')}
          </label>
          <div className="row">
            <div className="field grow">
              <label htmlFor="tpl-name">{t('templates.name')}</label>
              <input id="tpl-name" value={name} onChange={(e) => setName(e.target.value)} />
            </div>
          </div>
          <button
            type="button"
            className="primary"
            data-testid="save-template"
            onClick={async () => {
              try {
                const { file } = await call('saveTemplate', { name, template: { ...template, name: name || template.name } });
                setNotice({ kind: 'ok', text: bothLanguages('templates.saved', { file }) });
                await loadSaved();
              } catch (error) {
                fail(error);
              }
            }}
          >
            {t('templates.save')}
          </button>
        </div>
        <div className="preview">
          {preview?.problem ? (
            <p className="notice error" data-testid="template-problem">
              {preview.problem}
            </p>
          ) : (
            preview && <p className="notice ok" data-testid="template-ok">{t('templates.printable')}</p>
          )}
          {preview && <img src={preview.src} alt={t('export.preview')} data-testid="template-preview" />}
        </div>
      </div>
    </Screen>
  );
}
