import { createResource, createSignal, For, Show } from 'solid-js';
import { api, messageOf, unwrap } from '../lib/api';
import { ErrorNotice } from './status';

const FIGURES = {
  score: 'Score',
  alignment: 'Historical alignment',
  completion: 'Completion (100 for finishing)',
} as const;

/**
 * For an assignment opened from an LMS: which figure goes to the gradebook, and the grades sent or waiting for a
 * retry. Renders nothing for an assignment without an LMS link.
 */
export function LmsGrading(props: { assignmentId: string }) {
  const [grading, { mutate, refetch }] = createResource(
    () => props.assignmentId,
    async (id) => {
      return unwrap(await api.lti.assignments[':id'].grading.$get({ param: { id } }));
    },
  );
  const [error, setError] = createSignal<string | null>(null);

  async function choose(gradeFigure: keyof typeof FIGURES) {
    setError(null);
    try {
      mutate(
        await unwrap(
          await api.lti.assignments[':id'].grading.$put({
            param: { id: props.assignmentId },
            json: { gradeFigure },
          }),
        ),
      );
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <Show when={grading()}>
      {(g) => {
        const pending = () => g().posts.filter((p) => p.status === 'pending');
        return (
          <section class="panel" aria-labelledby="lms-heading">
            <h2 id="lms-heading">LMS gradebook</h2>
            <Show when={error()}>{(message) => <ErrorNotice message={message()} />}</Show>
            <Show
              when={g().lineItemUrl}
              fallback={<p class="muted">The LMS gave this link no grade column, so no grades are sent.</p>}
            >
              <label for="lms-figure">The grade sent when a student finishes</label>
              <select
                id="lms-figure"
                value={g().gradeFigure}
                onChange={(e) => choose(e.currentTarget.value as keyof typeof FIGURES)}
              >
                <For each={Object.entries(FIGURES)}>
                  {([value, label]) => <option value={value}>{label}</option>}
                </For>
              </select>
              <p>
                {g().posts.length - pending().length} sent, {pending().length} waiting for the LMS.{' '}
                <button type="button" class="button button-secondary" onClick={() => refetch()}>
                  Refresh
                </button>
              </p>
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
