import { useEffect, useState } from 'react';
import type { AccountView, Settings } from '../../shared/contract';
import { call, subscribe } from './bridge/api';

/** Settings and accounts, loaded once and kept current by the service's events. */
export function useServiceState() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const offSettings = subscribe('settingsChanged', setSettings);
    const offAccounts = subscribe('accountsChanged', setAccounts);
    Promise.all([call('getSettings', {}), call('listAccounts', {})]).then(
      ([loadedSettings, loadedAccounts]) => {
        setSettings(loadedSettings);
        setAccounts(loadedAccounts);
      },
      () => setFailed(true),
    );
    return () => {
      offSettings();
      offAccounts();
    };
  }, []);

  return { settings, setSettings, accounts, setAccounts, failed };
}
