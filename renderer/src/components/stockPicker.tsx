import { useEffect, useState } from 'react';
import type { StockDefinition } from '../../../shared/sheets/templateSchema';
import { call } from '../bridge/api';

/** The built-in label stocks, loaded once per screen. */
export function useStocks(onError: (error: unknown) => void): StockDefinition[] {
  const [stocks, setStocks] = useState<StockDefinition[]>([]);
  useEffect(() => {
    call('listStocks', {}).then(setStocks, onError);
  }, []);
  return stocks;
}

/** One <option> per stock, by its id, showing its name. */
export function StockOptions({ stocks }: { stocks: StockDefinition[] }) {
  return (
    <>
      {stocks.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </>
  );
}
