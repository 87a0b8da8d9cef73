import { createResource, createSignal, Show } from 'solid-js';
import { api, messageOf, unwrap } from '../lib/api';
import { ErrorNotice } from './status';
import { dateTime, rich, t } from '../i18n';

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
      setMessage(t('cohort.rosterResult', synced.learners, synced.removed));
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
          <h2 id="lms-roster-heading">{t('cohort.lmsCourse')}</h2>
          <p>
            {rich(t('cohort.lmsFrom'), { platform: <bdi>{c().platform}</bdi> })}
            {c().rosterSyncedAt
              ? ` ${t('cohort.rosterSynced', { date: dateTime(c().rosterSyncedAt!) })}`
              : ''}
          </p>
          <Show when={error()}>{(text) => <ErrorNotice message={text()} />}</Show>
          <Show when={message()}>{(text) => <p role="status">{text()}</p>}</Show>
          <Show when={c().roster} fallback={<p class="muted">{t('cohort.noRoster')}</p>}>
            <button type="button" class="button button-secondary" disabled={busy()} onClick={sync}>
              {busy() ? t('cohort.syncing') : t('cohort.sync')}
            </button>
          </Show>
        </section>
      )}
    </Show>
  );
}
