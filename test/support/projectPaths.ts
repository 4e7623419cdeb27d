import path from 'node:path';

export const projectRoot = path.resolve(import.meta.dirname, '../..');
export const rendererDir = path.join(projectRoot, 'out', 'renderer');
