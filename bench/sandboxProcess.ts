import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** `qrpack sandbox ARGS` in its own process; resolves once it listens. */
export async function startSandboxProcess(args: string[]): Promise<{ url: string; appId: string; secret: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/cli/index.ts'), 'sandbox', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/secret \w+\n/.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
  });
  return {
    url: /listening (\S+)/.exec(out)![1]!,
    appId: /appid (\w+)/.exec(out)![1]!,
    secret: /secret (\w+)/.exec(out)![1]!,
    child,
  };
}
