import { A } from '@solidjs/router';
import { createResource, For, Match, Show, Switch } from 'solid-js';
import { ErrorNotice, Loading } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { session } from '../lib/session';

/** The flagship covers both sides of the whole crisis: where a newcomer should start. */
const FLAGSHIP = 'strikes-across-the-border';

/** A scenario outside the public catalog, as a badge: its author sees it, and so may the cohorts it is shared or assigned with. */
const NOT_PUBLIC: Record<string, string> = { private: 'Private', cohorts: 'Shared with cohorts' };

export function HomePage() {
  const [catalog, { refetch }] = createResource(async () => unwrap(await api.scenarios.$get()));
  return (
    <>
      <section class="hero">
        <h1>Crisis Desk</h1>
        <p class="lede">
          Take the chair in Tehran or Islamabad during the January 2024 cross-border strikes and make the
          decisions that side faced. A debrief then sets your choices beside what really happened and the
          analysis behind it.
        </p>
        <Show when={!session.me()?.user}>
          <p class="hero-actions">
            <A class="button" href="/signup">
              Create an account
            </A>
            <A class="button button-secondary" href="/signin">
              Sign in
            </A>
            <span class="muted">or just pick a scenario below to play as a guest.</span>
          </p>
        </Show>
      </section>

      <section aria-labelledby="catalog-heading">
        <h2 id="catalog-heading">Scenarios</h2>
        <Switch>
          <Match when={catalog.error as unknown}>
            <ErrorNotice message={messageOf(catalog.error)} retry={refetch} />
          </Match>
          <Match when={catalog.loading}>
            <Loading label="Loading the scenarios…" />
          </Match>
          <Match when={catalog()?.length === 0}>
            <p class="notice">No scenarios are published yet.</p>
          </Match>
          <Match when={catalog()}>
            {(list) => (
              <ul class="catalog">
                <For
                  each={[...list()].sort((a, b) => Number(b.slug === FLAGSHIP) - Number(a.slug === FLAGSHIP))}
                >
                  {(scenario) => (
                    <li class="card" classList={{ 'card-featured': scenario.slug === FLAGSHIP }}>
                      <Show when={scenario.slug === FLAGSHIP}>
                        <p class="start-here">Start here: the whole crisis, either side</p>
                      </Show>
                      <h3>
                        <A href={`/scenarios/${scenario.slug}`}>{scenario.title}</A>
                        <Show when={NOT_PUBLIC[scenario.visibility]}>
                          {(label) => <span class="badge badge-quiet"> {label()}</span>}
                        </Show>
                      </h3>
                      <p>{scenario.summary}</p>
                      <p class="meta">
                        About {scenario.estimatedMinutes} minutes · {scenario.endingsTotal} endings ·{' '}
                        {scenario.sides.map((s) => s.label).join(' or ')}
                      </p>
                      <div class="card-actions">
                        <For each={scenario.sides}>
                          {(side) => (
                            <A class="button" href={`/scenarios/${scenario.slug}?side=${side.id}`}>
                              Play as {side.label}
                              <Show when={scenario.best[side.id]}>
                                {(best) => <span class="badge">best {best().score}</span>}
                              </Show>
                            </A>
                          )}
                        </For>
                      </div>
                    </li>
                  )}
                </For>
              </ul>
            )}
          </Match>
        </Switch>
      </section>
    </>
  );
}
