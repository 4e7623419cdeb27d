import fs from 'node:fs';

/**
 * What this computer can tell of a process by its pid. `process.kill(pid, 0)` alone succeeds on a
 * zombie (killed, not yet reaped by its parent) and on whatever new process was given a reused
 * pid; on Linux /proc tells both apart. Elsewhere (Windows, macOS) a pid answers only alive or not.
 */

/** Which process a pid is beyond its number: its start time since boot (Linux), else null. */
export function processStartToken(pid: number): string | null {
  return procStat(pid)?.startTicks ?? null;
}

/** This boot of this computer (Linux), else null: a pid recorded before a reboot means nothing after it. */
export function bootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/**
 * Whether the process that recorded (pid, startToken) still runs: false when no process has the
 * pid, when it is a zombie, or when the pid now belongs to a process started at another time.
 */
export function isProcessAlive(pid: number, startToken: string | null = null): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  if (!stat) return true;
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return startToken === null || stat.startTicks === startToken;
}

/** Fields of /proc/PID/stat after the command name (which may hold spaces and parentheses). */
function procStat(pid: number): { state: string; startTicks: string } | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // proc(5): field 3 is the state, field 22 the start time; fields[0] here is field 3.
  const state = fields[0];
  const startTicks = fields[19];
  return state && startTicks ? { state, startTicks } : null;
}
