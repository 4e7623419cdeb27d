import {
  BRIDGE_GLOBAL,
  type Args,
  type EventName,
  type Envelope,
  type EventPayload,
  type MethodName,
  type QrPackBridge,
  type Result,
  type WireError,
} from '../../../shared/contract';
import { createHttpBridge } from './httpBridge';

/** A refused call, with the service's error (code, message in both languages, field issues). */
export class ServiceError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message.en);
    this.name = 'ServiceError';
  }
}

function findBridge(): QrPackBridge | null {
  const injected = (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL];
  // Named-element access could make a DOM element appear under the bridge's name: check the shape.
  if (injected && typeof injected === 'object' && !(injected instanceof Element)) return injected as QrPackBridge;
  return createHttpBridge();
}

export const bridge = findBridge();

export async function call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>> {
  if (!bridge) throw new Error('QR Pack service not connected');
  // TypeScript cannot correlate a generic key with its mapped member; the mapping is the contract.
  const fn = bridge[method] as unknown as (a: Args<M>) => Promise<Envelope<Result<M>>>;
  const envelope = await fn(args);
  if (!envelope.ok) throw new ServiceError(envelope.error);
  return envelope.value;
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return bridge ? bridge.on(event, listener) : () => {};
}
