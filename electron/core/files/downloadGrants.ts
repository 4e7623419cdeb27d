import { randomBytes } from 'node:crypto';

/** How long a link to a file stays good: long enough for a browser's PDF viewer to open it. */
const GRANT_TTL_MS = 2 * 60_000;

/**
 * Links that let the browser transport hand one file to the browser's own viewer (to print an
 * export): an unguessable token per file, good for a couple of minutes — a tab cannot send the
 * session header, and a path is never taken from the request.
 */
export class DownloadGrants {
  private readonly grants = new Map<string, { file: string; untilMs: number }>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  grant(file: string): string {
    for (const [token, g] of this.grants) if (g.untilMs <= this.nowMs()) this.grants.delete(token);
    const token = randomBytes(24).toString('base64url');
    this.grants.set(token, { file, untilMs: this.nowMs() + GRANT_TTL_MS });
    return token;
  }

  /** The file a token was granted for, while it is good; else null. */
  fileFor(token: string): string | null {
    const g = this.grants.get(token);
    return g && g.untilMs > this.nowMs() ? g.file : null;
  }
}
