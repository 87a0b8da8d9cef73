import { createResource, createSignal, For, Show } from 'solid-js';
import { api, messageOf, unwrap } from '../lib/api';
import { GRADE_LABELS, type Grade } from '../../../api/lib/grade';

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
            <h2 id="lms-heading">LMS gradebook</h2>
            <Show
              when={g().lineItemUrl}
              fallback={<p class="muted">The LMS gave this link no grade column, so no grades are sent.</p>}
            >
              <p>
                Each finished run sends its grade: <strong>{GRADE_LABELS[props.grade]}</strong>
                {props.grade === 'knowledge'
                  ? '; a knowledge check answered in the debrief sends it again, and the LMS keeps the latest.'
                  : '.'}
              </p>
              <p>
                {sent().length} sent, {pending().length} waiting for the LMS, {failed().length} refused.{' '}
                <button type="button" class="button button-secondary" onClick={() => refetch()}>
                  Refresh
                </button>
              </p>
              <Show when={failed().length > 0}>
                <h3>Refused by the LMS</h3>
                <p class="muted">
                  The LMS refused these for good (a deleted grade column, a refused score): they are not
                  retried by themselves. Fix the cause in the LMS, then send them again.
                </p>
                <ul>
                  <For each={failed()}>
                    {(p) => (
                      <li>
                        {p.student}: {p.lastError}{' '}
                        <button
                          type="button"
                          class="button button-secondary"
                          disabled={retrying() === p.runId}
                          aria-label={`Send ${p.student}'s grade again`}
                          onClick={() => void retry(p.runId)}
                        >
                          {retrying() === p.runId ? 'Sending…' : 'Send again'}
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
                        {p.student}: {p.attempts} attempt{p.attempts === 1 ? '' : 's'}
                        {p.lastError ? ` (${p.lastError})` : ''}; next try after{' '}
                        {new Date(p.nextAttemptAt).toLocaleString()}
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
