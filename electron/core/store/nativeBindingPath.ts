import path from 'node:path';

/**
 * Where the better-sqlite3 binary built for Electron's ABI lives. It is kept apart from
 * node_modules/better-sqlite3/build, which stays built for Node so `npm test` keeps working.
 */
export function electronBindingPath(projectRoot: string, electronVersion: string, arch: string): string {
  return path.join(projectRoot, '.native', `electron-${electronVersion}-${process.platform}-${arch}`, 'better_sqlite3.node');
}
