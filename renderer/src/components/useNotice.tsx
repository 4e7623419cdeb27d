import { useState } from 'react';
import type { LocalizedText } from '../../../shared/text';
import { ServiceError } from '../bridge/api';
import { useI18n } from '../i18n/i18n';

export interface Notice {
  kind: 'ok' | 'error';
  text: LocalizedText;
  errcode?: number;
}

/** A screen's message line: kept in both languages so a language switch switches it too. */
export function useNotice() {
  const [notice, setNotice] = useState<Notice | null>(null);
  const fail = (error: unknown) => {
    if (error instanceof ServiceError) setNotice({ kind: 'error', text: error.wire.message, errcode: error.wire.errcode });
    else setNotice({ kind: 'error', text: { en: String(error), 'zh-CN': String(error) } });
  };
  return { notice, setNotice, fail };
}

export function NoticeLine({ notice }: { notice: Notice | null }) {
  const { local, t } = useI18n();
  if (!notice) return null;
  return (
    <p className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      {local(notice.text)}
      {notice.errcode !== undefined && <span className="errcode"> ({t('error.code', { code: notice.errcode })})</span>}
    </p>
  );
}
