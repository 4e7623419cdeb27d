import type { FocusEvent } from 'react';
import { FONT_FAMILIES, LINEAR_SYMBOLOGIES, ROTATIONS, TEMPLATE_LIMITS, type Barcode, type Rotation, type Shape, type Template } from '../../../../shared/sheets/templateSchema';
import { EccSelect } from '../../components/EccSelect';
import { useI18n } from '../../i18n/i18n';
import { codeSizeMm, fieldMm, indexOf, removeElement, rotationOf, shapeNumber, turnElement, type ElementId } from './designElements';
import type { ChangeKind } from './useDesignHistory';

type TextLine = Template['text'][number];

const SYMBOLOGY_LABELS: Record<Barcode['symbology'], string> = { ean13: 'EAN-13', ean8: 'EAN-8', upca: 'UPC-A', code128: 'Code 128' };

export function NumberField({ id, label, value, onChange, step = 0.1, min, placeholder }: { id: string; label: string; value: number | undefined; onChange: (n: number | undefined) => void; step?: number; min?: number; placeholder?: string }) {
  return (
    <div className="field small-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        step={step}
        min={min}
        placeholder={placeholder}
        value={value !== undefined && Number.isFinite(value) ? fieldMm(value) : ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : fieldMm(Number(e.target.value)))}
      />
    </div>
  );
}

/** A box's four millimetre fields (the barcode's, the logo's), named `${id}-x` … `${id}-height`. */
function BoxFields({ id, box, onChange }: { id: string; box: { xMm: number; yMm: number; widthMm: number; heightMm: number }; onChange: (change: Partial<typeof box>, field: string) => void }) {
  const { t } = useI18n();
  return (
    <div className="row">
      <NumberField id={`${id}-x`} label={t('templates.x')} value={box.xMm} onChange={(n) => onChange({ xMm: n ?? 0 }, 'x')} />
      <NumberField id={`${id}-y`} label={t('templates.y')} value={box.yMm} onChange={(n) => onChange({ yMm: n ?? 0 }, 'y')} />
      <NumberField id={`${id}-width`} label={t('templates.width')} value={box.widthMm} onChange={(n) => onChange({ widthMm: n ?? 1 }, 'w')} />
      <NumberField id={`${id}-height`} label={t('templates.height')} value={box.heightMm} onChange={(n) => onChange({ heightMm: n ?? 1 }, 'h')} />
    </div>
  );
}

/** Which way an element is turned: 0, 90, 180 or 270 degrees clockwise about its middle. */
function RotationSelect({ id, value, onChange }: { id: string; value: Rotation; onChange: (rotation: Rotation) => void }) {
  const { t } = useI18n();
  return (
    <div className="field small-field">
      <label htmlFor={id}>{t('designer.rotation')}</label>
      <select id={id} value={value} data-testid="rotation" onChange={(e) => onChange(Number(e.target.value) as Rotation)}>
        {ROTATIONS.map((r) => (
          <option key={r} value={r}>
            {r}°
          </option>
        ))}
      </select>
    </div>
  );
}

/** The inspector of a line or a box: where, how long or large, its stroke and (a box) its fill. */
function ShapeFields({ id, shape, onChange }: { id: string; shape: Shape; onChange: (change: Partial<Shape>, field: string) => void }) {
  const { t } = useI18n();
  const stroke = TEMPLATE_LIMITS.strokeMm;
  return (
    <>
      <div className="row">
        <NumberField id={`${id}-x`} label={t('templates.x')} value={shape.xMm} onChange={(n) => onChange({ xMm: n ?? 0 }, 'x')} />
        <NumberField id={`${id}-y`} label={t('templates.y')} value={shape.yMm} onChange={(n) => onChange({ yMm: n ?? 0 }, 'y')} />
        {shape.kind === 'line' ? (
          <NumberField id={`${id}-length`} label={t('designer.lengthMm')} value={shape.lengthMm} onChange={(n) => onChange({ lengthMm: n ?? 1 }, 'length')} />
        ) : (
          <>
            <NumberField id={`${id}-width`} label={t('templates.width')} value={shape.widthMm} onChange={(n) => onChange({ widthMm: n ?? 1 }, 'w')} />
            <NumberField id={`${id}-height`} label={t('templates.height')} value={shape.heightMm} onChange={(n) => onChange({ heightMm: n ?? 1 }, 'h')} />
          </>
        )}
      </div>
      <div className="row">
        <NumberField id={`${id}-stroke`} label={t('designer.strokeMm', { min: stroke.min, max: stroke.max })} step={0.05} min={stroke.min} value={shape.strokeMm} onChange={(n) => onChange({ strokeMm: n ?? stroke.min }, 'stroke')} />
        {shape.kind === 'box' && (
          <div className="field fill-field">
            <label htmlFor={`${id}-fill`}>{t('designer.fill')}</label>
            <select id={`${id}-fill`} value={shape.fill} onChange={(e) => onChange({ fill: e.target.value as 'none' | 'black' }, 'fill')}>
              <option value="none">{t('designer.fill.none')}</option>
              <option value="black">{t('designer.fill.black')}</option>
            </select>
          </div>
        )}
      </div>
    </>
  );
}

/**
 * The chosen element's millimetre fields, kept in step with the canvas: moving a box changes its
 * fields, typing a field moves the box. A field typed into is one undo step, however many keys.
 */
export function ElementInspector(props: {
  template: Template;
  selected: ElementId;
  modules: number;
  onChange: (template: Template, kind: ChangeKind) => void;
  onSelect: (id: ElementId | null) => void;
  /** Where a field picked from the batch's list goes: the text box last focused. */
  onTextFocus: (event: FocusEvent<HTMLInputElement>, set: (text: string) => void) => void;
}) {
  const { t } = useI18n();
  const { template, selected } = props;
  const change = (next: Template, field: string) => props.onChange(next, { merge: `${selected}-${field}` });
  const rotation = <RotationSelect id={`${selected}-rotation`} value={rotationOf(template, selected)} onChange={(r) => props.onChange(turnElement(template, selected, r), { step: true })} />;
  const removeButton = (
    <button type="button" className="danger" data-testid="remove-element" onClick={() => (props.onChange(removeElement(template, selected), { step: true }), props.onSelect(null))}>
      {t('templates.remove')}
    </button>
  );

  if (selected === 'qr') {
    const qr = template.qr;
    const setQr = (c: Partial<Template['qr']>, field: string) => change({ ...template, qr: { ...qr, ...c } }, field);
    return (
      <fieldset className="inspector" data-testid="inspector-qr">
        <legend>{t('templates.code')}</legend>
        <div className="row">
          <NumberField id="qr-x" label={t('templates.x')} value={qr.xMm} onChange={(n) => setQr({ xMm: n ?? 0 }, 'x')} />
          <NumberField id="qr-y" label={t('templates.y')} value={qr.yMm} onChange={(n) => setQr({ yMm: n ?? 0 }, 'y')} />
          <NumberField id="qr-size" label={t('templates.size')} value={+codeSizeMm(template, props.modules).toFixed(2)} onChange={(n) => setQr({ sizeMm: n ?? 0, moduleMm: undefined }, 'size')} />
          <EccSelect id="qr-ecc" value={qr.ecc} onChange={(ecc) => setQr({ ecc }, 'ecc')} />
          {rotation}
        </div>
        <p className="hint">{t('designer.qrHint')}</p>
      </fieldset>
    );
  }

  const b = indexOf(selected);
  if (selected.startsWith('barcode-') && template.barcodes[b]) {
    const barcode = template.barcodes[b];
    const setBarcode = (c: Partial<Barcode>, field: string) => change({ ...template, barcodes: template.barcodes.map((x, j) => (j === b ? { ...barcode, ...c } : x)) }, field);
    // The first barcode's fields keep the names they had when a design held one.
    const key = b === 0 ? 'barcode' : `barcode-${b + 1}`;
    return (
      <fieldset className="inspector" data-testid={b === 0 ? 'barcode-fields' : `barcode-fields-${b + 1}`}>
        <legend>{template.barcodes.length > 1 ? `${t('templates.barcode')} ${b + 1}` : t('templates.barcode')}</legend>
        <div className="row">
          <div className="field small-field">
            <label htmlFor={`${key}-symbology`}>{t('templates.symbology')}</label>
            <select id={`${key}-symbology`} value={barcode.symbology} onChange={(e) => setBarcode({ symbology: e.target.value as Barcode['symbology'] }, 'symbology')}>
              {LINEAR_SYMBOLOGIES.map((s) => (
                <option key={s} value={s}>
                  {SYMBOLOGY_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field grow">
            <label htmlFor={`${key}-value`}>{t('templates.barcodeValue')}</label>
            <input id={`${key}-value`} value={barcode.value} onChange={(e) => setBarcode({ value: e.target.value }, 'value')} onFocus={(e) => props.onTextFocus(e, (value) => setBarcode({ value }, 'value'))} />
          </div>
        </div>
        <BoxFields id={key} box={barcode} onChange={setBarcode} />
        <div className="row">
          {rotation}
          <label className="radio">
            <input type="checkbox" checked={barcode.digits} onChange={(e) => setBarcode({ digits: e.target.checked }, 'digits')} />
            {t('templates.barcodeDigits')}
          </label>
          {removeButton}
        </div>
      </fieldset>
    );
  }

  if (selected === 'logo' && template.logo) {
    const logo = template.logo;
    const setLogo = (c: Partial<NonNullable<Template['logo']>>, field: string) => change({ ...template, logo: { ...logo, ...c } }, field);
    return (
      <fieldset className="inspector" data-testid="inspector-logo">
        <legend>{t('designer.logo')}</legend>
        <p className="hint mono">{logo.file.split(/[\\/]/).pop()}</p>
        <BoxFields id="logo" box={logo} onChange={setLogo} />
        <div className="row">
          {rotation}
          {removeButton}
        </div>
      </fieldset>
    );
  }

  if (selected.startsWith('shape-') && template.shapes[b]) {
    const shape = template.shapes[b];
    const setShape = (c: Partial<Shape>, field: string) => change({ ...template, shapes: template.shapes.map((x, j) => (j === b ? ({ ...shape, ...c } as Shape) : x)) }, field);
    return (
      <fieldset className="inspector" data-testid={`inspector-shape-${b}`}>
        <legend>{t(shape.kind === 'line' ? 'designer.line' : 'designer.box', { n: shapeNumber(template.shapes, b) })}</legend>
        <ShapeFields id={`shape-${b}`} shape={shape} onChange={setShape} />
        <div className="row">
          {rotation}
          {removeButton}
        </div>
      </fieldset>
    );
  }

  const i = indexOf(selected);
  const line = template.text[i];
  if (!line) return null;
  const setLine = (c: Partial<TextLine>, field: string) => change({ ...template, text: template.text.map((l, j) => (j === i ? { ...l, ...c } : l)) }, field);
  return (
    <fieldset className="inspector" data-testid={`inspector-text-${i}`}>
      <legend>{t('templates.text', { n: i + 1 })}</legend>
      <div className="row">
        <div className="field grow">
          <label htmlFor={`line-${i}`}>{t('designer.textValue')}</label>
          <input id={`line-${i}`} value={line.text} onChange={(e) => setLine({ text: e.target.value }, 'text')} onFocus={(e) => props.onTextFocus(e, (text) => setLine({ text }, 'text'))} />
        </div>
      </div>
      <div className="row">
        <NumberField id={`line-${i}-x`} label={t(line.align === 'center' ? 'designer.centre' : line.align === 'right' ? 'designer.rightEdge' : 'templates.x')} value={line.xMm} onChange={(n) => setLine({ xMm: n ?? 0 }, 'x')} />
        <NumberField id={`line-${i}-y`} label={t('templates.baseline')} value={line.yMm} onChange={(n) => setLine({ yMm: n ?? 0 }, 'y')} />
        <NumberField id={`line-${i}-width`} label={t('templates.width')} value={line.widthMm} placeholder={t('designer.toEdge')} onChange={(n) => setLine({ widthMm: n }, 'width')} />
        <NumberField id={`line-${i}-lines`} label={t('designer.lines')} step={1} min={1} value={line.lines} onChange={(n) => setLine({ lines: Math.max(1, Math.min(12, Math.round(n ?? 1))) }, 'lines')} />
      </div>
      <div className="row">
        <NumberField id={`line-${i}-size`} label={t('templates.pt')} value={line.sizePt} onChange={(n) => setLine({ sizePt: n ?? 6 }, 'size')} />
        <NumberField id={`line-${i}-min`} label={t('designer.minPt')} value={line.minSizePt} placeholder="4" onChange={(n) => setLine({ minSizePt: n }, 'min')} />
        <div className="field small-field">
          <label htmlFor={`line-${i}-align`}>{t('templates.align')}</label>
          <select id={`line-${i}-align`} value={line.align} onChange={(e) => setLine({ align: e.target.value as TextLine['align'] }, 'align')}>
            {(['left', 'center', 'right'] as const).map((a) => (
              <option key={a} value={a}>
                {t(`templates.align.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="radio">
          <input type="checkbox" checked={line.bold} onChange={(e) => setLine({ bold: e.target.checked }, 'bold')} />
          {t('templates.bold')}
        </label>
      </div>
      <div className="row">
        <div className="field font-field">
          <label htmlFor={`line-${i}-font`}>{t('designer.font')}</label>
          <select id={`line-${i}-font`} value={line.font} onChange={(e) => setLine({ font: e.target.value as TextLine['font'] }, 'font')}>
            {FONT_FAMILIES.map((f) => (
              <option key={f} value={f}>
                {t(`designer.font.${f}`)}
              </option>
            ))}
          </select>
        </div>
        {rotation}
      </div>
      <p className="hint">{t('designer.fitHint')}</p>
      {removeButton}
    </fieldset>
  );
}
