import { createResource, createSignal, For, Show } from 'solid-js';
import { api, messageOf, unwrap } from '../lib/api';
import type { Grade } from '../../../api/lib/grade';
import { dateTime, rich, t } from '../i18n';
import { gradeOptions } from './grade-setting';

/**
 * For an assignment opened from an LMS: the grades sent or waiting for a retry, under the assignment's one grade
 * setting (chosen with `GradeSetting` on the same page). Renders nothing for an assignment without an LMS link.
 */
export function LmsGrading(props: { assignmentId: string; grade: Grade }) {
  const [grading, { refetch, mutate }] = createResource(
    () => props.assignmentId,
    async (id) => {
      return unwrap(await api.lti.assignments[':id'].grading.$get({ param: { id } }));
    },
  );

  const [retrying, setRetrying] = createSignal<string | null>(null);
  const [retryError, setRetryError] = createSignal<string | null>(null);
  async function retry(runId: string) {
    setRetrying(runId);
    setRetryError(null);
    try {
      mutate(
        await unwrap(
          await api.lti.assignments[':id'].grading[':runId'].retry.$post({
            param: { id: props.assignmentId, runId },
          }),
        ),
      );
      // The post goes after the response: look again shortly for its outcome.
      setTimeout(() => void refetch(), 1500);
    } catch (failure) {
      setRetryError(messageOf(failure));
    } finally {
      setRetrying(null);
    }
  }

  return (
    <Show when={grading()}>
      {(g) => {
        const pending = () => g().posts.filter((p) => p.status === 'pending');
        const failed = () => g().posts.filter((p) => p.status === 'failed');
        const sent = () => g().posts.filter((p) => p.status === 'sent');
        return (
          <section class="panel" aria-labelledby="lms-heading">
            <h2 id="lms-heading">{t('results.lms')}</h2>
            <Show when={g().lineItemUrl} fallback={<p class="muted">{t('results.noColumn')}</p>}>
              <p>
                {rich(t(props.grade === 'knowledge' ? 'results.sendsKnowledge' : 'results.sends'), {
                  grade: <strong>{gradeOptions().find(([grade]) => grade === props.grade)?.[1]}</strong>,
                })}
              </p>
              <p>
                {t('results.postCounts', sent().length, pending().length, failed().length)}{' '}
                <button type="button" class="button button-secondary" onClick={() => refetch()}>
                  {t('results.refresh')}
                </button>
              </p>
              <Show when={failed().length > 0}>
                <h3>{t('results.refused')}</h3>
                <p class="muted">{t('results.refusedNote')}</p>
                <ul>
                  <For each={failed()}>
                    {(p) => (
                      <li>
                        <bdi>{p.student}</bdi>: <bdi>{p.lastError}</bdi>{' '}
                        <button
                          type="button"
                          class="button button-secondary"
                          disabled={retrying() === p.runId}
                          aria-label={t('results.sendAgainLabel', { name: p.student })}
                          onClick={() => void retry(p.runId)}
                        >
                          {retrying() === p.runId ? t('results.sending') : t('results.sendAgain')}
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <Show when={retryError()}>{(message) => <p role="alert">{message()}</p>}</Show>
              <Show when={pending().length > 0}>
                <ul>
                  <For each={pending()}>
                    {(p) => (
                      <li>
                        <bdi>{p.student}</bdi>: {t('results.attempts', p.attempts)}
                        {p.lastError ? (
                          <>
                            {' '}
                            (<bdi>{p.lastError}</bdi>)
                          </>
                        ) : (
                          ''
                        )}
                        {'; '}
                        {t('results.nextTry', { date: dateTime(p.nextAttemptAt) })}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </Show>
          </section>
        );
      }}
    </Show>
  );
}
