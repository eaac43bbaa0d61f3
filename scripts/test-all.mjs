#!/usr/bin/env node
/**
 * `npm test`: every check in one run — demo generation, type-check (renderer + electron/), lint,
 * unit tests, browser end-to-end tests. Runs them all even when one fails, then prints one line
 * `N passed, N failed, N skipped` with the totals (CI reads that line; vitest's summary is not read there).
 * Type-check and lint count as one test each.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, 'test-results');
// Screenshots of this run only: a stale FAILED picture must not outlive the failure.
rmSync(join(results, 'screenshots'), { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(label, cmd, args) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  return r.status === 0;
}

function step(label, cmd, args) {
  const ok = run(label, cmd, args);
  if (ok) totals.passed += 1;
  else {
    totals.failed += 1;
    console.log(`*** ${label} FAILED`);
  }
  return ok;
}

/** Runs vitest with a JSON report and adds its test counts; a crash without a report counts as one failure. */
function vitest(label, config, reportName) {
  const report = join(results, reportName);
  rmSync(report, { force: true });
  const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  if (config) args.push('--config', config);
  const ok = run(label, 'npx', args);
  if (!existsSync(report)) {
    totals.failed += 1;
    console.log(`*** ${label}: no report written`);
    return;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += json.numPassedTests;
  totals.failed += json.numFailedTests;
  totals.skipped += json.numPendingTests + json.numTodoTests;
  // A suite that fails to load reports no failed test but fails the run: count it.
  if (!ok && json.numFailedTests === 0) totals.failed += 1;
}

const demoOk = step('demo study', 'npx', ['tsx', 'tests/fixtures/build-demo.ts']);
step('type-check', 'npm', ['run', '--silent', 'typecheck']);
step('lint', 'npx', ['eslint', '.']);
vitest('unit tests', null, 'unit.json');
if (demoOk && step('web build', 'npx', ['vite', 'build'])) vitest('browser e2e tests', 'vitest.e2e.config.ts', 'e2e.json');

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
