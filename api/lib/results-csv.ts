import { historicalNodeIds, type Scenario } from '../engine';
import { completionOf, type AssignmentRow } from '../db/queries/cohorts';
import { runKnowledge } from '../db/queries/cohort-checks';
import type { ExportRun } from '../db/queries/results';
import { choicesById, exportLabels } from './choices';
import { csvField } from './csv';
import { gradeOf } from './grade';

export type CsvRows = 'decisions' | 'runs';

const RUN_HEADER = [
  'student',
  'email',
  'run',
  'scenario_version',
  'side',
  'side_id',
  'status',
  'completion',
  'score',
  'ending',
  'ending_id',
  'decisions',
  'knowledge_score',
  'learning_gain',
  'grade',
];
const DECISION_HEADER = [
  'student',
  'email',
  'run',
  'scenario_version',
  'side',
  'side_id',
  'step',
  'decision',
  'node',
  'choice',
  'choice_id',
  'historical',
  'on_historical_path',
  'time_taken_ms',
  'justification',
];

/**
 * The CSV lines of some runs: one per run (ready for a gradebook: knowledge score and gain as 0–100 and −100–100,
 * `grade` the figure the assignment's grade names), or one per decision (the choice, whether it was historical,
 * whether the decision really arose, which alone counts toward alignment, the time taken and the justification).
 */
export function csvLines(
  rows: CsvRows,
  assignment: AssignmentRow,
  scenario: Scenario,
  runs: readonly ExportRun[],
): string {
  const version = `${assignment.slug} v${assignment.version}`;
  const out: string[] = [];
  // Sides, decisions and endings by their labels for a gradebook's reader, their ids in columns of their own.
  const label = exportLabels(scenario);
  const line = (fields: (string | number | null | undefined)[]) =>
    out.push(`${fields.map(csvField).join(',')}\n`);
  if (rows === 'runs') {
    for (const run of runs) {
      const k = runKnowledge(scenario, run, run.answers);
      line([
        run.displayName,
        run.email,
        run.runId,
        version,
        label.side(run.side),
        run.side,
        run.status,
        completionOf(run, assignment.dueAt),
        run.score,
        label.ending(run.endingId),
        run.endingId,
        run.decisions.length,
        k.score === null ? null : Math.round(k.score * 100),
        k.gain === null ? null : Math.round(k.gain * 100),
        gradeOf(assignment.grade, { ...run, knowledgeScore: k.score }),
      ]);
    }
    return out.join('');
  }
  const choices = choicesById(scenario);
  const onPath = historicalNodeIds(scenario);
  for (const run of runs) {
    for (const [step, d] of run.decisions.entries()) {
      const choice = choices.get(d.choiceId);
      line([
        run.displayName,
        run.email,
        run.runId,
        version,
        label.side(run.side),
        run.side,
        step,
        label.node(d.nodeId),
        d.nodeId,
        choice?.label ?? d.choiceId,
        d.choiceId,
        choice?.historical ? 'yes' : 'no',
        onPath.has(d.nodeId) ? 'yes' : 'no',
        d.timeTakenMs,
        d.justification,
      ]);
    }
  }
  return out.join('');
}

/**
 * The export as a stream: the header, then the runs a batch at a time as the reader asks for them (`next` reads
 * the batch after a run id), so the Worker holds one batch however large the cohort.
 * @example new Response(resultsCsv('runs', assignment, scenario, (after) => exportBatch(db, { ..., after })))
 */
export function resultsCsv(
  rows: CsvRows,
  assignment: AssignmentRow,
  scenario: Scenario,
  next: (after: string) => Promise<ExportRun[]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: string | null = null;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (after === null) {
          after = '';
          controller.enqueue(
            encoder.encode(`${(rows === 'runs' ? RUN_HEADER : DECISION_HEADER).join(',')}\n`),
          );
          return;
        }
        const batch = await next(after);
        if (batch.length === 0) return controller.close();
        after = batch.at(-1)!.runId;
        const text = csvLines(rows, assignment, scenario, batch);
        if (text) controller.enqueue(encoder.encode(text));
      },
    },
    // One batch waits ahead of the reader at most.
    { highWaterMark: 1 },
  );
}
