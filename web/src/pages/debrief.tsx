import { A } from '@solidjs/router';
import { createResource, For, Match, Show, Switch } from 'solid-js';
import type { ChecksPayload, CheckView, EndingView, View } from '../../../api/engine';
import { CheckCard, KnowledgeSummary } from '../components/check-card';
import { Markdown } from '../components/markdown';
import { MetricsChart } from '../components/metrics-chart';
import { PathDiagram } from '../components/path-diagram';
import { PathNotes } from '../components/path-notes';
import { SourcesList } from '../components/sources-list';
import { ErrorNotice, Loading } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { percent } from '../lib/format';
import { En, n, rich, t } from '../i18n';

/** The end of a run: the ending, the score, the path beside history, the debrief and how others chose. */
export function Debrief(props: {
  runId: string;
  view: View;
  ending: EndingView;
  /** The run's knowledge checks; absent where a debrief is shown without them. */
  checks?: ChecksPayload;
  busy?: boolean;
  onAnswer?: (check: CheckView, optionIds: string[]) => void;
}) {
  const afterChecks = () => (props.checks?.items ?? []).filter((c) => c.slot === 'after');
  // Answers given before play were kept sealed until the ending; here they show marked, with their explanation.
  const beforeAnswers = () => (props.checks?.items ?? []).filter((c) => c.slot === 'before' && c.answer);
  const [others] = createResource(
    () => props.runId,
    async (id) => unwrap(await api.runs[':id'].others.$get({ param: { id } })),
  );
  // Each part can earn at most its weight's share of 100 points.
  const totalWeight = () => props.ending.parts.reduce((sum, p) => sum + Math.abs(p.weight), 0) || 1;
  const maxPoints = (weight: number) => (100 * Math.abs(weight)) / totalWeight();
  return (
    <article class="debrief" aria-labelledby="ending-heading">
      <section class="panel ending">
        <p class="eyebrow">{props.ending.historical ? t('debrief.endingHistorical') : t('debrief.ending')}</p>
        <h2 id="ending-heading" tabindex="-1" lang="en" dir="auto">
          {props.ending.title}
        </h2>
        <Markdown text={props.ending.text} />
      </section>

      <Show when={beforeAnswers().length > 0}>
        <section class="debrief-before-checks" aria-label={t('debrief.answersBefore')}>
          <For each={beforeAnswers()}>
            {(check) => <CheckCard check={check} busy={true} onAnswer={() => {}} />}
          </For>
        </section>
      </Show>
      <Show when={afterChecks().length > 0}>
        <section class="debrief-checks" aria-label={t('debrief.questionsAfter')}>
          <Show when={afterChecks().some((c) => !c.answer)}>
            <p class="panel debrief-checks-note">{t('debrief.answerFirst')}</p>
          </Show>
          <For each={afterChecks()}>
            {(check) => (
              <CheckCard
                check={check}
                busy={Boolean(props.busy)}
                onAnswer={(ids) => props.onAnswer?.(check, ids)}
              />
            )}
          </For>
        </section>
      </Show>
      <Show when={props.checks && props.checks.knowledge.counted > 0}>
        <KnowledgeSummary knowledge={props.checks!.knowledge} />
      </Show>

      <section class="panel score" aria-labelledby="score-heading">
        <h2 id="score-heading">{t('debrief.yourScore')}</h2>
        <p class="score-number">
          <span>{n(props.ending.score)}</span>
          <span class="muted">{t('debrief.outOf', { max: n(100) })}</span>
        </p>
        <Show when={props.ending.historicalAlignment !== null}>
          <p>
            {rich(t('debrief.alignment'), {
              share: percent(props.ending.historicalAlignment!),
              side: <En>{props.view.side.label}</En>,
            })}
            <Show when={props.ending.comparison.some((c) => !c.onHistoricalPath)}>
              {' '}
              {t('debrief.offPath')}
            </Show>
          </p>
        </Show>
        <h3>{t('debrief.howMade')}</h3>
        <ul class="score-parts">
          <For each={props.ending.parts}>
            {(part) => (
              <li>
                <span class="part-label">
                  <En>{part.label}</En>{' '}
                  <span class="muted">
                    ({part.weight > 0 ? t('play.higherBetter') : t('play.lowerBetter')})
                  </span>
                </span>
                <span class="part-bar" aria-hidden="true">
                  <span style={{ width: `${(part.points / maxPoints(part.weight)) * 100}%` }} />
                </span>
                <span class="part-points">
                  {t('debrief.partOf', {
                    points: n(part.points, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
                    max: n(maxPoints(part.weight), { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
                  })}
                </span>
              </li>
            )}
          </For>
        </ul>
      </section>

      <section class="panel" aria-labelledby="path-heading">
        <h2 id="path-heading">{t('debrief.pathTitle')}</h2>
        <PathDiagram comparison={props.ending.comparison} />
      </section>

      <section class="panel" aria-labelledby="chart-heading">
        <h2 id="chart-heading">{t('debrief.chartTitle')}</h2>
        <p class="muted">{t('debrief.chartNote')}</p>
        <MetricsChart metrics={props.view.metrics} timeline={props.view.timeline} />
      </section>

      <Show when={props.ending.debrief}>
        {(debrief) => (
          <>
            <section class="panel" aria-labelledby="happened-heading">
              <h2 id="happened-heading">{t('debrief.whatReally')}</h2>
              <Markdown text={debrief().whatHappened} />
              <PathNotes
                notes={debrief().pathNotes}
                heading={t('debrief.besideHistory')}
                id="path-notes-heading"
              />
            </section>
            <section class="panel" aria-labelledby="analysis-heading">
              <h2 id="analysis-heading">{t('debrief.analysis')}</h2>
              <Markdown text={debrief().analysis} />
            </section>
            <section class="panel" aria-labelledby="questions-heading">
              <h2 id="questions-heading">{t('debrief.discussion')}</h2>
              <ol class="questions" lang="en" dir="auto">
                <For each={debrief().questions}>{(q) => <li>{q}</li>}</For>
              </ol>
            </section>
          </>
        )}
      </Show>

      <section class="panel" aria-labelledby="others-heading">
        <h2 id="others-heading">{t('debrief.others')}</h2>
        <Switch>
          <Match when={others.error as unknown}>
            <ErrorNotice message={messageOf(others.error)} />
          </Match>
          <Match when={others.loading}>
            <Loading label={t('debrief.counting')} />
          </Match>
          <Match when={others()?.decisions.every((d) => !d.shares)}>
            {/* Nothing to show anywhere yet: one line, not one per decision. */}
            <p class="muted others others-empty" data-testid="others-empty">
              {t('debrief.notEnough', others()!.minimumRuns)}
            </p>
          </Match>
          <Match when={others()}>
            {(data) => (
              <ul class="others">
                <For each={data().decisions.filter((d) => d.shares)}>
                  {(decision) => {
                    const mine = props.ending.comparison.find((c) => c.nodeId === decision.nodeId)?.chosen.id;
                    return (
                      <li>
                        <h3 lang="en" dir="auto">
                          {decision.title}
                        </h3>
                        <Show when={decision.shares}>
                          {(shares) => (
                            <ul class="share-bars">
                              <For each={shares()}>
                                {(share) => (
                                  <li class={share.choiceId === mine ? 'mine' : ''}>
                                    <span class="share-label">
                                      <En>{share.label}</En>
                                      {share.choiceId === mine && (
                                        <span class="tag">{t('debrief.yourChoice')}</span>
                                      )}
                                    </span>
                                    <span class="share-bar" aria-hidden="true">
                                      <span style={{ width: `${share.share * 100}%` }} />
                                    </span>
                                    <span class="share-value">{percent(share.share)}</span>
                                  </li>
                                )}
                              </For>
                            </ul>
                          )}
                        </Show>
                      </li>
                    );
                  }}
                </For>
                <Show when={data().decisions.some((d) => !d.shares)}>
                  <li class="muted">{t('debrief.otherDecisions', data().minimumRuns)}</li>
                </Show>
              </ul>
            )}
          </Match>
        </Switch>
      </section>

      <SourcesList sources={props.ending.sources} title={t('debrief.runSources')} />

      <p class="play-actions">
        <A class="button" href={`/scenarios/${props.view.scenario.slug}?side=${props.view.side.id}`}>
          {t('debrief.playAgain')}
        </A>
        <A class="button button-secondary" href="/progress">
          {t('debrief.yourProgress')}
        </A>
      </p>
    </article>
  );
}
