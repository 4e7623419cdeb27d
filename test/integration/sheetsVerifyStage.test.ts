import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { OutputFiles } from '../../electron/core/files/outputFiles';
import { defaultTemplate } from '../../electron/core/sheets/design/template';
import { planExport } from '../../electron/core/sheets/export/planExport';
import { verifyExport } from '../../electron/core/sheets/export/verifyExport';
import { sheetFiles, writeSheets } from '../../electron/core/sheets/export/writeSheets';
import { VerifyPool } from '../../electron/core/sheets/verify/verifyPool';
import { PicCache } from '../../electron/core/sheets/writers/raster/picCache';
import { overCodes } from '../support/pdfTamper';
import { tempDir } from '../support/tempDir';
import { testApp } from '../support/testApp';

// The verify stage decodes the file as it lies on disk, not what the writer meant to put there:
// a file changed between writing and verifying must fail, label by label. Were verification
// skipped, or did it trust the writer's own list of codes, these tests would pass nothing.

const app = testApp();
const out = tempDir();
const batch = await app.batches.plan('sandbox', { product: { keystandard: 'ean13', keystr: '6900873042720' }, qrcodeSizePx: 100, source: { kind: 'pattern', pattern: 'T-{seq:4}', start: 1, count: 130, step: 1 } });
await app.batches.run(batch.id, { concurrency: 16 });
const pics = new PicCache(path.join(out, 'pics'));

/** The stages up to the written file: the plan, the sheets on disk (under their part names) and the manifest's rows. */
async function written(name: string) {
  const plan = await planExport(app.db, app.batches.repo, () => null, { batchId: batch.id, template: defaultTemplate('avery-l7651'), out: path.join(out, `${name}.pdf`), manifest: path.join(out, `${name}.csv`), title: 'Demo' });
  const outputs = new OutputFiles();
  const sheets = await writeSheets(app.db, plan, sheetFiles(plan, outputs, undefined), outputs);
  const rows = parse(fs.readFileSync(outputs.partFor(plan.manifestFile!), 'utf8'), { columns: true }) as Record<string, string>[];
  return { plan, outputs, sheets, rows, file: sheets.written[0]!.file };
}

// [workers, started before the first page]: as the export starts them (all but one ahead), all at once, none.
for (const [workers, startNow] of [[2, 1], [2, 2], [0, 0]] as const) {
  test(`the verify stage (${workers ? `${workers} verify workers, ${startNow} started ahead` : 'in this thread'}) finds a code swapped for another and a code painted over in the written file, and nothing in the untouched one`, async () => {
    const { plan, outputs, sheets, rows, file } = await written(`lot-${workers}-${startNow}`);
    const pool = new VerifyPool(workers, startNow);
    try {
      const clean = await verifyExport(app.db, pics, plan, sheets, outputs, pool);
      assert.equal(clean.checked, 130);
      assert.deepEqual(clean.failures, []);

      const swapped = rows.find((r) => r.page === '2' && r.index === '40')!;
      const gone = rows.find((r) => r.page === '1' && r.index === '1')!;
      const intruder = rows.find((r) => r.page === '1' && r.index === '5')!;
      await overCodes(file, [{ spot: swapped, content: intruder.content! }, { spot: gone }]);
      const tampered = await verifyExport(app.db, pics, plan, sheets, outputs, pool);
      assert.equal(tampered.checked, 130);
      assert.deepEqual(
        tampered.failures.map((f) => [f.page, f.extinfo, f.found]),
        [
          [1, gone.extinfo, null],
          [2, swapped.extinfo, intruder.content],
        ],
      );
    } finally {
      await pool.close();
      outputs.discard();
    }
  });
}
