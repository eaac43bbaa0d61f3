import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { suggestTimepoints } from '../../src/core/trial/suggestTimepoints';
import { deriveSubjectId } from '../../src/core/trial/subjectId';
import { readCsvObjects } from '../unit/export/readCsv';
import { appSuite, distDir, screenshotDir, type AppSession } from './harness';
import { download } from './measureHelpers';

/**
 * Trial reading in Chromium on the demo: two readers read both cases blinded (no identifier, date,
 * description or timepoint of the demo's DICOM anywhere on screen, tag inspector and export dialog
 * included), disagree on one Heidelberg grade, an adjudicator records the consensus; agreement is
 * shown; the export holds per-reader reads, consensus and agreement with the arms joined.
 */
const demoBuilt = existsSync(join(distDir, 'demo', 'ground-truth.json'));
if (!demoBuilt) console.warn(`${distDir}/demo missing (npm run demo, then vite build): reading e2e skipped`);
const demoFolder = join(distDir, 'demo', 'DEMO-001');
const SALT = 'e2e-reading-key';
const ARM = 'ARM-TNK+NEUROPROTECT';

/** One file of every series folder of the demo. */
function seriesFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    const entries = readdirSync(d, { withFileTypes: true });
    const file = entries.find((e) => e.isFile());
    if (file) out.push(join(d, file.name));
    for (const e of entries) if (e.isDirectory()) walk(join(d, e.name));
  };
  walk(dir);
  return out;
}

interface DemoIdentity {
  patientId: string;
  /** Matched ignoring case. */
  forbidden: string[];
  /** Parts of the patient's name, matched as written ("Stroke" is a W/L preset, "demo" a button). */
  nameParts: string[];
}

/** What blinded reading must never show, read from the demo's DICOM files: identity, dates, descriptions, institution, timepoints. */
function demoIdentity(): DemoIdentity {
  const values = new Set<string>();
  const nameParts = new Set<string>();
  const dates = new Set<string>();
  const studies = new Map<string, string>();
  let patientId = '';
  for (const file of seriesFiles(demoFolder)) {
    const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(file)), { untilTag: 'x7fe00010' });
    const text = (tag: string) => (ds.string(tag) ?? '').trim();
    patientId = text('x00100020');
    const name = text('x00100010');
    values.add(name);
    values.add(name.split('^').join(', '));
    for (const part of name.split('^')) if (part.length >= 3) nameParts.add(part);
    for (const tag of ['x00100020', 'x00081030', 'x0008103e', 'x00080080', 'x00080050']) if (text(tag)) values.add(text(tag));
    for (const tag of ['x00100030', 'x00080020', 'x00080021', 'x00080022', 'x00080023']) if (text(tag)) dates.add(text(tag));
    studies.set(text('x0020000d'), text('x00080020'));
  }
  for (const da of dates) {
    const [y, m, d] = [da.slice(0, 4), da.slice(4, 6), da.slice(6, 8)];
    values.add(da).add(`${y}-${m}-${d}`).add(`${d}.${m}.${y}`).add(`${d}/${m}/${y}`);
  }
  // Timepoints as the app labels them (from the study dates) and as folder names and descriptions write them.
  for (const s of suggestTimepoints([...studies].map(([studyInstanceUID, studyDate]) => ({ studyInstanceUID, studyDate })))) {
    if (s.label) values.add(s.label);
    if (s.daysSinceFirst !== null) values.add(`day ${s.daysSinceFirst}`);
  }
  for (const t of ['24 h', '24h', 'day 14', 'day14']) values.add(t);
  return { patientId, forbidden: [...values].filter((v) => v.length >= 3), nameParts: [...nameParts] };
}

/** Everything a user can see or hover: page text, form values, titles, labels, placeholders, the window title. */
function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll('input, textarea, select')) parts.push((el as HTMLInputElement).value);
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) parts.push(el.getAttribute('title') ?? '', el.getAttribute('aria-label') ?? '', el.getAttribute('placeholder') ?? '');
    return parts.join('\n');
  });
}

async function expectBlinded(page: Page, identity: DemoIdentity, where: string): Promise<void> {
  const text = await visibleText(page);
  const lower = text.toLowerCase();
  const seen = [...[...identity.forbidden, ARM].filter((v) => lower.includes(v.toLowerCase())), ...identity.nameParts.filter((v) => text.includes(v))];
  expect(seen, `visible while blinded (${where})`).toEqual([]);
}

async function signIn(page: Page, reader: string): Promise<void> {
  await page.getByLabel('Reader', { exact: true }).fill(reader);
  await page.getByLabel('Reader', { exact: true }).blur();
  await expect.poll(() => page.getByLabel('Reading as').innerText()).toBe(reader);
}

const worklist = (page: Page) => page.getByRole('list', { name: 'Worklist' });

async function caseCodes(page: Page): Promise<string[]> {
  const labels = await worklist(page).getByRole('button', { name: /^Case C-/ }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.map((l) => l.replace(/^Case /, ''));
}

async function caseState(page: Page, code: string): Promise<string> {
  return worklist(page).getByRole('button', { name: `Case ${code}` }).getByLabel('Case state').innerText();
}

interface ReadAnswers {
  heidelberg: string[];
  symptomatic?: 'yes' | 'no';
  lesions: number;
  comment?: string;
}

/** Fills the read form of the open case and saves it. */
async function read(page: Page, code: string, a: ReadAnswers): Promise<void> {
  await expect.poll(() => page.getByLabel('Case being read').innerText()).toContain(code);
  const form = page.getByRole('form', { name: 'Read of this case' });
  for (const c of a.heidelberg) await form.getByLabel(`Heidelberg ${c}`, { exact: true }).check();
  if (a.symptomatic) await form.getByLabel(`Symptomatic ${a.symptomatic}`).check();
  await form.getByLabel('Infarct side').selectOption('left');
  await form.getByLabel('Arterial territory').selectOption('MCA');
  await form.getByLabel('Number of lesions').fill(String(a.lesions));
  if (a.comment) await form.getByLabel('Comment').fill(a.comment);
  await form.getByText('All required fields answered.').waitFor();
  await page.getByRole('button', { name: 'Save read' }).click();
  await expect.poll(() => caseState(page, code)).toMatch(/complete|adjudication needed/);
}

const suite = appSuite();
let session: AppSession | null = null;

describe.skipIf(!demoBuilt)('trial reading on the demo in Chromium', () => {
  it('two blinded readers, one HT disagreement adjudicated, agreement shown, export with per-reader, consensus and agreement tables and arms joined', async () => {
    const identity = demoIdentity();
    const subject = deriveSubjectId(SALT, identity.patientId);
    const randomisation = join(mkdtempSync(join(tmpdir(), 'reading-e2e-')), 'randomisation.csv');
    writeFileSync(randomisation, `subject,arm\r\n${subject},${ARM}\r\nS-000000000000,placebo\r\n`);

    session = await suite.open();
    const { page } = session;
    // Blinded before anything is opened: no identifier is ever drawn.
    await page.getByRole('button', { name: 'Blinded' }).click();
    await page.getByLabel('Folder input').setInputFiles(demoFolder);
    await page.getByRole('treeitem', { name: /^Series / }).first().waitFor({ timeout: 60_000 });
    await page.getByLabel('Randomisation CSV').setInputFiles(randomisation);
    await expect.poll(() => page.getByLabel('Randomisation loaded').innerText()).toBe('2 subjects · arms hidden until export');

    const codes = await caseCodes(page);
    expect(codes).toHaveLength(2);
    expect(new Set(codes).size).toBe(2);

    // Reader A: case 1 HI2 (1b), case 2 no haemorrhage; the comment names the patient and a date (de-identified at export).
    await signIn(page, 'reader-A');
    expect(await caseState(page, codes[0])).toBe('not started');
    await worklist(page).getByRole('button', { name: `Case ${codes[0]}` }).click();
    await expect.poll(() => page.evaluate(() => document.title)).toBe(`DTI Trial Viewer · case ${codes[0]}`);
    await page.getByRole('region', { name: 'Viewport 1' }).getByLabel('Case code').filter({ hasText: codes[0] }).waitFor();
    await read(page, codes[0], { heidelberg: ['1b'], symptomatic: 'no', lesions: 1, comment: 'DEMO^STROKE 12.03.2024: confluent petechiae' });
    expect(await caseState(page, codes[0])).toBe('complete');
    await page.keyboard.press('Shift+N');
    await read(page, codes[1], { heidelberg: ['none'], lesions: 2 });
    await expectBlinded(page, identity, 'worklist and read form');
    await session.screenshot('reading-worklist-blinded');
    // The tag inspector and the export dialog are blinded too.
    await page.keyboard.press('t');
    const tags = page.getByRole('dialog', { name: 'DICOM tags' });
    await tags.locator('tr[data-tag="(0010,0020)"]').waitFor();
    await expectBlinded(page, identity, 'tag inspector');
    await session.screenshot('reading-tags-blinded');
    await page.keyboard.press('Escape');
    await tags.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Trial export' }).click();
    await page.getByRole('dialog', { name: 'Trial export' }).getByText('Blinded reading is on').waitFor();
    await expectBlinded(page, identity, 'export dialog');
    await page.getByRole('button', { name: 'Close export' }).click();

    // Reader B: PH1 (1c) on case 1, the same as A on case 2; Shift+P goes back.
    await signIn(page, 'reader-B');
    expect(await caseState(page, codes[1])).toBe('not started');
    await worklist(page).getByRole('button', { name: `Case ${codes[1]}` }).click();
    await read(page, codes[1], { heidelberg: ['none'], lesions: 2 });
    await page.keyboard.press('Shift+P');
    await read(page, codes[0], { heidelberg: ['1c'], symptomatic: 'no', lesions: 1 });
    expect(await caseState(page, codes[0])).toBe('adjudication needed');
    expect(await caseState(page, codes[1])).toBe('complete');
    await page.getByLabel('Worklist filter').selectOption('adjudication needed');
    expect(await caseCodes(page)).toEqual([codes[0]]);
    await page.getByLabel('Worklist filter').selectOption('all');
    await expectBlinded(page, identity, 'second reader');

    // The adjudicator sees the two reads side by side and records B's grade as the consensus.
    await signIn(page, 'adjudicator');
    await page.getByRole('button', { name: 'Adjudication', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Adjudication' });
    const adjudication = dialog.getByRole('region', { name: `Adjudication of case ${codes[0]}` });
    await adjudication.waitFor();
    expect(await dialog.getByRole('region', { name: /^Adjudication of case/ }).count()).toBe(1);
    const differs = adjudication.getByRole('row', { name: 'Heidelberg differs' });
    await expect(differs.innerText()).resolves.toMatch(/1b \(ECASS HI2\)\s+1c \(ECASS PH1\)/);
    expect(await adjudication.getByRole('row', { name: /differs/ }).count()).toBe(1);
    await expectBlinded(page, identity, 'adjudication');
    await session.screenshot('reading-adjudication');
    await adjudication.getByRole('button', { name: /^Take reader-B/ }).click();
    await adjudication.getByRole('button', { name: 'Record consensus read' }).click();
    await adjudication.getByText('Consensus recorded by adjudicator').waitFor();
    await dialog.getByRole('button', { name: 'Close adjudication' }).click();
    await expect.poll(() => caseState(page, codes[0])).toBe('complete');

    // Agreement in the app: kappa of the Heidelberg grade (1/3: one of two cases agrees, chance 1/4), lesions agree exactly.
    await page.getByRole('button', { name: 'Agreement', exact: true }).click();
    const agreement = page.getByRole('dialog', { name: 'Agreement' });
    await agreement.getByRole('table', { name: 'Agreement statistics' }).waitFor();
    const rows = await agreement.getByRole('row').evaluateAll((els) => els.map((e) => [...e.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows.find((r) => r[0] === 'ht_grade' && r[3] === 'kappa')).toEqual(['ht_grade', 'reader-A vs reader-B', '2', 'kappa', '0.333', expect.any(String), expect.any(String)]);
    const plot = agreement.getByRole('img', { name: 'Bland–Altman plot: lesion_count: reader-A − reader-B' });
    await plot.locator('canvas').waitFor();
    await plot.screenshot({ path: join(screenshotDir, 'reading-bland-altman.png') });
    await expectBlinded(page, identity, 'agreement');
    await session.screenshot('reading-agreement');
    await agreement.getByRole('button', { name: 'Close agreement' }).click();

    // Unblinded, the trial export: per-reader reads, consensus and agreement, arms joined, comments de-identified.
    await page.getByRole('button', { name: 'Blinded' }).click();
    await page.getByRole('button', { name: 'Trial export' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Trial export' });
    await exportDialog.getByLabel('Trial key').fill(SALT);
    const reads = readCsvObjects((await download(session, 'Export reads CSV')).text);
    const consensus = readCsvObjects((await download(session, 'Export consensus CSV')).text);
    const agreementCsv = readCsvObjects((await download(session, 'Export agreement CSV')).text);
    await session.screenshot('reading-export');
    expect(reads.map((r) => [r.case, r.reader, r.heidelberg, r.ecass, r.status])).toEqual([
      [codes[0], 'reader-A', '1b', 'HI2', 'complete'],
      [codes[0], 'reader-B', '1c', 'PH1', 'complete'],
      [codes[1], 'reader-A', 'none', 'none', 'complete'],
      [codes[1], 'reader-B', 'none', 'none', 'complete'],
    ]);
    expect(new Set(reads.map((r) => `${r.subject} ${r.arm}`))).toEqual(new Set([`${subject} ${ARM}`]));
    expect(new Set(reads.map((r) => r.timepoint))).toEqual(new Set(['24 h', 'day 14']));
    const commentA = reads.find((r) => r.case === codes[0] && r.reader === 'reader-A')!.comment;
    expect(commentA).toContain('confluent petechiae');
    expect(commentA).not.toMatch(/DEMO|STROKE|2024/);
    expect(consensus.map((r) => [r.case, r.source, r.decided_by, r.heidelberg, r.arm])).toEqual([
      [codes[0], 'adjudicated', 'adjudicator', '1c', ARM],
      [codes[1], 'readers agree', 'reader-A; reader-B', 'none', ARM],
    ]);
    const kappa = agreementCsv.find((r) => r.measure === 'ht_grade' && r.statistic === 'kappa')!;
    expect(kappa).toMatchObject({ reader_a: 'reader-A', reader_b: 'reader-B', n: '2' });
    expect(Number(kappa.value)).toBeCloseTo(1 / 3, 12);
    expect(agreementCsv.find((r) => r.measure === 'lesion_count' && r.statistic === 'bias')!.value).toBe('0');
    session.assertNoProblems();
  }, 300_000);
});
