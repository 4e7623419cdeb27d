import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  BRIDGE_GLOBAL,
  EVENT_NAMES,
  METHOD_NAMES,
  eventChannel,
  isEventName,
  methodChannel,
  type EventName,
  type MethodName,
} from '../../shared/contract/channels';
import type { EventPayload, QrPackBridge } from '../../shared/contract/types';

// One named method per contract operation; ipcRenderer itself never reaches the page.
const methods = Object.fromEntries(
  METHOD_NAMES.map((method: MethodName) => [method, (args: unknown) => ipcRenderer.invoke(methodChannel(method), args)]),
) as Omit<QrPackBridge, 'on'>;

const bridge = {
  ...methods,
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
    if (!isEventName(event)) throw new Error(`unknown event; known: ${EVENT_NAMES.join(', ')}`);
    const handler = (_event: IpcRendererEvent, payload: EventPayload<E>) => listener(payload);
    ipcRenderer.on(eventChannel(event), handler);
    return () => void ipcRenderer.removeListener(eventChannel(event), handler);
  },
} satisfies QrPackBridge;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
