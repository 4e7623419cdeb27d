import path from 'node:path';
import { startHttpTransport } from '../../transport/httpTransport';
import { untilStopped, type Command } from '../command';
import { wholeNumberOption } from '../optionValues';
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
    const port = wholeNumberOption('port', values.port, { min: 0, max: 65535, fallback: 0 });
    const app = ctx.openApp();
    // A long-lived server: an error nobody awaited is logged, never the end of every open screen.
    process.on('unhandledRejection', (reason) => app.log.write('error', 'unhandled rejection', reason));
    const rendererDir = path.join(projectRoot(), 'out', 'renderer');
    const transport = await startHttpTransport({ app, rendererDir, port });
    ctx.out(`listening ${transport.url}`);
    await untilStopped();
    await transport.close();
    return 0;
  },
};
