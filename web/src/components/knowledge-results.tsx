import { For, Show } from 'solid-js';
import { percent } from '../lib/format';
import { n, t } from '../i18n';
import { Markdown } from './markdown';

type Tally = { answered: number; correct: number; share: number | null };
export type ClassKnowledge = {
  questions: {
    checkId: string;
    prompt: string;
    askedBefore: boolean;
    before: Tally;
    later: Tally;
    wrong: { studentId: string; displayName: string; slot: string }[];
    wrongCount: number;
  }[];
  meanScore: number | null;
  gain: number | null;
  studentsWithGain: number;
};

const points = (gain: number) =>
  `${gain > 0 ? '+' : gain < 0 ? '−' : ''}${Math.abs(Math.round(gain * 100))} points`;

/** One share as a bar with its figure beside it; the figure is the text equivalent. */
function ShareRow(props: { label: string; tally: Tally; kind: string }) {
  return (
    <li class={props.kind}>
      <span class="share-label">{props.label}</span>
      <span class="share-bar" aria-hidden="true">
        <span style={{ width: percent(props.tally.share ?? 0) }} />
      </span>
      <span class="share-value">
        {props.tally.share === null ? '—' : `${percent(props.tally.share)} of ${props.tally.answered}`}
      </span>
    </li>
  );
}

/** The class's knowledge checks: the knowledge score, the learning gain, and per question before and after with who got it wrong. */
export function KnowledgeResults(props: { knowledge: ClassKnowledge }) {
  const k = () => props.knowledge;
  return (
    <section class="panel" aria-labelledby="knowledge-results-heading">
      <h2 id="knowledge-results-heading">What the class knows</h2>
      <Show
        when={k().questions.length > 0}
        fallback={<p class="muted">This scenario version has no knowledge checks.</p>}
      >
        <p>
          Mean knowledge score:{' '}
          <strong>{k().meanScore === null ? 'no answers yet' : percent(k().meanScore!)}</strong>.{' '}
          <Show
            when={k().gain !== null}
            fallback={
              <span class="muted">No student has answered a question both before and after yet.</span>
            }
          >
            Learning gain: <strong>{points(k().gain!)}</strong> (share right after minus before, averaged over{' '}
            {k().studentsWithGain} student
            {k().studentsWithGain === 1 ? '' : 's'} asked both times).
          </Show>
        </p>
        <For each={k().questions}>
          {(q) => (
            <div class="knowledge-question">
              <div class="knowledge-prompt" role="heading" aria-level="3">
                <Markdown text={q.prompt} />
              </div>
              <ul class="share-bars" aria-label="Share of answers right">
                <Show when={q.askedBefore}>
                  <ShareRow label="Right before play" tally={q.before} kind="before" />
                </Show>
                <ShareRow label={q.askedBefore ? 'Right after' : 'Right'} tally={q.later} kind="later" />
              </ul>
              <Show when={q.wrong.length > 0}>
                <p class="small">
                  Wrong at their latest answer: {q.wrong.map((w) => w.displayName).join(', ')}
                  <Show when={q.wrongCount > q.wrong.length}>
                    {' '}
                    {t('resultsList.moreWrong', { count: n(q.wrongCount - q.wrong.length) })}
                  </Show>
                </p>
              </Show>
            </div>
          )}
        </For>
      </Show>
    </section>
  );
}
