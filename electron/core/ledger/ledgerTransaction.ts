import type pg from 'pg';

/**
 * Runs `work` in one transaction on a client of its own: committed when it resolves, rolled back
 * when it throws. A server lost between two statements is reported by the next one; unheard, pg's
 * 'error' event on a checked-out client would end the process. `discard` closes the connection
 * after (a schema change leaves nothing cached on it).
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, options: { discard?: boolean } = {}): Promise<T> {
  const client = await pool.connect();
  const heard = () => undefined;
  client.on('error', heard);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', heard);
    client.release(options.discard);
  }
}
