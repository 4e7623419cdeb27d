import type { BatchView } from '../../../shared/contract';

/** A batch select's options: number and name, as the Batches screen lists them. */
export function BatchOptions({ batches }: { batches: Pick<BatchView, 'id' | 'name'>[] }) {
  return (
    <>
      {batches.map((b) => (
        <option key={b.id} value={b.id}>
          {b.id} · {b.name}
        </option>
      ))}
    </>
  );
}
