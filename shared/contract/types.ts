import type { z } from 'zod';
import type { EventName, MethodName } from './channels';
import type { contract, ERROR_CODES, events, wireErrorSchema } from './schemas';

export type Args<M extends MethodName> = z.input<(typeof contract)[M]['args']>;
export type Result<M extends MethodName> = z.output<(typeof contract)[M]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export type ErrorCode = (typeof ERROR_CODES)[number];
export type WireError = z.output<typeof wireErrorSchema>;

/** What every call answers on every transport: errors are values, never lost in serialisation. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: WireError };

export type AppInfo = Result<'getAppInfo'>;
export type Settings = Result<'getSettings'>;
export type AccountView = Result<'saveAccount'>;
export type BatchView = Result<'planBatch'>;
export type CodeView = Result<'listCodes'>[number];
export type ActionView = Result<'clearScanRecord'>;
export type BatchProgressEvent = EventPayload<'batchProgress'>;
export type JumpRuleView = Result<'listJumpRules'>['rules'][number];
export type TicketCheckView = Result<'checkTicket'>;
export type CardView = Result<'getCard'>;

/**
 * What the renderer finds as `window.qrpack`: one named method per operation plus event
 * subscription. The preload (IPC) and the browser transport (HTTP) both provide exactly this.
 */
export type QrPackBridge = {
  [M in MethodName]: (args: Args<M>) => Promise<Envelope<Result<M>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
