import { useEffect, useState } from 'react';
import type { StockDefinition } from '../../../shared/sheets/templateSchema';
import { call } from '../bridge/api';
import { en, type MessageKey } from '../i18n/en';
import { useI18n, type Translate } from '../i18n/i18n';

/** The built-in label stocks, loaded once per screen. */
export function useStocks(onError: (error: unknown) => void): StockDefinition[] {
  const [stocks, setStocks] = useState<StockDefinition[]>([]);
  useEffect(() => {
    call('listStocks', {}).then(setStocks, onError);
  }, []);
  return stocks;
}

/** A stock's name in the user's language (a custom stock's own name). */
export function stockName(t: Translate, stock: Pick<StockDefinition, 'id' | 'name'>): string {
  const key = `stock.name.${stock.id}` as MessageKey;
  return key in en ? t(key) : stock.name;
}

/** One <option> per stock, by its id, showing its name in the user's language (a custom stock's own name). */
export function StockOptions({ stocks }: { stocks: StockDefinition[] }) {
  const { t } = useI18n();
  return (
    <>
      {stocks.map((s) => (
        <option key={s.id} value={s.id}>
          {stockName(t, s)}
        </option>
      ))}
    </>
  );
}
