import { describe, expect, it } from 'vitest';
import { readCsvObjects } from '../export/readCsv';
import { twoVisitSession } from '../export/sessionFixture';
import { agreementRows } from '../../../src/core/reading/agreementRows';
import { caseDisagreements, caseState } from '../../../src/core/reading/caseState';
import { caseConsensus } from '../../../src/core/reading/consensus';
import { readDifferences } from '../../../src/core/reading/readDifferences';
import { readingAgreement } from '../../../src/core/reading/readingAgreement';
import { readingCases } from '../../../src/core/reading/readingCases';
import { agreementCsv, consensusCsv, readsCsv } from '../../../src/core/reading/readingCsv';
import { caseKey, readId } from '../../../src/core/reading/readId';
import { withinInfarctGrade } from '../../../src/core/reading/readMeasures';
import { caseCode, caseCodes, seededOrder } from '../../../src/core/reading/seededOrder';
import type { ReadInput, ReadRole } from '../../../src/core/store/records';
import { emptyHtRead, type HtRead } from '../../../src/core/trial/htRead';
import { deriveSubjectId } from '../../../src/core/trial/subjectId';

const full = (change: Partial<HtRead> = {}): HtRead => ({ heidelberg: ['none'], symptomatic: null, side: 'left', territory: 'MCA', lesionCount: 1, comment: '', ...change });
const input = (study: string, reader: string, read: HtRead, role: ReadRole = 'reader'): ReadInput => ({ id: readId(study, role, reader), key: caseKey(study), role, reader, read });

describe('read comparison and worklist state', () => {
  it('compares answers, not the comment; the Heidelberg classes as a set', () => {
    expect(readDifferences(full({ heidelberg: ['1c', '3b'], symptomatic: false, comment: 'a' }), full({ heidelberg: ['3b', '1c'], symptomatic: false, comment: 'b' }))).toEqual([]);
    expect(readDifferences(full({ heidelberg: ['1b'], symptomatic: false }), full({ heidelberg: ['1c'], symptomatic: false, lesionCount: 2 }))).toEqual(['heidelberg', 'lesionCount']);
  });

  it('goes not started → in progress → complete → adjudication needed → complete (consensus)', () => {
    const s = '1.2.3';
    expect(caseState([], 'A')).toBe('not started');
    const draft = input(s, 'A', { ...emptyHtRead(), heidelberg: ['1a'] });
    expect(caseState([draft], 'A')).toBe('in progress');
    expect(caseState([draft], 'B')).toBe('not started');
    const a = input(s, 'A', full({ heidelberg: ['1a'], symptomatic: false }));
    const b = input(s, 'B', full({ heidelberg: ['1b'], symptomatic: false }));
    expect(caseState([a], 'A')).toBe('complete');
    expect(caseState([a, b], 'A')).toBe('adjudication needed');
    expect(caseDisagreements([a, b])).toEqual([{ readers: ['A', 'B'], fields: ['heidelberg'], measures: [] }]);
    // A draft of the second reader is not a disagreement yet.
    expect(caseState([a, input(s, 'B', { ...b.read, side: null })], 'A')).toBe('complete');
    expect(caseState([a, b, input(s, 'C', full({ heidelberg: ['1b'], symptomatic: false }), 'consensus')], 'C')).toBe('complete');
  });

  it('sends a case to adjudication when a continuous measure differs by more than its tolerance', () => {
    const a = input('s', 'A', full());
    const b = input('s', 'B', full());
    const volume = (x: number, y: number) => [{ measure: 'abc2_ml', tolerance: 5, byReader: new Map([['A', x], ['B', y]]) }];
    expect(caseState([a, b], 'A', volume(20, 25))).toBe('complete');
    expect(caseDisagreements([a, b], volume(20, 25.5))).toEqual([{ readers: ['A', 'B'], fields: [], measures: [{ measure: 'abc2_ml', values: [20, 25.5], tolerance: 5 }] }]);
    // One reader without the measure: nothing to compare.
    expect(caseState([a, b], 'A', [{ measure: 'abc2_ml', tolerance: 5, byReader: new Map([['A', 20]]) }])).toBe('complete');
  });

  it('takes the consensus from the adjudicator, else from agreeing complete reads', () => {
    const a = input('s', 'A', full({ heidelberg: ['2'], symptomatic: true, comment: 'A says' }));
    expect(caseConsensus([a])).toEqual({ source: 'incomplete', read: null, by: [] });
    const b = input('s', 'B', full({ heidelberg: ['2'], symptomatic: true }));
    expect(caseConsensus([b, a])).toEqual({ source: 'readers agree', read: { ...a.read, comment: '' }, by: ['A', 'B'] });
    const c = input('s', 'B', full({ heidelberg: ['1c'], symptomatic: true }));
    expect(caseConsensus([a, c]).source).toBe('adjudication needed');
    const k = input('s', 'ADJ', full({ heidelberg: ['1c'], symptomatic: true }), 'consensus');
    expect(caseConsensus([a, c, k])).toEqual({ source: 'adjudicated', read: k.read, by: ['ADJ'] });
  });

  it('grades within the infarct: highest of none < 1a < 1b < 1c < 2; class 3 alone is none', () => {
    expect(withinInfarctGrade(['3b'])).toBe('none');
    expect(withinInfarctGrade(['1a', '3c', '1c'])).toBe('1c');
    expect(withinInfarctGrade(['2'])).toBe('2');
  });
});

describe('seeded reading order and case codes', () => {
  const ids = Array.from({ length: 40 }, (_, i) => `1.2.840.${i}`);
  it('is a permutation fixed by the seed, independent of input order, different for another seed', () => {
    const order = seededOrder(ids, 'seed-1');
    expect([...order].sort()).toEqual([...ids].sort());
    expect(seededOrder([...ids].reverse(), 'seed-1')).toEqual(order);
    expect(seededOrder(ids, 'seed-2')).not.toEqual(order);
    expect(order).not.toEqual(ids);
  });
  it('gives distinct codes that carry no digits of the UID', () => {
    const codes = caseCodes(ids, 'seed-1');
    expect(new Set(codes.values()).size).toBe(ids.length);
    for (const [id, code] of codes) {
      expect(code).toMatch(/^C-[0-9A-F]{6}$/);
      expect(code).toBe(caseCode('seed-1', id));
    }
  });
});

describe('agreement of the reads (the same src/core/agreement as the CLI)', () => {
  const label = (uid: string) => `case ${uid}`;
  const reads = [
    input('1', 'A', full({ heidelberg: ['none'], lesionCount: 1 })),
    input('1', 'B', full({ heidelberg: ['none'], lesionCount: 1 })),
    input('2', 'A', full({ heidelberg: ['1a'], symptomatic: false, lesionCount: 1 })),
    input('2', 'B', full({ heidelberg: ['1b'], symptomatic: false, lesionCount: 1 })),
    input('3', 'A', full({ heidelberg: ['1c'], symptomatic: false, lesionCount: 1 })),
    input('3', 'B', full({ heidelberg: ['1c'], symptomatic: false, lesionCount: 1 })),
    // Reader B has not read case 4: it is left out and named.
    input('4', 'A', full({ heidelberg: ['2'], symptomatic: true, lesionCount: 1 })),
  ];
  const results = readingAgreement(reads, label);

  it('grades the within-infarct grade on the Heidelberg order, noting grades never used and the case one reader missed', () => {
    const grade = results.find((r) => r.measure === 'ht_grade')!.agreement!;
    expect(grade.kind).toBe('categorical');
    expect(grade.n).toBe(3);
    expect(grade.droppedCases).toEqual([{ caseId: 'case 4', missingReaders: ['B'] }]);
    if (grade.kind !== 'categorical') throw new Error('categorical expected');
    expect(grade.levels).toEqual(['none', '1a', '1b', '1c', '2']);
    expect(grade.pairs[0].unusedLevels).toEqual(['2']);
    // Observed 2/3 agreement; expected (1·1 + 1·0 + 0·1 + 1·1)/9 = 2/9: kappa = (2/3 − 2/9)/(1 − 2/9) = 4/7.
    expect(grade.pairs[0].kappa.value).toBeCloseTo(4 / 7, 12);
  });

  it('gives all-equal values their reason instead of a number', () => {
    const lesions = results.find((r) => r.measure === 'lesion_count')!.agreement!;
    expect(lesions.kind).toBe('continuous');
    if (lesions.kind !== 'continuous') throw new Error('continuous expected');
    expect(lesions.icc1).toEqual({ value: null, ci95: null, reason: 'all values are equal: no variance between or within cases' });
    const territory = results.find((r) => r.measure === 'territory')!.agreement!;
    if (territory.kind !== 'categorical') throw new Error('categorical expected');
    expect(territory.pairs[0].kappa.value).toBeNull();
    expect(territory.pairs[0].kappa.reason).toMatch(/chance agreement is 1/);
    const rows = agreementRows(results);
    expect(rows.find((r) => r.measure === 'lesion_count' && r.statistic === 'ICC(1,1)')!.note).toMatch(/all values are equal.*case case 4 left out \(no read from B\)/);
    expect(rows.find((r) => r.measure === 'ht_grade' && r.statistic === 'kappa')!.note).toMatch(/never used: 2/);
  });

  it('reports a measure with one reader only as a problem and keeps the rest; drafts and consensus reads are no reader', () => {
    const one = readingAgreement(
      [input('1', 'A', full()), input('1', 'B', { ...full(), side: null }), input('1', 'C', full(), 'consensus')],
      label,
      [{ caseId: '1', reader: 'A', measure: 'abc2_ml', value: 12 }, { caseId: '1', reader: 'B', measure: 'abc2_ml', value: 14 }],
    );
    expect(one.find((r) => r.measure === 'ht_grade')).toEqual({ measure: 'ht_grade', agreement: null, problem: 'measure "ht_grade" has one reader only (A): agreement needs at least two' });
    const volume = one.find((r) => r.measure === 'abc2_ml')!.agreement!;
    expect(volume.n).toBe(1);
    if (volume.kind !== 'continuous') throw new Error('continuous expected');
    expect(volume.pairs[0].blandAltman.bias.value).toBe(-2);
    expect(volume.icc1.reason).toBe('1 complete case: an ICC needs at least 2');
    expect(agreementRows(one)[0]).toMatchObject({ measure: 'ht_grade', statistic: '', value: null, note: 'measure "ht_grade" has one reader only (A): agreement needs at least two' });
  });
});

describe('reading export tables', () => {
  const session = twoVisitSession();
  const [s2, s1] = session.studies.map((s) => s.studyInstanceUID);
  const options = { salt: 'k', dates: 'remove' as const, include: [], units: 'trial' as const, appVersion: 'test', exportedAt: '2024-04-01T00:00:00.000Z' };
  const subject = deriveSubjectId('k', 'PID-0042');

  it('joins the arm by subject, de-identifies comments, and writes reads, consensus and agreement', () => {
    const { cases, warnings } = readingCases([session], options, 'seed', new Map([[subject, 'tenecteplase + drug']]));
    expect(warnings).toEqual([]);
    expect(cases.map((c) => c.timepoint).sort()).toEqual(['24 h', 'day 14']);
    const reads = [
      input(s1, 'A', full({ heidelberg: ['1a'], symptomatic: false, comment: 'DOE JANE seen 2024-03-01, MRN PID-0042' })),
      input(s1, 'B', full({ heidelberg: ['1b'], symptomatic: false })),
      input(s2, 'A', full()),
      input(s2, 'B', full()),
      input(s1, 'ADJ', full({ heidelberg: ['1b'], symptomatic: false, comment: 'confluent' }), 'consensus'),
    ];
    const perReader = readCsvObjects(readsCsv(cases, reads));
    expect(perReader).toHaveLength(4);
    expect(new Set(perReader.map((r) => r.arm))).toEqual(new Set(['tenecteplase + drug']));
    expect(new Set(perReader.map((r) => r.subject))).toEqual(new Set([subject]));
    const a24 = perReader.find((r) => r.timepoint === '24 h' && r.reader === 'A')!;
    expect(a24).toMatchObject({ heidelberg: '1a', ht_grade: '1a', ecass: 'HI1', symptomatic: 'no', status: 'complete' });
    expect(a24.comment).not.toMatch(/DOE|JANE|2024|0042/);
    expect(a24.comment).toContain('[removed]');
    const consensus = readCsvObjects(consensusCsv(cases, reads));
    expect(consensus.map((r) => [r.timepoint, r.source, r.decided_by, r.heidelberg, r.comment])).toEqual(
      expect.arrayContaining([
        ['24 h', 'adjudicated', 'ADJ', '1b', 'confluent'],
        ['day 14', 'readers agree', 'A; B', 'none', ''],
      ]),
    );
    const agreement = readCsvObjects(agreementCsv(agreementRows(readingAgreement(reads, (uid) => cases.find((c) => c.studyInstanceUID === uid)!.code))));
    const kappa = agreement.find((r) => r.measure === 'ht_grade' && r.statistic === 'kappa')!;
    expect(kappa).toMatchObject({ reader_a: 'A', reader_b: 'B', n: '2' });
    // Observed 1/2; expected p_e = (1·1 + 1·0 + 0·1)/4 = 1/4 (none: A 1, B 1; 1a: A 1; 1b: B 1): kappa = (1/2 − 1/4)/(3/4) = 1/3.
    expect(Number(kappa.value)).toBeCloseTo(1 / 3, 12);
  });

  it('warns for a subject missing from the randomisation list and joins no arm', () => {
    const { cases, warnings } = readingCases([session], options, 'seed', new Map([['S-other', 'placebo']]));
    expect(cases.every((c) => c.arm === '')).toBe(true);
    expect(warnings).toEqual([`subject ${subject} is not on the randomisation list: no arm joined`]);
  });
});

describe('worklist', () => {
  it('lists every case in the seeded order with its state; ABC/2 per reader from the last record each signed', async () => {
    const { worklistCases, abc2ByReader, caseMeasures } = await import('../../../src/core/reading/worklist');
    const abc2 = (id: string, by: string, at: string, volumeMl: number) => ({
      id, key: { studyInstanceUID: 's1', seriesInstanceUID: 'se', frameOfReferenceUID: null }, name: 'ABC/2', role: null, kind: 'abc2' as const,
      payload: { kind: 'abc2' as const, aMm: 1, bMm: 1, cMm: 1, volumeMl }, createdBy: by, updatedBy: by, createdAt: at, updatedAt: at,
    });
    const records = [abc2('m1', 'A', '2026-01-01T00:00:00Z', 10), abc2('m2', 'A', '2026-01-02T00:00:00Z', 12), abc2('m3', 'B', '2026-01-01T00:00:00Z', 30)];
    expect(abc2ByReader(records, 's1')).toEqual(new Map([['A', 12], ['B', 30]]));
    const reads = [input('s1', 'A', full()), input('s1', 'B', full()), input('s2', 'A', { ...emptyHtRead(), side: 'left' })];
    const list = worklistCases(['s1', 's2', 's3'], reads, 'seed', 'A', (uid) => caseMeasures(records, uid, 5));
    expect(list.map((c) => c.studyInstanceUID)).toEqual(seededOrder(['s1', 's2', 's3'], 'seed'));
    expect(Object.fromEntries(list.map((c) => [c.studyInstanceUID, c.state]))).toEqual({ s1: 'adjudication needed', s2: 'in progress', s3: 'not started' });
    // Within tolerance the same reads agree.
    expect(worklistCases(['s1'], reads, 'seed', 'A', (uid) => caseMeasures(records, uid, 20))[0].state).toBe('complete');
  });
});

describe('a reader comment shown to another reader while blinded', () => {
  it('loses the case identifiers, dates and timepoint labels, keeps the rest', async () => {
    const { caseRedactor } = await import('../../../src/core/reading/caseRedactor');
    const study = { studyInstanceUID: '1.2', studyDate: '20240312', studyTime: '101500', description: 'MRI BRAIN STROKE 24H', accessionNumber: 'ACC2024031', series: [] };
    const patient = { patientId: 'DEMO-001', patientName: 'DEMO^STROKE', birthDate: '19580417', sex: 'M', studies: [study] };
    const redact = caseRedactor(patient, study, ['24 h']);
    const out = redact('Demo, Stroke (demo 001) on 12.03.2024 at 24 h: confluent petechiae, acc-2024-031');
    expect(out).toContain('confluent petechiae');
    expect(out).not.toMatch(/demo|stroke|2024|24 h|001/i);
  });
});
