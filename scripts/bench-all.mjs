#!/usr/bin/env node
/** `npm run bench`: runs every tests/bench/*.bench.ts in turn; each prints its own figures (nothing is asserted). */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv[2];
const benches = readdirSync(join(root, 'tests/bench'))
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
let failed = 0;
for (const b of benches) {
  console.log(`\n##### ${b}`);
  const r = spawnSync('npx', ['tsx', join('tests/bench', b)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
