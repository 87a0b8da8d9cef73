import { A, Router, useIsRouting, useLocation, useNavigate } from '@solidjs/router';
import { createEffect, For, on, Show, Suspense, type ParentProps } from 'solid-js';
import { Loading } from './components/status';
import { api, unwrap } from './lib/api';
import { LOCALE_INFO, LOCALES, locale, t, type Locale } from './i18n';
import { chooseLocale, session } from './lib/session';
import { routes } from './routes';

function Layout(props: ParentProps) {
  const location = useLocation();
  const navigate = useNavigate();
  // The router keeps the old page while the next one loads its code and data: a bar at the top says it is on its
  // way (shown by the stylesheet only after 150 ms, so quick changes do not flash it).
  const routing = useIsRouting();
  // After each navigation, move focus to the page so screen readers announce the new content.
  createEffect(
    on(
      () => location.pathname,
      () => queueMicrotask(() => document.getElementById('main')?.focus({ preventScroll: true })),
      { defer: true },
    ),
  );

  // The projector is put on a wall: the whole screen is the room's, with no site menu or footer.
  const bare = () => /^\/live\/[^/]+\/projector\/?$/.test(location.pathname);

  async function signOut() {
    await unwrap(await api.auth.signout.$post());
    session.set({ user: null, guest: false });
    navigate('/');
  }

  return (
    <>
      <Show when={routing()}>
        <div class="nav-progress" role="progressbar" aria-label={t('app.loadingPage')} />
      </Show>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Show when={!bare()}>
        <header class="site-header">
          <A class="brand" href="/">
            {t('app.name')}
          </A>
          <nav aria-label={t('app.mainNav')}>
            <A href="/" end>
              {t('app.scenarios')}
            </A>
            <A href="/progress">{t('app.progress')}</A>
            <Show when={session.me()?.user?.role === 'instructor' || session.me()?.user?.role === 'admin'}>
              <A href="/teach">{t('app.teach')}</A>
              <A href="/studio">{t('app.studio')}</A>
            </Show>
            <Show when={session.me()?.user?.role === 'admin'}>
              <A href="/admin/lti">{t('app.lms')}</A>
            </Show>
            <Show
              when={session.me()?.user}
              fallback={
                <A href="/signin" class="nav-signin">
                  {t('app.signIn')}
                </A>
              }
            >
              {(user) => (
                <>
                  <bdi class="nav-user" title={user().email}>
                    {user().displayName}
                  </bdi>
                  <button type="button" class="link-button" onClick={signOut}>
                    {t('app.signOut')}
                  </button>
                </>
              )}
            </Show>
            <label class="locale-picker">
              <span class="visually-hidden">{t('app.language')}</span>
              <select
                value={locale()}
                onChange={(event) => void chooseLocale(event.currentTarget.value as Locale)}
              >
                <For each={LOCALES}>
                  {(code) => (
                    <option value={code} lang={code}>
                      {LOCALE_INFO[code].name}
                    </option>
                  )}
                </For>
              </select>
            </label>
          </nav>
        </header>
      </Show>
      <main id="main" tabindex="-1" classList={{ bare: bare() }}>
        <Suspense fallback={<Loading />}>{props.children}</Suspense>
      </main>
      <Show when={!bare()}>
        <footer class="site-footer">
          <p>
            {t('app.footer')} · <A href="/api-docs">{t('app.api')}</A>
            <Show when={session.me()?.user?.role === 'admin'}>
              {' · '}
              <A href="/admin/lti">{t('app.lms')}</A>
            </Show>
          </p>
        </footer>
      </Show>
    </>
  );
}

export function App() {
  return <Router root={Layout}>{routes}</Router>;
}
