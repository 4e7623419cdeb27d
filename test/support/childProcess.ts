import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { projectRoot } from './projectPaths';

export const CLI_ENTRY = path.join(projectRoot, 'electron/cli/index.ts');
const BUILT_CLI = path.join(projectRoot, 'out/main/cli.js');

/**
 * Starts `qrpack ARGS` from source as ONE process (node with the tsx loader): the tsx command
 * would be a wrapper whose child survives a SIGKILL of the wrapper. Killed when the test file ends.
 */
export function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawnNode(['--import', 'tsx', CLI_ENTRY, ...args], env);
}

/**
 * The built CLI when `npm run build` has run (as in `npm test`: starts in a fraction of the time,
 * which lets tests race dozens of processes), else the sources through tsx.
 */
export function spawnFastCli(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return fs.existsSync(BUILT_CLI) ? spawnNode([BUILT_CLI, ...args], env) : spawnCli(args, env);
}

/** Runs `qrpack ARGS` to its end (the built CLI when there is one), as spawnSync answers. */
export function runFastCli(args: string[], env: Record<string, string> = {}) {
  const entry = fs.existsSync(BUILT_CLI) ? [BUILT_CLI] : ['--import', 'tsx', CLI_ENTRY];
  return spawnSync(process.execPath, [...entry, ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8', ...env } });
}

/**
 * Collects a child's output and resolves with it and its exit code when it ends and its output is
 * read to the end ('close': on 'exit' the last lines could still be in the pipe).
 */
export function finished(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string; pid: number }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr, pid: child.pid! })));
}

function spawnNode(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, LANG: 'en_US.UTF-8', ...env },
  });
  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return child;
}

/** Resolves with the first stdout line matching `pattern` (and everything read so far). */
export function waitForLine(child: ChildProcessWithoutNullStreams, pattern: RegExp, timeoutMs = 15_000): Promise<{ match: RegExpExecArray; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} in ${timeoutMs} ms:\n${output}\n${errors}`)), timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ match, output });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before ${pattern}:\n${output}\n${errors}`)));
  });
}

/** A CLI process started under a shell: its pid, what it printed so far, and whether it has ended. */
export interface WrappedCli {
  pid: number;
  output: () => string;
  /** A zombie counts as ended: it runs no more, though its parent has not reaped it. */
  ended: () => boolean;
  parent: ChildProcessWithoutNullStreams;
}

/**
 * Starts the built CLI as a child of `sh`, which then becomes `sleep` and never reaps it: killed,
 * the CLI stays a zombie, as under a terminal or a supervisor that has not waited for it yet. With
 * `hostname`, the shell runs in a UTS namespace of its own (`unshare --uts`, root only) under
 * that name: a second computer sharing the data folder, as far as QR Pack can tell.
 */
export async function spawnUnreapedCli(args: string[], env: Record<string, string> = {}, hostname?: string): Promise<WrappedCli> {
  const script = `${hostname ? 'hostname "$QRPACK_TEST_HOST" && ' : ''}"$0" "$@" & echo "cli-pid $!" >&2; exec sleep 300`;
  const command = hostname ? ['unshare', '--uts', 'sh', '-c', script] : ['sh', '-c', script];
  const parent = spawn(command[0]!, [...command.slice(1), process.execPath, BUILT_CLI, ...args], {
    cwd: projectRoot,
    env: { ...process.env, LANG: 'en_US.UTF-8', QRPACK_TEST_HOST: hostname ?? '', ...env },
  });
  let output = '';
  parent.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  parent.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  after(() => {
    if (parent.exitCode === null) parent.kill('SIGKILL');
  });
  for (let i = 0; i < 200 && !/cli-pid (\d+)/.test(output); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  const found = /cli-pid (\d+)/.exec(output);
  if (!found) throw new Error(`the wrapped CLI did not start: ${output}`);
  const pid = Number(found[1]);
  return { pid, output: () => output, ended: () => processState(pid) !== 'running', parent };
}

/** 'running', 'zombie' (ended, not reaped) or 'gone', from /proc. */
export function processState(pid: number): 'running' | 'zombie' | 'gone' {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z') ? 'zombie' : 'running';
  } catch {
    return 'gone';
  }
}

/** Whether this process may make namespaces (`unshare --uts`): root on Linux. */
export const canSimulateHosts = (): boolean => process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('unshare', ['--uts', 'true']).status === 0;
