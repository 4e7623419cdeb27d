import { useEffect, useState, type DragEvent } from 'react';
import { extinfoAt, parsePattern } from '../../../shared/issuing/extinfoPattern';
import { parseProductKey } from '../../../shared/issuing/productKey';
import { csvDelimiter, decodeTextFile, UnreadableText, unreadableTextMessage } from '../../../shared/issuing/textEncoding';
import type { Args, BatchView, JumpRuleView } from '../../../shared/contract';
import { MULTIPLE_CARD_MAX, SANDBOX_DEMO_CARD_ID } from '../../../shared/cards/cardCode';
import { CardPicker, cardMode, useCards } from '../components/CardPicker';
import { call } from '../bridge/api';
import { bothLanguages, useI18n } from '../i18n/i18n';
import { StockOptions, useStocks } from '../components/stockPicker';
import { FieldError, NoticeLine, useNotice } from '../components/useNotice';
import { useSheetPreview } from '../components/useSheetPreview';
import type { Template } from '../../../shared/sheets/templateSchema';
import { gs1Uri, gtinOfPrefix } from '../../../shared/jump/gs1DigitalLink';

type ExtinfoSource = Extract<Args<'planBatch'>['source'], { kind: 'pattern' | 'file' }>;

interface Props {
  /** With the stock chosen, which the export dialog then starts from. */
  onStarted: (batch: BatchView, stockId: string) => void;
  /** Where the codes will be issued, for the confirmation. */
  account: { sandbox: boolean; name: string };
  /** Changes when a card's stock or mode was changed elsewhere on the screen: the cards are read again. */
  cardsVersion?: number;
}

/** The values a dropped file holds: its non-empty lines, less a CSV's header row. */
const valueCount = (fileName: string, content: string) => {
  const lines = content.split(/\r?\n/).filter((line) => line.trim()).length;
  return /\.txt$/i.test(fileName) ? lines : Math.max(0, lines - 1);
};

type Source = { kind: 'pattern' } | { kind: 'file'; fileName: string; content: string; columns: string[]; column: string } | { kind: 'testLinks' };
/** A product code from WeChat per extinfo, or a Mini Program code: a published prefix + serial. */
type CodeKind = 'product' | 'jump' | 'card';
/**
 * For a card: send its custom codes to WeChat first, make a card QR code per deposited code, or
 * one code for 2–5 cards (QR_MULTIPLE_CARD) for a shelf or display label.
 */
type CardStep = 'deposit' | 'qr' | 'multiple';
/** One card of a multiple-card code: a code only for a card with custom codes. */
type MultipleRow = { cardId: string; code: string };

/** The plan's fields this form shows: a refusal about one of them is told beside it. */
const PLAN_FIELDS = ['product', 'prefix', 'cardId', 'source.pattern', 'source.start', 'source.count', 'source.step', 'qrcodeSizePx', 'name', 'outerStr', 'design'] as const;

/** Plans a batch (product and extinfos, or a jump prefix and serials) and starts issuing it. */
export function NewBatchForm({ onStarted, account, cardsVersion }: Props) {
  const { t, local } = useI18n();
  const [kind, setKind] = useState<CodeKind>('product');
  const [rules, setRules] = useState<JumpRuleView[]>([]);
  const [prefix, setPrefix] = useState('');
  const [gs1, setGs1] = useState(false);
  const [lot, setLot] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cardId, setCardId] = useState('');
  const [cardStep, setCardStep] = useState<CardStep>('deposit');
  const [outerStr, setOuterStr] = useState('');
  const [uniqueCode, setUniqueCode] = useState(false);
  const [multiple, setMultiple] = useState<MultipleRow[]>([{ cardId: '', code: '' }, { cardId: '', code: '' }]);
  const { notice, setNotice, fail, failField, fieldErrors } = useNotice({ fields: PLAN_FIELDS });
  const cards = useCards(fail, kind === 'card', cardsVersion);
  const card = cards.cards.find((c) => c.cardId === cardId);
  const setMultipleRow = (index: number, row: Partial<MultipleRow>) => setMultiple((rows) => rows.map((r, i) => (i === index ? { ...r, ...row } : r)));
  const [product, setProduct] = useState('ean13:6900873042720');
  const [products, setProducts] = useState<string[]>([]);
  const [pattern, setPattern] = useState('LOT-{seq:6}');
  const [start, setStart] = useState(1);
  const [count, setCount] = useState(200);
  const [step, setStep] = useState(1);
  const [sizePx, setSizePx] = useState(100);
  const [name, setName] = useState('');
  const [source, setSource] = useState<Source>({ kind: 'pattern' });
  const [busy, setBusy] = useState(false);
  const [stockId, setStockId] = useState('avery-l7651');
  const stocks = useStocks(fail);
  const [stockTemplate, setStockTemplate] = useState<Template | null>(null);
  useEffect(() => {
    call('defaultTemplate', { stockId, ...(kind === 'jump' && gs1 ? { gs1: true } : {}) }).then(setStockTemplate, fail);
  }, [stockId, kind, gs1]);
  // The product's page is read (and kept on this computer) as its key is chosen, so the preview
  // shows its real title — the one the plan is checked with.
  const productKey = kind === 'product' ? parseProductKey(product) : null;
  const keyText = productKey ? `${productKey.keystandard}:${productKey.keystr}` : '';
  const [pageRead, setPageRead] = useState('');
  useEffect(() => {
    if (!productKey) return;
    const timer = setTimeout(() => {
      call('getProduct', productKey).then(
        () => setPageRead(keyText),
        () => setPageRead(''),
      );
    }, 400);
    return () => clearTimeout(timer);
  }, [keyText]);
  const previewProduct = productKey && pageRead === keyText ? productKey : undefined;
  const preview = useSheetPreview(stockTemplate, { widthPx: 360, product: previewProduct }, fail);
  const design = stockTemplate ?? undefined;

  useEffect(() => {
    if (kind !== 'jump') return;
    call('listJumpRules', {}).then((listed) => {
      setRules(listed.rules);
      setPrefix((current) => current || (listed.rules.find((r) => r.published) ?? listed.rules[0])?.prefix || '');
    }, fail);
  }, [kind]);
  const rule = rules.find((r) => r.prefix === prefix);
  const prefixGtin = gs1 && prefix ? gtinOfPrefix(prefix) : null;
  const codeOf = (serial: string) =>
    gs1 && prefixGtin && 'gtin' in prefixGtin ? gs1Uri(prefix, { gtin: prefixGtin.gtin, ...(lot ? { lot } : {}), ...(expiry ? { expiry: expiry.slice(2).replaceAll('-', '') } : {}) }, serial) : prefix + serial;

  useEffect(() => {
    call('listProducts', { limit: 100 }).then(
      (page) => setProducts(page.items.map((p) => `${p.keystandard}:${p.keystr}`)),
      () => setProducts([]),
    );
  }, []);

  const parsed = parsePattern(pattern);
  const sample = 'placeholders' in parsed ? null : [0, 1, 2].filter((i) => i < count).map((i) => extinfoAt(parsed, start, step, i)).concat(count > 3 ? ['…', extinfoAt(parsed, start, step, count - 1)] : []);

  const readFile = async (file: File) => {
    let content: string;
    try {
      // Excel on a Chinese Windows writes GBK, its "Unicode Text" UTF-16: read as written.
      content = decodeTextFile(new Uint8Array(await file.arrayBuffer()));
    } catch (error) {
      if (!(error instanceof UnreadableText)) throw error;
      setNotice({ kind: 'error', text: unreadableTextMessage(error) });
      return;
    }
    const header = content.split(/\r?\n/, 1)[0] ?? '';
    const columns = file.name.toLowerCase().endsWith('.txt') ? [] : header.split(csvDelimiter(header)).map((c) => c.trim().replace(/^"|"$/g, ''));
    setSource({ kind: 'file', fileName: file.name, content, columns, column: columns.find((c) => c.toLowerCase() === 'extinfo') ?? columns[0] ?? '' });
    setNotice(null);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) void readFile(file);
  };

  const values = (): ExtinfoSource =>
    source.kind === 'file'
      ? { kind: 'file', fileName: source.fileName, content: source.content, column: source.columns.length > 1 ? source.column : undefined }
      : { kind: 'pattern', pattern, start, count, step };

  /**
   * Plans, has the person confirm what will be issued (a plan that comes back done — jump codes,
   * written with the plan — needs no call and no confirmation), then starts it.
   */
  const planAndStart = async (plan: () => Promise<BatchView>, what: () => string) => {
    setBusy(true);
    try {
      const planned = await plan();
      if (planned.state !== 'done' && !(await confirmed(planned, what()))) return;
      onStarted(planned.state === 'done' ? planned : await call('startBatch', { id: planned.id }), stockId);
      setNotice(null);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const submitJump = () =>
    planAndStart(
      () =>
        call('planJumpBatch', {
          prefix,
          name: name || undefined,
          source: source.kind === 'testLinks' ? { kind: 'testLinks' } : values(),
          design,
          ...(gs1 ? { gs1: { ...(lot ? { lot } : {}), ...(expiry ? { expiry } : {}) } } : {}),
        }),
      () => prefix,
    );

  /** Puts the chosen card in the deposit mode (card/update), once the person confirms; audited. */
  const setDepositMode = async () => {
    if (!window.confirm(t('cards.depositModeConfirm', { card: card?.title ? `${card.title} (${cardId})` : cardId, stock: card?.stock ?? 0 }))) return;
    try {
      cards.update(await call('setCardDepositMode', { cardId }));
      setNotice({ kind: 'ok', text: bothLanguages('cards.depositModeSet', { card: cardId }) });
    } catch (error) {
      fail(error);
    }
  };

  const submitMultiple = () => {
    const chosen = multiple.filter((row) => row.cardId);
    return planAndStart(
      () => call('planMultipleCardBatch', { cards: chosen.map((row) => ({ cardId: row.cardId, code: row.code.trim() || undefined })), name: name || undefined, outerStr: outerStr || undefined }),
      () => `${t('batch.confirm.cards')} ${chosen.map((row) => row.cardId).join(' + ')}`,
    );
  };

  const submitCard = () => {
    if (cardStep === 'multiple') return submitMultiple();
    return planAndStart(
      () =>
        cardStep === 'deposit'
          ? call('planDepositBatch', { cardId, name: name || undefined, source: values() })
          : call('planCardBatch', { cardId, name: name || undefined, source: values(), outerStr: outerStr || undefined, uniqueCode: uniqueCode || undefined, design }),
      () => `${t('batch.confirm.card')} ${cardId}`,
    );
  };

  /**
   * The plan is stored and checked; nothing has been asked of WeChat yet. The person confirms what
   * will be issued — product, count, first and last, where — or the plan is cancelled unissued.
   */
  const confirmed = async (planned: BatchView, what: string): Promise<boolean> => {
    const where = account.sandbox ? t('batch.confirm.sandbox') : t('batch.confirm.account', { name: account.name });
    // What the codes become, in each kind's own words: a deposit hands codes to WeChat, it makes no QR code.
    const question = planned.kind === 'deposit' ? 'batch.confirm.deposit' : planned.kind === 'card' ? 'batch.confirm.cardCodes' : 'batch.confirm';
    const ok = window.confirm(t(question, { what, count: planned.codeCount, first: planned.firstExtinfo ?? '', last: planned.lastExtinfo ?? '', where, name: planned.name }));
    if (!ok) {
      await call('cancelBatch', { id: planned.id });
      setNotice({ kind: 'ok', text: bothLanguages('batch.confirm.cancelled', { id: planned.id }) });
    }
    return ok;
  };

  const submit = async () => {
    if (kind === 'jump') return submitJump();
    if (kind === 'card') return submitCard();
    const key = parseProductKey(product);
    if (!key) {
      failField('product', bothLanguages('batch.productFormat'));
      return;
    }
    return planAndStart(
      () => call('planBatch', { product: key, qrcodeSizePx: sizePx, name: name || undefined, source: values(), design }),
      () => `${key.keystandard}:${key.keystr}`,
    );
  };

  return (
    <div className="panel" data-testid="new-batch">
      <h2>{t('batch.new')}</h2>
      <div className="segmented" role="radiogroup" aria-label={t('batch.kind')}>
        {(['product', 'jump', 'card'] as const).map((k) => (
          <button key={k} type="button" role="radio" aria-checked={kind === k} className={kind === k ? 'tab current' : 'tab'} onClick={() => (setKind(k), setSource({ kind: 'pattern' }))} data-testid={`kind-${k}`}>
            {t(`batch.kind.${k}`)}
          </button>
        ))}
      </div>
      {kind === 'product' ? (
        <div className="field">
          <label htmlFor="batch-product">{t('batch.product')}</label>
          <input id="batch-product" list="batch-products" value={product} onChange={(e) => setProduct(e.target.value)} />
          <datalist id="batch-products">
            {products.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
          <p className="hint">{t('batch.productHint')}</p>
          <FieldError errors={fieldErrors} field="product" />
        </div>
      ) : kind === 'card' ? (
        <>
          {cardStep !== 'multiple' && (
            <div className="field">
              <label htmlFor="batch-card">{t('batch.cardId')}</label>
              <CardPicker id="batch-card" value={cardId} onChange={setCardId} cards={cards} placeholder={SANDBOX_DEMO_CARD_ID} />
              <p className="hint">{t('batch.cardIdHint', { demo: SANDBOX_DEMO_CARD_ID })}</p>
              <FieldError errors={fieldErrors} field="cardId" />
              {card && cardStep === 'deposit' && cardMode(card) !== 'deposit' && (
                <div className="offer" data-testid="deposit-mode-offer">
                  <p>{t(cardMode(card) === 'custom' ? 'cards.notDepositMode' : 'cards.noCustomCodes')}</p>
                  {cardMode(card) === 'custom' && (
                    <button type="button" onClick={setDepositMode} data-testid="set-deposit-mode">
                      {t('cards.setDepositMode')}
                    </button>
                  )}
                </div>
              )}
              {card && cardStep === 'qr' && card.useCustomCode && card.stock === 0 && (
                <p className="field-error" data-testid="stock-zero">
                  {t('cards.stockZero')}
                </p>
              )}
            </div>
          )}
          <fieldset className="field">
            <legend>{t('batch.cardStep')}</legend>
            <label className="radio">
              <input type="radio" name="card-step" checked={cardStep === 'deposit'} onChange={() => setCardStep('deposit')} data-testid="card-step-deposit" />
              {t('batch.cardStep.deposit')}
            </label>
            <label className="radio">
              <input type="radio" name="card-step" checked={cardStep === 'qr'} onChange={() => setCardStep('qr')} data-testid="card-step-qr" />
              {t('batch.cardStep.qr')}
            </label>
            <label className="radio">
              <input type="radio" name="card-step" checked={cardStep === 'multiple'} onChange={() => setCardStep('multiple')} data-testid="card-step-multiple" />
              {t('batch.cardStep.multiple')}
            </label>
          </fieldset>
          {cardStep === 'multiple' && (
            <div className="field" data-testid="multiple-cards">
              <label htmlFor="multi-card-0">{t('batch.multipleCards', { max: MULTIPLE_CARD_MAX })}</label>
              <div className="card-rows">
                {multiple.map((row, i) => {
                  const rowCard = cards.cards.find((c) => c.cardId === row.cardId);
                  const takesCode = rowCard ? rowCard.useCustomCode : Boolean(row.cardId);
                  return (
                    <div className="card-row" key={i}>
                      <div>
                        <CardPicker id={`multi-card-${i}`} value={row.cardId} onChange={(id) => setMultipleRow(i, { cardId: id })} cards={cards} withRefresh={i === 0} />
                      </div>
                      <div>
                        {takesCode && (
                          <input
                            id={`multi-code-${i}`}
                            value={row.code}
                            spellCheck={false}
                            placeholder={rowCard && cardMode(rowCard) === 'deposit' ? t('batch.multipleCodeOptional') : t('batch.multipleCode')}
                            aria-label={t('batch.multipleCode')}
                            onChange={(e) => setMultipleRow(i, { code: e.target.value })}
                          />
                        )}
                      </div>
                      <button type="button" disabled={multiple.length <= 2} onClick={() => setMultiple((rows) => rows.filter((_, j) => j !== i))} aria-label={t('batch.multipleRemove')} title={t('batch.multipleRemove')}>
                        ×
                      </button>
                    </div>
                  );
                })}
              </div>
              {multiple.length < MULTIPLE_CARD_MAX && (
                <button type="button" onClick={() => setMultiple((rows) => [...rows, { cardId: '', code: '' }])} data-testid="multiple-add">
                  {t('batch.multipleAdd')}
                </button>
              )}
              <p className="hint">{t('batch.multipleHint')}</p>
            </div>
          )}
          {cardStep !== 'deposit' && (
            <div className="row">
              <div className="field grow">
                <label htmlFor="batch-outer">{t('batch.outerStr')}</label>
                <input id="batch-outer" value={outerStr} spellCheck={false} onChange={(e) => setOuterStr(e.target.value)} />
                <p className="hint">{t('batch.outerStrHint')}</p>
                <FieldError errors={fieldErrors} field="outerStr" />
              </div>
              {cardStep === 'qr' && (
                <label className="checkbox">
                  <input type="checkbox" checked={uniqueCode} onChange={(e) => setUniqueCode(e.target.checked)} />
                  {t('batch.uniqueCode')}
                </label>
              )}
            </div>
          )}
        </>
      ) : (
        <div className="field">
          <label htmlFor="batch-prefix">{t('batch.prefix')}</label>
          <select id="batch-prefix" value={prefix} onChange={(e) => setPrefix(e.target.value)}>
            {rules.map((r) => (
              <option key={r.prefix} value={r.prefix}>
                {r.prefix} {r.published ? '' : `(${t('rules.unpublished.state')})`}
              </option>
            ))}
          </select>
          <p className={rule && !rule.published ? 'field-error' : 'hint'}>
            {rules.length === 0 ? t('batch.noRules') : rule && !rule.published ? t('batch.ruleUnpublished') : gs1 ? t('batch.gs1Hint') : t('batch.prefixHint')}
          </p>
          <FieldError errors={fieldErrors} field="prefix" />
          <label className="checkbox">
            <input type="checkbox" checked={gs1} onChange={(e) => (setGs1(e.target.checked), e.target.checked && source.kind === 'testLinks' && setSource({ kind: 'pattern' }))} data-testid="gs1-toggle" />
            {t('batch.gs1')}
          </label>
          {gs1 && (
            <div data-testid="gs1-fields">
              <p className={prefixGtin && 'problem' in prefixGtin ? 'field-error' : 'hint'} data-testid="gs1-gtin">
                {prefixGtin && 'problem' in prefixGtin ? local(prefixGtin.problem) : prefixGtin ? t('batch.gs1Gtin', { gtin: prefixGtin.gtin }) : ''}
              </p>
              <div className="row">
                <div className="field grow">
                  <label htmlFor="batch-lot">{t('batch.lot')}</label>
                  <input id="batch-lot" value={lot} maxLength={20} spellCheck={false} onChange={(e) => setLot(e.target.value)} />
                </div>
                <div className="field grow">
                  <label htmlFor="batch-expiry">{t('batch.expiry')}</label>
                  <input id="batch-expiry" type="date" value={expiry} onChange={(e) => setExpiry(e.target.value)} />
                </div>
              </div>
            </div>
          )}
        </div>
      )}
      {!(kind === 'card' && cardStep === 'multiple') && (
      <fieldset className="field">
        <legend>{t(kind === 'jump' ? 'batch.source.serials' : kind === 'card' ? 'batch.source.cardCodes' : 'batch.source')}</legend>
        <label className="radio">
          <input type="radio" name="source" checked={source.kind === 'pattern'} onChange={() => setSource({ kind: 'pattern' })} />
          {t('batch.source.pattern')}
        </label>
        <label className="radio">
          <input type="radio" name="source" checked={source.kind === 'file'} onChange={() => setSource({ kind: 'file', fileName: '', content: '', columns: [], column: '' })} />
          {t('batch.source.file')}
        </label>
        {kind === 'jump' && (
          <label className="radio">
            <input type="radio" name="source" checked={source.kind === 'testLinks'} disabled={gs1 || !rule?.debugUrls.length} onChange={() => setSource({ kind: 'testLinks' })} />
            {t('batch.source.testLinks', { count: rule?.debugUrls.length ?? 0 })}
          </label>
        )}
      </fieldset>
      )}
      {kind === 'card' && cardStep === 'multiple' ? null : source.kind === 'testLinks' ? (
        <p className="hint mono" data-testid="pattern-sample">{rule?.debugUrls.join(', ')}</p>
      ) : source.kind === 'pattern' ? (
        <div className="row">
          <div className="field grow">
            <label htmlFor="batch-pattern">{t('batch.pattern')}</label>
            <input id="batch-pattern" value={pattern} onChange={(e) => setPattern(e.target.value)} spellCheck={false} />
            <p className="hint mono" data-testid="pattern-sample">
              {sample ? sample.map((value) => (kind === 'jump' && value !== '…' ? codeOf(value) : value)).join(', ') : t('batch.patternNeedsSeq')}
            </p>
            <FieldError errors={fieldErrors} field="source.pattern" />
          </div>
          <div className="field small-field">
            <label htmlFor="batch-start">{t('batch.start')}</label>
            <input id="batch-start" type="number" min={0} value={start} onChange={(e) => setStart(Number(e.target.value))} />
            <FieldError errors={fieldErrors} field="source.start" />
          </div>
          <div className="field small-field">
            <label htmlFor="batch-count">{t('batch.count')}</label>
            <input id="batch-count" type="number" min={1} value={count} onChange={(e) => setCount(Number(e.target.value))} />
            <FieldError errors={fieldErrors} field="source.count" />
          </div>
          <div className="field small-field">
            <label htmlFor="batch-step">{t('batch.step')}</label>
            <input id="batch-step" type="number" min={1} value={step} onChange={(e) => setStep(Number(e.target.value))} />
            <FieldError errors={fieldErrors} field="source.step" />
          </div>
        </div>
      ) : (
        <div className="dropzone" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="dropzone">
          <p data-testid="file-summary">{source.fileName ? `${source.fileName} · ${t('batch.lines', { count: valueCount(source.fileName, source.content) })}` : t('batch.drop')}</p>
          <input type="file" accept=".csv,.txt" data-testid="file-input" onChange={(e) => e.target.files?.[0] && void readFile(e.target.files[0])} />
          {source.columns.length > 1 && (
            <label>
              {t('batch.column')}{' '}
              <select value={source.column} onChange={(e) => setSource({ ...source, column: e.target.value })}>
                {source.columns.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      <div className="row">
        {kind === 'product' && (
          <div className="field hinted-field">
            <label htmlFor="batch-size">{t('batch.size')}</label>
            <input id="batch-size" type="number" min={50} max={2000} value={sizePx} onChange={(e) => setSizePx(Number(e.target.value))} aria-describedby="batch-size-hint" />
            <p className="hint" id="batch-size-hint">{t('batch.sizeHint')}</p>
            <FieldError errors={fieldErrors} field="qrcodeSizePx" />
          </div>
        )}
        <div className="field grow">
          <label htmlFor="batch-name">{t('batch.name')}</label>
          <input id="batch-name" value={name} placeholder={t('batch.namePlaceholder')} onChange={(e) => setName(e.target.value)} />
          <FieldError errors={fieldErrors} field="name" />
        </div>
      </div>
      <div className="row">
        <div className="field grow">
          <label htmlFor="batch-stock">{t('export.stock')}</label>
          <select id="batch-stock" value={stockId} onChange={(e) => setStockId(e.target.value)}>
            <StockOptions stocks={stocks} />
          </select>
          {preview?.problem && <p className="field-error">{preview.problem}</p>}
          <FieldError errors={fieldErrors} field="design" />
        </div>
        {preview && <img className="stock-preview" src={preview.src} alt={t('export.preview')} data-testid="batch-stock-preview" />}
      </div>
      <NoticeLine notice={notice} />
      <button type="button" className="primary" disabled={busy || (kind === 'jump' && !rule) || (kind === 'card' && (cardStep === 'multiple' ? multiple.filter((row) => row.cardId).length < 2 : !cardId))} onClick={submit} data-testid="plan-batch">
        {t(kind === 'jump' ? 'batch.planJump' : kind === 'card' && cardStep === 'deposit' ? 'batch.planDeposit' : 'batch.planAndIssue')}
      </button>
    </div>
  );
}
