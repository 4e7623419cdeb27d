import type { AccountView } from '../../shared/contract';
import { languageFromLocale, LANGUAGES, type Language } from '../../shared/text';
import { bridge, call } from './bridge/api';
import { I18nProvider, translate, useI18n } from './i18n/i18n';
import { ROUTES, useRoute, type Route } from './components/useRoute';
import { AccountScreen } from './screens/AccountScreen';
import { BatchesScreen } from './screens/BatchesScreen';
import { LogScreen } from './screens/LogScreen';
import { ProductsScreen } from './screens/ProductsScreen';
import { RulesScreen } from './screens/RulesScreen';
import { TemplatesScreen } from './screens/TemplatesScreen';
import { TestersScreen } from './screens/TestersScreen';
import { useServiceState } from './useServiceState';

const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '简体中文', en: 'English' };

export function App() {
  const state = useServiceState();
  const [route, setRoute] = useRoute();
  const fallback = languageFromLocale(navigator.language);
  if (!bridge) return <p className="splash" role="alert">{translate(fallback, 'app.noSession')}</p>;
  if (state.failed) return <p className="splash" role="alert">{translate(fallback, 'app.noService')}</p>;
  if (!state.settings) return <p className="splash">{translate(fallback, 'app.connecting')}</p>;
  const settings = state.settings;
  return (
    <I18nProvider language={settings.language}>
      <Shell
        route={route}
        onRoute={setRoute}
        active={state.accounts.find((a) => a.active)}
        onLanguage={async (language) => state.setSettings(await call('setLanguage', { language }))}
      >
        {route === 'account' && (
          <AccountScreen settings={settings} accounts={state.accounts} onAccounts={state.setAccounts} onSettings={state.setSettings} />
        )}
        {route === 'batches' && <BatchesScreen key={settings.activeAccountId} accountId={settings.activeAccountId} onSandbox={settings.activeAccountId === 'sandbox'} accountName={state.accounts.find((a) => a.active)?.name ?? settings.activeAccountId} />}
        {route === 'products' && <ProductsScreen key={settings.activeAccountId} />}
        {route === 'rules' && <RulesScreen key={settings.activeAccountId} />}
        {route === 'testers' && <TestersScreen key={settings.activeAccountId} />}
        {route === 'log' && <LogScreen key={settings.activeAccountId} />}
        {route === 'templates' && <TemplatesScreen />}
      </Shell>
    </I18nProvider>
  );
}

function Shell(props: { route: Route; onRoute: (route: Route) => void; active: AccountView | undefined; onLanguage: (language: Language) => void; children: React.ReactNode }) {
  const { t, language } = useI18n();
  return (
    <div className="shell" lang={language}>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <strong>{t('app.title')}</strong>
          <span className="tagline">{t('app.tagline')}</span>
        </div>
        <div className="topbar-right">
          <span className="active-account" data-testid="active-account">
            {t('header.activeAccount')}: {props.active?.kind === 'sandbox' ? t('account.sandboxName') : props.active?.name}
          </span>
          {props.active?.kind === 'sandbox' && (
            <span className="sandbox-chip" data-testid="sandbox-chip" title={t('sandbox.notWechatLong')}>
              {t('sandbox.notWechat')}
            </span>
          )}
          <label className="language-switch">
            <span>{t('language.label')}</span>
            <select
              data-testid="language-select"
              value={language}
              onChange={(event) => props.onLanguage(event.target.value as Language)}
            >
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      <nav className="sidebar" aria-label="main">
        {ROUTES.map((r) => (
          <a key={r} className={props.route === r ? 'nav-item current' : 'nav-item'} aria-current={props.route === r ? 'page' : undefined} href={`#${r}`} data-testid={`nav-${r}`}>
            {t(`nav.${r}`)}
          </a>
        ))}
      </nav>
      <main className="content">{props.children}</main>
    </div>
  );
}
