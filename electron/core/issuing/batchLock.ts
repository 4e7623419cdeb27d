import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../appError';

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One issuing process per batch, across processes (the app and a CLI on one data folder): a lock
 * file holding the owner's pid. A lock left by a dead process (a crash, a kill -9) is taken over.
 */
export class BatchLocks {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'locks');
  }

  acquire(batchId: number): () => void {
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `batch-${batchId}.lock`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
        return () => fs.rmSync(file, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number(fs.readFileSync(file, 'utf8'));
        if (owner && owner !== process.pid && isAlive(owner)) {
          throw new AppError('conflict', {
            en: `Batch ${batchId} is being issued by another QR Pack process (pid ${owner}). Let it finish, or stop it first.`,
            'zh-CN': `批次 ${batchId} 正由另一个 QR Pack 进程(pid ${owner})发码。请等其完成,或先停止它。`,
          });
        }
        fs.rmSync(file, { force: true });
      }
    }
    throw new AppError('conflict', { en: `Could not lock batch ${batchId}.`, 'zh-CN': `无法锁定批次 ${batchId}。` });
  }
}
