import { useEffect, useMemo, useRef, useState, type FocusEvent } from 'react';
import type { BatchView, Result } from '../../../shared/contract';
import type { StockDefinition, Template } from '../../../shared/sheets/templateSchema';
import { call, ServiceError } from '../bridge/api';
import { BatchOptions } from '../components/BatchOptions';
import { StockOptions, stockName, useStocks } from '../components/stockPicker';
import { Screen } from '../components/Screen';
import { useNotice } from '../components/useNotice';
import { useLeaveGuard } from '../components/useRoute';
import { useSheetPreview } from '../components/useSheetPreview';
import { bothLanguages, useI18n } from '../i18n/i18n';
import { ElementInspector, NumberField } from './designer/ElementInspector';
import { alignElements, distributeElements, indexOf, shapeNumber, type ElementId } from './designer/designElements';
import { ArrangeBar } from './designer/ArrangeBar';
import { ELEMENT_LIMITS } from '../../../shared/sheets/templateSchema';
import { CarryNotice, type Carry } from './designer/CarryNotice';
import { LabelCanvas } from './designer/LabelCanvas';
import { useDesignHistory } from './designer/useDesignHistory';

type LabelField = Result<'labelFields'>['fields'][number];

/** The text box a person was last in: a field picked from the list goes there, at the cursor. */
type FieldTarget = { input: HTMLInputElement; set: (text: string) => void } | null;

const FIRST_STOCK = 'avery-l7651';
/** The modules a side the canvas assumes until the first preview tells (a version-3 code). */
const USUAL_MODULES = 29;

/** The design on a one-label page: what the canvas shows behind its boxes, rendered as it prints. */
function oneLabel(template: Template, stock: StockDefinition): Template {
  const { labelWidthMm: w, labelHeightMm: h } = stock;
  return {
    ...template,
    stock: { id: 'one-label', name: 'one label', kind: 'roll', pageWidthMm: w, pageHeightMm: h, labelWidthMm: w, labelHeightMm: h, columns: 1, rows: 1, firstXMm: 0, firstYMm: 0, pitchXMm: w, pitchYMm: h },
    offsetXMm: 0,
    offsetYMm: 0,
    bleedMm: 0,
    cropMarks: false,
    slug: false,
    order: 'sequence',
  };
}

/** Reads a file the person picked as base64 (for a logo). */
const base64Of = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

/**
 * Label design: one label drawn large — the code, text boxes, barcode and logo moved and resized
 * by mouse or keys, snapping to edges — its millimetre fields beside, the whole sheet as it will
 * print always in view, undo and redo, and nothing lost unasked.
 */
export function TemplatesScreen() {
  const { t, local, language } = useI18n();
  const { notice, setNotice, fail } = useNotice();
  const history = useDesignHistory();
  const design = history.design;
  const [name, setName] = useState('');
  const [selected, setSelectedOnly] = useState<ElementId | null>(null);
  // The chosen elements (Shift-click adds one): what align and distribute move.
  const [chosen, setChosen] = useState<ElementId[]>([]);
  const [zoomPercent, setZoomPercent] = useState(100);
  const setSelected = (id: ElementId | null) => (setSelectedOnly(id), setChosen(id ? [id] : []));
  const choose = (id: ElementId | null, extend = false) => {
    if (!extend || !id) return setSelected(id);
    const next = chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id];
    setChosen(next);
    setSelectedOnly(next.includes(id) ? id : (next.at(-1) ?? null));
  };
  const [saved, setSaved] = useState<{ name: string; file: string; template: Template }[]>([]);
  const stocks = useStocks(fail);
  const [batches, setBatches] = useState<BatchView[]>([]);
  const [batchId, setBatchId] = useState<number | undefined>(undefined);
  const [fields, setFields] = useState<LabelField[]>([]);
  // A stock change's message, with the design as it was before (Undo goes back to it even after further edits).
  const [carry, setCarry] = useState<(Carry & { before: Template }) | null>(null);
  const target = useRef<FieldTarget>(null);
  const logoInput = useRef<HTMLInputElement>(null);

  const loadSaved = () => call('listTemplates', {}).then(setSaved, fail);
  useEffect(() => {
    call('defaultTemplate', { stockId: FIRST_STOCK }).then(history.reset, fail);
    call('listBatches', {}).then((all) => setBatches(all.filter((b) => b.kind !== 'deposit')), fail);
    void loadSaved();
  }, []);
  useEffect(() => {
    call('labelFields', { batchId }).then((r) => setFields(r.fields), fail);
    // Without a batch the values are stand-ins in the user's language.
  }, [batchId, language]);

  const stock = design ? (typeof design.stock === 'string' ? stocks.find((s) => s.id === design.stock) : design.stock) : undefined;
  const labelDesign = useMemo(() => (design && stock ? oneLabel(design, stock) : null), [design, stock]);
  const label = useSheetPreview(labelDesign, { widthPx: 1000, delayMs: 120, batchId }, fail);
  const sheet = useSheetPreview(design, { widthPx: 620, delayMs: 250, batchId }, fail);
  const modules = sheet?.modules ?? label?.modules ?? USUAL_MODULES;

  const askToDrop = () => !history.unsaved || window.confirm(t('designer.dropUnsaved'));
  useLeaveGuard(history.unsaved, () => window.confirm(t('designer.leaveUnsaved')));

  // Undo and redo from the keyboard, except while typing (a field has its own undo).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement;
      if (typing || !(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) (event.preventDefault(), history.undo());
      else if (key === 'y' || (key === 'z' && event.shiftKey)) (event.preventDefault(), history.redo());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const open = (next: Template, savedName: string) => {
    history.reset(next);
    setName(savedName);
    setSelected(null);
    setNotice(null);
    setCarry(null);
  };
  // A design of the person's own (changed, or opened) is carried to the new stock, scaled to its
  // label, saying what no longer fits; an untouched default gives way to the new stock's default.
  const chooseStock = async (stockId: string) => {
    if (!design) return;
    if (!history.unsaved && !name) {
      call('defaultTemplate', { stockId }).then((next) => open(next, ''), fail);
      return;
    }
    try {
      const carried = await call('carryDesign', { template: design, stockId, batchId, modules });
      history.change(carried.template);
      setSelected(null);
      setNotice(null);
      setCarry({ before: design, fromStock: typeof design.stock === 'string' ? design.stock : 'custom', toStock: stockId, scale: carried.scale, notFitting: carried.notFitting, changed: carried.changed });
    } catch (error) {
      fail(error);
    }
  };
  const openSaved = (savedName: string) => {
    const found = saved.find((s) => s.name === savedName);
    if (found && askToDrop()) open(found.template, found.name);
  };

  const insertField = (placeholder: string) => {
    const into = target.current;
    if (!into) return;
    const { input } = into;
    const at = input.selectionStart ?? input.value.length;
    into.set(input.value.slice(0, at) + placeholder + input.value.slice(input.selectionEnd ?? at));
    input.focus();
  };
  const onTextFocus = (event: FocusEvent<HTMLInputElement>, set: (text: string) => void) => (target.current = { input: event.currentTarget, set });

  if (!design || !stock) return null;
  const change = history.change;
  const set = (c: Partial<Template>, field: string) => change({ ...design, ...c }, { merge: `design-${field}` });

  // New elements go where the label has room (the service finds it and checks the result); when
  // none is left, or room was made, the line above says so.
  const place = async (element: 'text' | 'barcode' | 'logo' | 'line' | 'box', logoFile?: string) => {
    const placed = await call('placeDesignElement', { template: design, element, logoFile, batchId, modules });
    change(placed.template);
    setSelected(placed.selected as ElementId);
    setNotice(placed.notice && { kind: placed.roomy ? 'ok' : 'error', text: placed.notice });
  };
  const addText = () => place('text').catch(fail);
  const addBarcode = () => place('barcode').catch(fail);
  const addShape = (kind: 'line' | 'box') => place(kind).catch(fail);
  const addLogo = async (file: File) => {
    try {
      const { file: path } = await call('importLogo', { fileName: file.name, dataBase64: await base64Of(file) });
      await place('logo', path);
    } catch (error) {
      fail(error);
    }
  };

  const save = async () => {
    const saveAs = name.trim();
    if (!saveAs) {
      setNotice({ kind: 'error', text: bothLanguages('designer.nameFirst') });
      return;
    }
    // A design that cannot print is kept only when the person says so, knowing why.
    if (sheet?.problem && !window.confirm(t('designer.saveUnprintable', { problem: sheet.problem }))) return;
    const template = { ...design, name: saveAs };
    const write = async (replace: boolean): Promise<void> => {
      try {
        const { file } = await call('saveTemplate', { name: saveAs, template, replace });
        history.reset(template);
        setNotice({ kind: 'ok', text: bothLanguages('templates.saved', { file }) });
        await loadSaved();
      } catch (error) {
        if (!replace && error instanceof ServiceError && error.wire.code === 'conflict') {
          if (window.confirm(local(error.wire.message))) return write(true);
          return;
        }
        fail(error);
      }
    };
    await write(false);
  };

  const elementName = (id: ElementId) => {
    if (id === 'qr') return t('templates.code');
    if (id === 'logo') return t('designer.logo');
    const i = indexOf(id);
    if (id.startsWith('barcode-')) return design.barcodes.length > 1 ? `${t('templates.barcode')} ${i + 1}` : t('templates.barcode');
    if (id.startsWith('shape-')) return t(design.shapes[i]?.kind === 'line' ? 'designer.line' : 'designer.box', { n: shapeNumber(design.shapes, i) });
    return t('templates.textChip', { n: i + 1, text: design.text[i]?.text ?? '' });
  };
  const elementIds: ElementId[] = [
    'qr',
    ...design.text.map((_, i) => `text-${i}` as const),
    ...design.barcodes.map((_, i) => `barcode-${i}` as const),
    ...(design.logo ? (['logo'] as const) : []),
    ...design.shapes.map((_, i) => `shape-${i}` as const),
  ];
  const stockValue = typeof design.stock === 'string' ? design.stock : 'custom';

  return (
    <Screen id="templates" title={t('templates.title')} intro={t('templates.intro')} notice={notice}>
      <div className="designer-toolbar" data-testid="designer-toolbar">
        <div className="field">
          <label htmlFor="tpl-start">{t('designer.stock')}</label>
          <select id="tpl-start" className="stock-select" value={stockValue} onChange={(e) => e.target.value !== 'custom' && void chooseStock(e.target.value)}>
            <StockOptions stocks={stocks} />
            {stockValue === 'custom' && <option value="custom">{t('templates.customStock')}</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tpl-open">{t('templates.open')}</label>
          <select id="tpl-open" value={saved.some((s) => s.name === name) ? name : ''} onChange={(e) => openSaved(e.target.value)}>
            <option value="">—</option>
            {saved.map((s) => (
              <option key={s.name}>{s.name}</option>
            ))}
          </select>
        </div>
        <div className="field save-as">
          <label htmlFor="tpl-name">{t('templates.name')}</label>
          <div className="inline">
            <input id="tpl-name" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('designer.namePlaceholder')} />
            <button type="button" className="primary" data-testid="save-template" onClick={() => void save()}>
              {t('templates.save')}
            </button>
          </div>
          {/* Its room is always kept, so the canvas never shifts under a drag when it appears. */}
          <span className="unsaved" data-testid={history.unsaved ? 'unsaved' : undefined}>
            {history.unsaved ? t('designer.unsaved') : '\u00a0'}
          </span>
        </div>
      </div>
      {carry && (
        <CarryNotice
          carry={{ ...carry, fromStock: stockName(t, stocks.find((s) => s.id === carry.fromStock) ?? { id: carry.fromStock, name: t('templates.customStock') }), toStock: stockName(t, stocks.find((s) => s.id === carry.toStock) ?? { id: carry.toStock, name: carry.toStock }) }}
          onUndo={() => (change(carry.before), setSelected(null), setCarry(null))}
          onKeep={() => setCarry(null)}
        />
      )}
      <div className="designer">
        <div className="designer-main">
          <div className="panel" data-testid="template-editor">
            <div className="toolbar-buttons" data-testid="edit-bar">
              <button type="button" onClick={history.undo} disabled={!history.canUndo} data-testid="undo" title={t('designer.undoKeys')}>
                {t('designer.undo')}
              </button>
              <button type="button" onClick={history.redo} disabled={!history.canRedo} data-testid="redo" title={t('designer.redoKeys')}>
                {t('designer.redo')}
              </button>
              <button type="button" onClick={addText} data-testid="add-text">
                {t('designer.addText')}
              </button>
              <button type="button" onClick={addBarcode} disabled={design.barcodes.length >= ELEMENT_LIMITS.barcodes} data-testid="add-barcode">
                {t('designer.addBarcode')}
              </button>
              <button type="button" onClick={() => addShape('line')} disabled={design.shapes.length >= ELEMENT_LIMITS.shapes} data-testid="add-line">
                {t('designer.addLine')}
              </button>
              <button type="button" onClick={() => addShape('box')} disabled={design.shapes.length >= ELEMENT_LIMITS.shapes} data-testid="add-box">
                {t('designer.addBox')}
              </button>
              <button type="button" onClick={() => logoInput.current?.click()} data-testid="add-logo">
                {design.logo ? t('designer.replaceLogo') : t('designer.addLogo')}
              </button>
              <input ref={logoInput} type="file" hidden accept=".png,.jpg,.jpeg,.webp,.tif,.tiff,.svg" data-testid="logo-file" onChange={(e) => e.target.files?.[0] && void addLogo(e.target.files[0])} />
            </div>
            <ArrangeBar
              zoomPercent={zoomPercent}
              onZoom={setZoomPercent}
              chosen={chosen.length}
              onAlign={(how) => change(alignElements(design, chosen, how, stock.labelWidthMm, modules))}
              onDistribute={(axis) => change(distributeElements(design, chosen, axis, stock.labelWidthMm, modules))}
            />
            <LabelCanvas
              template={design}
              labelWidthMm={stock.labelWidthMm}
              labelHeightMm={stock.labelHeightMm}
              modules={modules}
              rendered={label?.src ?? null}
              selected={selected}
              chosen={chosen}
              onSelect={choose}
              onChange={change}
              zoomPercent={zoomPercent}
            />
            <p className="hint">{t('designer.canvasHint', { width: stock.labelWidthMm, height: stock.labelHeightMm })}</p>
            <div className="element-list" role="group" aria-label={t('designer.elements')}>
              {elementIds.map((id) => (
                <button key={id} type="button" className={id === selected ? 'chip current' : chosen.includes(id) ? 'chip chosen' : 'chip'} aria-pressed={chosen.includes(id)} onClick={(e) => choose(id, e.shiftKey)} data-testid={`select-${id}`}>
                  {elementName(id)}
                </button>
              ))}
            </div>
            {selected ? (
              <ElementInspector template={design} selected={selected} modules={modules} onChange={change} onSelect={setSelected} onTextFocus={onTextFocus} />
            ) : (
              <p className="hint">{t('designer.chooseSomething')}</p>
            )}
          </div>
          <details className="panel" open>
            <summary>{t('templates.fields')}</summary>
            <div className="field">
              <label htmlFor="tpl-batch">{t('templates.previewBatch')}</label>
              <select id="tpl-batch" value={batchId ?? ''} onChange={(e) => setBatchId(e.target.value ? Number(e.target.value) : undefined)}>
                <option value="">{t('templates.sampleValues')}</option>
                <BatchOptions batches={batches} />
              </select>
            </div>
            <div className="field-chips" data-testid="label-fields" aria-label={t('templates.fields')}>
              <span className="hint">{t('templates.fieldsHint')}</span>
              {fields.map((f) => (
                <button type="button" key={f.placeholder} className={`chip chip-${f.group}`} title={f.sample} onMouseDown={(e) => e.preventDefault()} onClick={() => insertField(f.placeholder)}>
                  <code>{f.placeholder}</code> <span className="chip-sample">{f.sample || '—'}</span>
                </button>
              ))}
            </div>
          </details>
          <details className="panel">
            <summary>{t('templates.sheet')}</summary>
            <div className="row">
              <NumberField id="printer-dpi" label={t('templates.printerDpi')} step={1} value={design.printerDpi} onChange={(n) => set({ printerDpi: n ?? 600 }, 'dpi')} />
              <NumberField id="offset-x" label={t('templates.offsetX')} value={design.offsetXMm} onChange={(n) => set({ offsetXMm: n ?? 0 }, 'offset-x')} />
              <NumberField id="offset-y" label={t('templates.offsetY')} value={design.offsetYMm} onChange={(n) => set({ offsetYMm: n ?? 0 }, 'offset-y')} />
              <NumberField id="bleed" label={t('templates.bleed')} value={design.bleedMm} onChange={(n) => set({ bleedMm: n ?? 0 }, 'bleed')} />
            </div>
            <label className="radio">
              <input type="checkbox" checked={design.cropMarks} onChange={(e) => set({ cropMarks: e.target.checked }, 'marks')} />
              {t('templates.cropMarks')}
            </label>
            <label className="radio">
              <input type="checkbox" checked={design.slug} onChange={(e) => set({ slug: e.target.checked }, 'slug')} />
              {t('templates.slug')}
            </label>
            <label className="radio">
              <input type="checkbox" checked={design.order === 'cut-stack'} onChange={(e) => set({ order: e.target.checked ? 'cut-stack' : 'sequence' }, 'order')} />
              {t('templates.cutStack')}
            </label>
          </details>
          <details className="panel" open={typeof design.stock !== 'string'}>
            <summary>{t('templates.defineStock')}</summary>
            <label className="radio">
              <input type="checkbox" checked={typeof design.stock !== 'string'} onChange={(e) => set({ stock: e.target.checked ? { ...stock, id: 'custom', name: t('templates.customStock') } : FIRST_STOCK }, 'stock')} />
              {t('templates.defineStock')}
            </label>
            {typeof design.stock !== 'string' && (
              <div className="row" data-testid="custom-stock">
                {(['pageWidthMm', 'pageHeightMm', 'labelWidthMm', 'labelHeightMm', 'firstXMm', 'firstYMm', 'pitchXMm', 'pitchYMm'] as const).map((key) => (
                  <NumberField key={key} id={`stock-${key}`} label={t(`stock.${key}`)} value={(design.stock as StockDefinition)[key]} onChange={(n) => set({ stock: { ...(design.stock as StockDefinition), [key]: n ?? 0 } }, `stock-${key}`)} />
                ))}
                {(['columns', 'rows'] as const).map((key) => (
                  <NumberField key={key} id={`stock-${key}`} label={t(`stock.${key}`)} step={1} value={(design.stock as StockDefinition)[key]} onChange={(n) => set({ stock: { ...(design.stock as StockDefinition), [key]: n ?? 1 } }, `stock-${key}`)} />
                ))}
              </div>
            )}
          </details>
        </div>
        <div className="designer-side">
          {sheet?.problem ? (
            <p className="notice error" data-testid="template-problem">
              {sheet.problem}
            </p>
          ) : (
            sheet && (
              <p className="notice ok" data-testid="template-ok">
                {t('templates.printable')}
              </p>
            )
          )}
          {sheet && <img src={sheet.src} alt={t('export.preview')} data-testid="template-preview" />}
        </div>
      </div>
    </Screen>
  );
}
