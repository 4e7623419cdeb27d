import path from 'node:path';
import { startHttpTransport } from '../../transport/httpTransport';
import { untilStopped, UsageError, type Command } from '../command';
import { projectRoot } from '../projectRoot';

export const uiCommand: Command = {
  name: 'ui',
  summary: {
    en: "Serve the app's screens to a browser on this computer (no Electron needed)",
    'zh-CN': '在本机浏览器中打开应用界面(无需 Electron)',
  },
  usage:
    'qrpack ui [--port N]\n  --port N   listen on 127.0.0.1:N (default: a free port)\n' +
    'Secrets cannot be stored in this mode (no OS keychain outside the app); the sandbox and token-service accounts work.',
  options: { port: { type: 'string' } },
  async run(ctx, values) {
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: not a port number: ${values.port}`);
    const rendererDir = path.join(projectRoot(), 'out', 'renderer');
    const transport = await startHttpTransport({ app: ctx.openApp(), rendererDir, port });
    ctx.out(`listening ${transport.url}`);
    await untilStopped();
    await transport.close();
    return 0;
  },
};
