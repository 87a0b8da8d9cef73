import { A } from '@solidjs/router';
import { createResource, For, Match, Show, Switch } from 'solid-js';
import { ErrorNotice, Loading } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { En, n, rich, t } from '../i18n';
import { session } from '../lib/session';

/** The flagship covers both sides of the whole crisis: where a newcomer should start. */
export const FLAGSHIP = 'strikes-across-the-border';

/** A scenario outside the public catalog, as a badge: its author sees it, and so may the cohorts it is shared or assigned with. */
const NOT_PUBLIC: Record<string, () => string> = {
  private: () => t('home.private'),
  cohorts: () => t('home.cohorts'),
};

export function HomePage() {
  const [catalog, { refetch }] = createResource(async () => unwrap(await api.scenarios.$get()));
  return (
    <>
      <section class="hero">
        <h1>{t('app.name')}</h1>
        <p class="lede">{t('home.lede')}</p>
        <Show when={!session.me()?.user}>
          <p class="hero-actions">
            <A class="button" href="/signup">
              {t('home.createAccount')}
            </A>
            <A class="button button-secondary" href="/signin">
              {t('app.signIn')}
            </A>
            <span class="muted">{t('home.orGuest')}</span>
          </p>
        </Show>
      </section>

      <section aria-labelledby="catalog-heading">
        <h2 id="catalog-heading">{t('app.scenarios')}</h2>
        <Switch>
          <Match when={catalog.error as unknown}>
            <ErrorNotice message={messageOf(catalog.error)} retry={refetch} />
          </Match>
          <Match when={catalog.loading}>
            <Loading label={t('home.loading')} />
          </Match>
          <Match when={catalog()?.length === 0}>
            <p class="notice">{t('home.none')}</p>
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
                        <p class="start-here">{t('home.startHere')}</p>
                      </Show>
                      <h3>
                        <A href={`/scenarios/${scenario.slug}`} lang="en" dir="auto">
                          {scenario.title}
                        </A>
                        <Show when={NOT_PUBLIC[scenario.visibility]}>
                          {(label) => <span class="badge badge-quiet"> {label()()}</span>}
                        </Show>
                      </h3>
                      <p lang="en" dir="auto">
                        {scenario.summary}
                      </p>
                      <p class="meta">
                        {t('home.minutes', scenario.estimatedMinutes)} ·{' '}
                        {t('home.endings', scenario.endingsTotal)} ·{' '}
                        <En>{scenario.sides.map((s) => s.label).join(' / ')}</En>
                      </p>
                      <div class="card-actions">
                        <For each={scenario.sides}>
                          {(side) => (
                            <A class="button" href={`/scenarios/${scenario.slug}?side=${side.id}`}>
                              {rich(t('home.playAs'), { side: <En>{side.label}</En> })}
                              <Show when={scenario.best[side.id]}>
                                {(best) => (
                                  <span class="badge">{t('home.best', { score: n(best().score) })}</span>
                                )}
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
