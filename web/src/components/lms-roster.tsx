import { createResource, createSignal, Show } from 'solid-js';
import { api, messageOf, unwrap } from '../lib/api';
import { ErrorNotice } from './status';

/** For a cohort made by an LMS launch: where it comes from and a button to sync its roster. Nothing otherwise. */
export function LmsRoster(props: { cohortId: string; onSynced: () => void }) {
  const [course, { mutate }] = createResource(
    () => props.cohortId,
    async (id) => {
      return unwrap(await api.lti.cohorts[':id'].$get({ param: { id } }));
    },
  );
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);

  async function sync() {
    setBusy(true);
    setError(null);
    try {
      const synced = await unwrap(
        await api.lti.cohorts[':id'].roster.$post({ param: { id: props.cohortId } }),
      );
      mutate(synced);
      setMessage(
        `${synced.learners} learner${synced.learners === 1 ? '' : 's'} in the LMS course; ${synced.removed} removed.`,
      );
      props.onSynced();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show when={course()}>
      {(c) => (
        <section class="panel" aria-labelledby="lms-roster-heading">
          <h2 id="lms-roster-heading">LMS course</h2>
          <p>
            This cohort is a course in {c().platform}: its students arrive from the LMS.
            {c().rosterSyncedAt ? ` Roster synced ${new Date(c().rosterSyncedAt!).toLocaleString()}.` : ''}
          </p>
          <Show when={error()}>{(text) => <ErrorNotice message={text()} />}</Show>
          <Show when={message()}>{(text) => <p role="status">{text()}</p>}</Show>
          <Show
            when={c().roster}
            fallback={
              <p class="muted">
                The LMS has not offered its roster; launch the tool from the course as an instructor.
              </p>
            }
          >
            <button type="button" class="button button-secondary" disabled={busy()} onClick={sync}>
              {busy() ? 'Syncing…' : 'Sync roster from the LMS'}
            </button>
          </Show>
        </section>
      )}
    </Show>
  );
}
