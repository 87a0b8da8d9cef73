import { For, Show } from 'solid-js';
import { list, n, rich, t } from '../i18n';
import { percent } from '../lib/format';
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
  `${gain > 0 ? '+' : gain < 0 ? '−' : ''}${t('results.points', Math.round(gain * 100))}`;

/** One share as a bar with its figure beside it; the figure is the text equivalent. */
function ShareRow(props: { label: string; tally: Tally; kind: string }) {
  return (
    <li class={props.kind}>
      <span class="share-label">{props.label}</span>
      <span class="share-bar" aria-hidden="true">
        <span style={{ width: `${(props.tally.share ?? 0) * 100}%` }} />
      </span>
      <span class="share-value">
        {props.tally.share === null
          ? '—'
          : t('results.shareOf', { share: percent(props.tally.share), count: n(props.tally.answered) })}
      </span>
    </li>
  );
}

/** The class's knowledge checks: the knowledge score, the learning gain, and per question before and after with who got it wrong. */
export function KnowledgeResults(props: { knowledge: ClassKnowledge }) {
  const k = () => props.knowledge;
  return (
    <section class="panel" aria-labelledby="knowledge-results-heading">
      <h2 id="knowledge-results-heading">{t('results.knowledge')}</h2>
      <Show when={k().questions.length > 0} fallback={<p class="muted">{t('results.noChecks')}</p>}>
        <p>
          {t('results.meanScore')}{' '}
          <strong>{k().meanScore === null ? t('results.noAnswers') : percent(k().meanScore!)}</strong>.{' '}
          <Show when={k().gain !== null} fallback={<span class="muted">{t('results.noGain')}</span>}>
            {t('results.gain')} <strong>{points(k().gain!)}</strong>{' '}
            {t('results.gainNote', k().studentsWithGain)}
          </Show>
        </p>
        <For each={k().questions}>
          {(q) => (
            <div class="knowledge-question">
              <div class="knowledge-prompt" role="heading" aria-level="3" lang="en">
                <Markdown text={q.prompt} />
              </div>
              <ul class="share-bars" aria-label={t('results.shareRight')}>
                <Show when={q.askedBefore}>
                  <ShareRow label={t('results.rightBefore')} tally={q.before} kind="before" />
                </Show>
                <ShareRow
                  label={q.askedBefore ? t('results.rightAfter') : t('results.right')}
                  tally={q.later}
                  kind="later"
                />
              </ul>
              <Show when={q.wrong.length > 0}>
                <p class="small">
                  {rich(t('results.wrongLatest'), {
                    names: <bdi>{list(q.wrong.map((w) => w.displayName))}</bdi>,
                  })}
                  <Show when={q.wrongCount > q.wrong.length}>
                    {' '}
                    {t('results.moreWrong', { count: n(q.wrongCount - q.wrong.length) })}
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
