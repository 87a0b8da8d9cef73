import { Router } from '@solidjs/router';
import type { ParentProps } from 'solid-js';
import { routes } from './routes';

function Layout(props: ParentProps) {
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <a class="brand" href="/">
          Crisis Desk
        </a>
      </header>
      <main id="main" tabindex="-1">
        {props.children}
      </main>
      <footer class="site-footer">
        <p>An open-source trainer for crisis decisions. Scenario content cites its sources.</p>
      </footer>
    </>
  );
}

export function App() {
  return <Router root={Layout}>{routes}</Router>;
}
