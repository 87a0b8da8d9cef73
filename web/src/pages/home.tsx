import { createResource, Match, Switch } from 'solid-js';
import { api, readError } from '../lib/api';

async function fetchHealth() {
  const response = await api.health.$get();
  if (!response.ok) throw new Error(await readError(response));
  return response.json();
}

export function HomePage() {
  const [health] = createResource(fetchHealth);
  return (
    <>
      <section class="hero">
        <h1>Crisis Desk</h1>
        <p class="lede">
          Take the chair in Tehran or Islamabad during the January 2024 cross-border strikes, make the
          decisions that side faced, and see the consequences. A debrief then sets your choices beside
          what really happened and why.
        </p>
      </section>
      <section class="panel" aria-labelledby="status-heading">
        <h2 id="status-heading">System status</h2>
        <div role="status" aria-live="polite" data-testid="health">
          <Switch>
            <Match when={health.loading}>
              <p class="muted">Checking the database…</p>
            </Match>
            <Match when={health.error}>
              <p class="error">Could not reach the server: {(health.error as Error).message}</p>
            </Match>
            <Match when={health()}>
              {(h) => (
                <p>
                  Database <strong>{h().database}</strong> · {h().publishedScenarios} published
                  scenario{h().publishedScenarios === 1 ? '' : 's'}
                </p>
              )}
            </Match>
          </Switch>
        </div>
      </section>
    </>
  );
}
