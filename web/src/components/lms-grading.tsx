import { createResource, For, Show } from 'solid-js';
import { api, unwrap } from '../lib/api';
import { GRADE_LABELS, type Grade } from '../../../api/lib/grade';

/**
 * For an assignment opened from an LMS: the grades sent or waiting for a retry, under the assignment's one grade
 * setting (chosen with `GradeSetting` on the same page). Renders nothing for an assignment without an LMS link.
 */
export function LmsGrading(props: { assignmentId: string; grade: Grade }) {
  const [grading, { refetch }] = createResource(
    () => props.assignmentId,
    async (id) => {
      return unwrap(await api.lti.assignments[':id'].grading.$get({ param: { id } }));
    },
  );

  return (
    <Show when={grading()}>
      {(g) => {
        const pending = () => g().posts.filter((p) => p.status === 'pending');
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
