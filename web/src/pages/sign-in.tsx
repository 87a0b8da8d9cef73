import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { ErrorNotice } from '../components/status';
import { ApiFailure, api, messageOf, unwrap } from '../lib/api';
import { fieldText } from '../lib/form';
import { n, t } from '../i18n';
import { session } from '../lib/session';

/** api/lib/password-policy.ts's minimum (the web app takes no runtime code from api/ but the engine). */
const PASSWORD_MIN_LENGTH = 15;
const FIELDS = ['displayName', 'email', 'password'];

/** Sign in, or sign up with `mode="signup"`; a guest's runs carry over either way. */
export default function SignInPage(props: { mode?: 'signin' | 'signup' }) {
  const signingUp = () => props.mode === 'signup';
  const navigate = useNavigate();
  const [params] = useSearchParams<{ next?: string }>();
  const [error, setError] = createSignal<string | null>(null);
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const email = fieldText(form, 'email');
    const password = fieldText(form, 'password');
    setError(null);
    setFieldErrors({});
    // Checked here first, so a short password gets one plain message on its field and no request at all.
    if (signingUp() && password.length < PASSWORD_MIN_LENGTH) {
      setFieldErrors({ password: t('signIn.passwordShort', { min: n(PASSWORD_MIN_LENGTH) }) });
      (event.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>('#password')?.focus();
      return;
    }
    setBusy(true);
    try {
      const user = signingUp()
        ? await unwrap(
            await api.auth.signup.$post({
              json: { email, password, displayName: fieldText(form, 'displayName') },
            }),
          )
        : await unwrap(await api.auth.signin.$post({ json: { email, password } }));
      session.set({ user, guest: false });
      const next =
        params.next?.startsWith('/') && !params.next.startsWith('//')
          ? params.next
          : user.role === 'student'
            ? '/progress'
            : '/teach';
      navigate(next);
    } catch (failure) {
      const details =
        failure instanceof ApiFailure && Array.isArray(failure.details)
          ? (failure.details as { path: string; message: string }[])
          : [];
      // Problems with named fields are told on those fields alone; the banner is for everything else.
      if (details.length > 0 && details.every((d) => FIELDS.includes(d.path))) {
        setFieldErrors(Object.fromEntries(details.map((d) => [d.path, d.message])));
      } else {
        setError(messageOf(failure));
      }
    } finally {
      setBusy(false);
    }
  }

  const field = (name: string) => ({
    'aria-invalid': fieldErrors()[name] ? true : undefined,
    'aria-describedby': fieldErrors()[name] ? `${name}-error` : undefined,
  });

  return (
    <section class="panel narrow">
      <h1>{signingUp() ? t('signIn.titleUp') : t('signIn.titleIn')}</h1>
      <p class="muted">{signingUp() ? t('signIn.leadUp') : t('signIn.leadIn')}</p>
      <Show when={error()}>{(message) => <ErrorNotice message={message()} />}</Show>
      <form class="form" onSubmit={submit} novalidate>
        <Show when={signingUp()}>
          <label for="displayName">{t('signIn.name')}</label>
          <input
            id="displayName"
            name="displayName"
            autocomplete="name"
            required
            maxLength={80}
            {...field('displayName')}
          />
          <Show when={fieldErrors().displayName}>
            <p id="displayName-error" class="field-error">
              {fieldErrors().displayName}
            </p>
          </Show>
        </Show>
        <label for="email">{t('signIn.email')}</label>
        <input
          id="email"
          name="email"
          type="email"
          dir="ltr"
          autocomplete="email"
          required
          {...field('email')}
        />
        <Show when={fieldErrors().email}>
          <p id="email-error" class="field-error">
            {fieldErrors().email}
          </p>
        </Show>
        <label for="password">{t('signIn.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete={signingUp() ? 'new-password' : 'current-password'}
          required
          minLength={signingUp() ? PASSWORD_MIN_LENGTH : 1}
          {...field('password')}
        />
        <Show when={signingUp()}>
          <p class="hint">{t('signIn.passwordHint')}</p>
        </Show>
        <Show when={fieldErrors().password}>
          <p id="password-error" class="field-error">
            {fieldErrors().password}
          </p>
        </Show>
        <button class="button" type="submit" disabled={busy()}>
          {busy() ? t('signIn.wait') : signingUp() ? t('signIn.submitUp') : t('signIn.titleIn')}
        </button>
      </form>
      <p>
        {signingUp() ? t('signIn.haveAccount') : t('signIn.newHere')}{' '}
        <A href={signingUp() ? '/signin' : '/signup'}>
          {signingUp() ? t('signIn.titleIn') : t('signIn.titleUp')}
        </A>
      </p>
    </section>
  );
}
