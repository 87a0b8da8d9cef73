import { A, useNavigate, useParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { ErrorNotice } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { fieldText } from '../lib/form';
import { rich, t } from '../i18n';
import { session } from '../lib/session';

/** `/join` and `/join/:code`: a student joins a cohort with its code (the link and QR code lead here). */
export default function JoinPage() {
  const params = useParams<{ code?: string }>();
  const navigate = useNavigate();
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  async function join(event: SubmitEvent) {
    event.preventDefault();
    const code = fieldText(new FormData(event.currentTarget as HTMLFormElement), 'code');
    setBusy(true);
    setError(null);
    try {
      const cohort = await unwrap(await api.cohorts.join.$post({ json: { code } }));
      navigate(`/progress?joined=${encodeURIComponent(cohort.name)}`);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel narrow">
      <h1>{t('join.title')}</h1>
      <Show
        when={session.me()?.user}
        fallback={
          <p>
            {rich(t('join.signInFirst'), {
              signIn: (
                <A href={`/signin?next=${encodeURIComponent(location.pathname)}`}>{t('join.signIn')}</A>
              ),
              create: (
                <A href={`/signup?next=${encodeURIComponent(location.pathname)}`}>
                  {t('join.createAccount')}
                </A>
              ),
            })}
          </p>
        }
      >
        <p class="muted">{t('join.lead')}</p>
        <Show when={error()}>{(message) => <ErrorNotice message={message()} />}</Show>
        <form class="form" onSubmit={join}>
          <label for="code">{t('join.code')}</label>
          <input
            id="code"
            name="code"
            value={params.code ?? ''}
            autocomplete="off"
            autocapitalize="characters"
            dir="ltr"
            required
            maxLength={8}
          />
          <button class="button" type="submit" disabled={busy()}>
            {busy() ? t('join.joining') : t('join.join')}
          </button>
        </form>
      </Show>
    </section>
  );
}
