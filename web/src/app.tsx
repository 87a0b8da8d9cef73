import { A, Router, useLocation, useNavigate } from '@solidjs/router';
import { createEffect, on, Show, Suspense, type ParentProps } from 'solid-js';
import { Loading } from './components/status';
import { api, unwrap } from './lib/api';
import { session } from './lib/session';
import { routes } from './routes';

function Layout(props: ParentProps) {
  const location = useLocation();
  const navigate = useNavigate();
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
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Show when={!bare()}>
        <header class="site-header">
          <A class="brand" href="/">
            Crisis Desk
          </A>
          <nav aria-label="Main">
            <A href="/" end>
              Scenarios
            </A>
            <A href="/progress">Progress</A>
            <Show when={session.me()?.user?.role === 'instructor' || session.me()?.user?.role === 'admin'}>
              <A href="/teach">Teach</A>
              <A href="/studio">Studio</A>
            </Show>
            <Show when={session.me()?.user?.role === 'admin'}>
              <A href="/admin/lti">LMS platforms</A>
            </Show>
            <Show
              when={session.me()?.user}
              fallback={
                <A href="/signin" class="nav-signin">
                  Sign in
                </A>
              }
            >
              {(user) => (
                <>
                  <span class="nav-user" title={user().email}>
                    {user().displayName}
                  </span>
                  <button type="button" class="link-button" onClick={signOut}>
                    Sign out
                  </button>
                </>
              )}
            </Show>
          </nav>
        </header>
      </Show>
      <main id="main" tabindex="-1" classList={{ bare: bare() }}>
        <Suspense fallback={<Loading />}>{props.children}</Suspense>
      </main>
      <Show when={!bare()}>
        <footer class="site-footer">
          <p>
            Crisis Desk is open source. Scenario content cites its sources; where a fact is uncertain, the
            text says so. · <A href="/api-docs">API</A>
            <Show when={session.me()?.user?.role === 'admin'}>
              {' · '}
              <A href="/admin/lti">LMS platforms</A>
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
