/**
 * The one list of operation and event names, shared by main, preload and the browser transport.
 * Dependency-free on purpose: the sandboxed preload bundles this file and nothing else.
 */
export const METHOD_NAMES = [
  'getAppInfo',
  'getSettings',
  'setLanguage',
  'listAccounts',
  'saveAccount',
  'selectAccount',
  'deleteAccount',
  'testConnection',
  'resetQuota',
  'planBatch',
  'planJumpBatch',
  'planDepositBatch',
  'planCardBatch',
  'reconcileDeposit',
  'planLandingPageBatch',
  'getCardMpnews',
  'planMultipleCardBatch',
  'listCards',
  'getCard',
  'setCardDepositMode',
  'cardStockPlan',
  'modifyCardStock',
  'previewCard',
  'listJumpRules',
  'saveJumpRule',
  'publishJumpRule',
  'deleteJumpRule',
  'getJumpVerificationFile',
  'startBatch',
  'pauseBatch',
  'cancelBatch',
  'listBatches',
  'listCodes',
  'clearScanRecord',
  'listActions',
  'listProducts',
  'getProduct',
  'createProduct',
  'updateProduct',
  'setProductStatus',
  'clearProduct',
  'checkTicket',
  'setTestWhitelist',
  'listStocks',
  'defaultTemplate',
  'placeDesignElement',
  'carryDesign',
  'previewSheet',
  'labelFields',
  'exportBatch',
  'listExports',
  'verifyExport',
  'activateBatch',
  'listVerdicts',
  'scanStats',
  'getRehearsal',
  'startRehearsal',
  'stopRehearsal',
  'rehearseScan',
  'listCardClaims',
  'showInFolder',
  'chooseExportFile',
  'openExport',
  'printExport',
  'listPrinters',
  'printOnPrinter',
  'getTestWhitelist',
  'listTemplates',
  'saveTemplate',
  'importLogo',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

export const EVENT_NAMES = ['settingsChanged', 'accountsChanged', 'batchProgress', 'exportProgress'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);

/** IPC channel names: one per method, one per event. */
export const methodChannel = (method: MethodName): string => `qrpack:call:${method}`;
export const eventChannel = (event: EventName): string => `qrpack:event:${event}`;

/** The global name of the bridge (`window.qrpack`); no element id may equal it. */
export const BRIDGE_GLOBAL = 'qrpack';
