import { useEffect, useState } from 'react';
import type { StockDefinition } from '../../../shared/sheets/templateSchema';
import { call } from '../bridge/api';
import { en, type MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';

/** The built-in label stocks, loaded once per screen. */
export function useStocks(onError: (error: unknown) => void): StockDefinition[] {
  const [stocks, setStocks] = useState<StockDefinition[]>([]);
  useEffect(() => {
    call('listStocks', {}).then(setStocks, onError);
  }, []);
  return stocks;
}

/** One <option> per stock, by its id, showing its name in the user's language (a custom stock's own name). */
export function StockOptions({ stocks }: { stocks: StockDefinition[] }) {
  const { t } = useI18n();
  return (
    <>
      {stocks.map((s) => {
        const key = `stock.name.${s.id}` as MessageKey;
        return (
          <option key={s.id} value={s.id}>
            {key in en ? t(key) : s.name}
          </option>
        );
      })}
    </>
  );
}
