import { useEffect, useRef, useState } from 'react';
import type { LocalizedText } from '../../../shared/text';
import { ServiceError } from '../bridge/api';
import { bothLanguages, useI18n } from '../i18n/i18n';

export interface Notice {
  kind: 'ok' | 'error';
  text: LocalizedText;
  errcode?: number;
}

/** A refusal's findings per field, for the fields a form shows: each is told next to its field. */
type FieldErrors = Record<string, LocalizedText>;

/**
 * A screen's message line, kept in both languages so a language switch switches it too. A form
 * names the fields it shows (`fields`, by the contract's names): a refusal's findings about them
 * go next to them (FieldError), the line above says to look there, and only the rest is told in
 * the line — so nothing is said twice.
 */
export function useNotice(options: { fields?: readonly string[] } = {}) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const shownField = (field: string) => options.fields?.find((f) => field === f || field.startsWith(`${f}.`));
  const fail = (error: unknown) => {
    if (!(error instanceof ServiceError)) {
      setFieldErrors({});
      setNotice({ kind: 'error', text: { en: String(error), 'zh-CN': String(error) } });
      return;
    }
    const near: FieldErrors = {};
    const elsewhere: LocalizedText[] = [];
    for (const finding of error.wire.fields ?? []) {
      const field = shownField(finding.field);
      if (field) near[field] = near[field] ? { en: `${near[field].en} ${finding.message.en}`, 'zh-CN': `${near[field]['zh-CN']}${finding.message['zh-CN']}` } : finding.message;
      else elsewhere.push(finding.message);
    }
    setFieldErrors(near);
    const text = !Object.keys(near).length ? error.wire.message : elsewhere.length ? { en: elsewhere.map((m) => m.en).join('\n'), 'zh-CN': elsewhere.map((m) => m['zh-CN']).join('\n') } : bothLanguages('form.fixFields');
    setNotice({ kind: 'error', text, errcode: error.wire.errcode });
  };
  const clear = (next: Notice | null = null) => {
    setFieldErrors({});
    setNotice(next);
  };
  /** The form's own finding about one of its fields (checked before anything is sent): told beside it. */
  const failField = (field: string, text: LocalizedText) => {
    setFieldErrors({ [field]: text });
    setNotice({ kind: 'error', text: bothLanguages('form.fixFields') });
  };
  return { notice, setNotice: clear, fail, failField, fieldErrors };
}

/** A field's finding, under the field. */
export function FieldError({ errors, field }: { errors: FieldErrors; field: string }) {
  const { local } = useI18n();
  const error = errors[field];
  if (!error) return null;
  return (
    <p className="field-error" role="alert" data-testid={`field-error-${field}`}>
      {local(error)}
    </p>
  );
}

export function NoticeLine({ notice }: { notice: Notice | null }) {
  const { local, t } = useI18n();
  // A new message is brought into the window (the least scroll that shows it): a result out of view
  // reads as an action that did nothing.
  const line = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    line.current?.scrollIntoView({ block: 'nearest' });
  }, [notice]);
  if (!notice) return null;
  return (
    <p ref={line} className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      {local(notice.text)}
      {notice.errcode !== undefined && <span className="errcode"> ({t('error.code', { code: notice.errcode })})</span>}
    </p>
  );
}
