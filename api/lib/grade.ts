/**
 * An assignment's grade: the one setting that says which figure grades a run, for the gradebook CSV and for the
 * LMS grade passback alike (no Hono, no D1).
 */

export const GRADES = ['score', 'knowledge', 'alignment', 'completion'] as const;

/** The decision score, the knowledge score, the historical alignment, or 100 for finishing. */
export type Grade = (typeof GRADES)[number];

/** How each grade is named to the instructor (the assign form, the dashboard's setting, the LMS panel). */
export const GRADE_LABELS: Record<Grade, string> = {
  score: 'Decision score',
  knowledge: 'Knowledge score (share of knowledge checks right)',
  alignment: 'Historical alignment',
  completion: 'Completion (100 for finishing)',
};

/** A run's figures that a grade may be drawn from; shares are 0–1 as the engine gives them. */
type GradedRun = {
  status: string;
  score: number | null;
  historicalAlignment: number | null;
  /** Share of knowledge checks right at their latest answer; null before any answer. */
  knowledgeScore: number | null;
};

/**
 * A run's grade out of 100 under the assignment's setting; null when the run has no such figure yet (an unfinished
 * run's score, a run with no answered question).
 * @example gradeOf('knowledge', { status: 'finished', score: 62, historicalAlignment: 0.5, knowledgeScore: 0.75 }) // 75
 */
export function gradeOf(grade: Grade, run: GradedRun): number | null {
  const percent = (share: number | null) => (share === null ? null : Math.round(share * 100));
  switch (grade) {
    case 'completion':
      return run.status === 'finished' ? 100 : 0;
    case 'alignment':
      return percent(run.historicalAlignment);
    case 'knowledge':
      return percent(run.knowledgeScore);
    case 'score':
      return run.score;
  }
}
