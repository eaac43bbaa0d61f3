import type { ReadInput } from '../store/records';
import type { HtRead } from '../trial/htRead';
import { caseDisagreements, isComplete, type ContinuousMeasure } from './caseState';

/**
 * How a case's consensus read came about: recorded by the adjudicator; the readers' complete reads
 * agree (their common answers); or none yet (readers disagree, or fewer than two complete reads).
 */
export type ConsensusSource = 'adjudicated' | 'readers agree' | 'adjudication needed' | 'incomplete';

export interface CaseConsensus {
  source: ConsensusSource;
  /** The consensus answers; null without a consensus. Its comment is the adjudicator's (empty when readers agree). */
  read: HtRead | null;
  /** Who decided: the adjudicator, or the agreeing readers. */
  by: string[];
}

/** The consensus of one case from all its reads (every reader's and the consensus, see ReadInput). */
export function caseConsensus(reads: readonly ReadInput[], measures: readonly ContinuousMeasure[] = []): CaseConsensus {
  const adjudicated = reads.find((r) => r.role === 'consensus' && isComplete(r));
  if (adjudicated) return { source: 'adjudicated', read: adjudicated.read, by: [adjudicated.reader] };
  if (caseDisagreements(reads, measures).length > 0) return { source: 'adjudication needed', read: null, by: [] };
  const done = reads.filter((r) => r.role === 'reader' && isComplete(r)).sort((a, b) => a.reader.localeCompare(b.reader));
  if (done.length < 2) return { source: 'incomplete', read: null, by: [] };
  return { source: 'readers agree', read: { ...done[0].read, comment: '' }, by: done.map((r) => r.reader) };
}
