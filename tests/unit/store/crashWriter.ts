/**
 * Child process of the crash-safety test (run with `node --import tsx`): edits ROIs in a loop
 * through the real SQLite store until it is killed. After each committed edit it prints
 * `<action> <roi id> <edit number>`; stdout to a pipe is synchronous on Linux, so a printed line
 * means the transaction had returned before the line left the process.
 */
import { openSqliteStore } from '../../../electron/store/sqliteStore';
import { dwiKey, ellipseRoi } from './fixtures';

const store = await openSqliteStore(process.argv[2]);
for (let edit = 0; ; edit++) {
  const id = `roi-${edit % 5}`;
  if (edit % 7 === 6) {
    if (await store.deleteRoi(id, 'crash-writer')) process.stdout.write(`deleted ${id} ${edit}\n`);
  } else {
    const contour = ellipseRoi(id).contour.map(([x, y, z]): [number, number, number] => [x + edit * 0.01, y, z]);
    await store.saveRoi(dwiKey, ellipseRoi(id, { name: `edit ${edit}`, contour }), 'crash-writer');
    process.stdout.write(`saved ${id} ${edit}\n`);
  }
}
