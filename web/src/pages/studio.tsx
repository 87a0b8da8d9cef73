import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { ErrorNotice, Loading } from '../components/status';
import { ApiFailure, api, messageOf, unwrap } from '../lib/api';

type Problem = { path: string; message: string };
type Visibility = 'private' | 'cohorts' | 'public';

/** Who sees a scenario, as the author reads it. */
const VISIBILITY: Record<Visibility, string> = {
  private: 'Only you',
  cohorts: 'You and your cohorts',
  public: 'Everyone (public catalog)',
};

/** A slug suggested by a title: "Islamabad, 48 hours" → "islamabad-48-hours". */
const slugOf = (title: string) =>
  title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);

/**
 * `/studio`: an author's scenarios with their versions; create one blank or as a copy, import a file (with the full
 * validation report), publish, unpublish, publish again, discard a draft or delete a scenario never published, and
 * export. Editing itself happens on `/studio/:slug`.
 */
export default function StudioPage() {
  const [mine, { refetch }] = createResource(async () => unwrap(await api.studio.scenarios.$get()));
  const [catalog] = createResource(async () => unwrap(await api.scenarios.$get()));
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [problems, setProblems] = createSignal<Problem[]>([]);
  const [busy, setBusy] = createSignal(false);
  const navigate = useNavigate();
  // The slug follows the title until the author types one of their own.
  const [slug, setSlug] = createSignal('');
  const [slugTouched, setSlugTouched] = createSignal(false);
  // The catalog lists what is published; an author can also copy their own scenarios that are not.
  const unpublishedOfMine = () =>
    (mine() ?? []).filter((s) => !(catalog() ?? []).some((c) => c.slug === s.slug));

  /** Runs an action; validation problems are listed, other failures shown as a message. */
  async function act(action: () => Promise<string>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    setProblems([]);
    try {
      setNotice(await action());
      await refetch();
    } catch (failure) {
      setError(messageOf(failure));
      if (failure instanceof ApiFailure && Array.isArray(failure.details))
        setProblems(failure.details as Problem[]);
    } finally {
      setBusy(false);
    }
  }

  function create(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const from = String(data.get('from') ?? '');
    void act(async () => {
      const draft = await unwrap(
        await api.studio.scenarios.$post({
          json: {
            slug: String(data.get('slug')),
            title: String(data.get('title')),
            ...(from ? { from } : {}),
          },
        }),
      );
      navigate(`/studio/${draft.slug}`);
      return `Draft "${draft.slug}" created.`;
    });
  }

  function importFile(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    void act(async () => {
      let content: Record<string, unknown>;
      try {
        content = JSON.parse(await file.text()) as Record<string, unknown>;
      } catch {
        throw new ApiFailure(
          400,
          'json',
          `${file.name} is not valid JSON; check it with npm run scenario:check.`,
        );
      }
      const result = await unwrap(await api.scenarios.import.$post({ query: {}, json: content }));
      input.value = '';
      return `Imported "${result.slug}": version ${result.version} is ${result.outcome === 'unchanged' ? 'already' : 'now'} published (a new scenario stays private until you share it).`;
    });
  }

  const publish = (slug: string, revision: number) =>
    act(async () => {
      const result = await unwrap(
        await api.studio.scenarios[':slug'].publish.$post({ param: { slug }, json: { revision } }),
      );
      return `Version ${result.version} of "${slug}" is published.`;
    });
  const discard = (slug: string, draft: { version: number; revision: number }, only: boolean) => {
    const question = only
      ? `Delete "${slug}"? It was never published, so its draft is all there is.`
      : `Discard the draft of version ${draft.version} of "${slug}"? The published and earlier versions stay.`;
    if (!window.confirm(question)) return;
    return act(async () => {
      const result = await unwrap(
        await api.studio.scenarios[':slug'].draft.$delete({
          param: { slug },
          query: { revision: String(draft.revision) },
        }),
      );
      return result.deleted === 'scenario'
        ? `"${slug}" is deleted.`
        : `The draft of version ${draft.version} of "${slug}" is discarded.`;
    });
  };
  /** Puts an unpublished scenario back in the catalog: its latest version again, as the next version (published ones never change). */
  const republish = (slug: string) =>
    act(async () => {
      const draft = await unwrap(await api.studio.scenarios[':slug'].edit.$post({ param: { slug } }));
      const result = await unwrap(
        await api.studio.scenarios[':slug'].publish.$post({
          param: { slug },
          json: { revision: draft.revision },
        }),
      );
      return `"${slug}" is back in the catalog as version ${result.version}.`;
    });
  /** Changes who sees a scenario; going into the public catalog asks first, since every visitor will see it. */
  const share = (slug: string, visibility: Visibility, select: HTMLSelectElement, previous: Visibility) => {
    if (
      visibility === 'public' &&
      !window.confirm(
        `Put "${slug}" in the public catalog? Everyone, signed in or not, will be able to see and play it.`,
      )
    ) {
      select.value = previous;
      return;
    }
    return act(async () => {
      await unwrap(
        await api.studio.scenarios[':slug'].visibility.$put({ param: { slug }, json: { visibility } }),
      );
      return `"${slug}" is now visible to ${VISIBILITY[visibility].toLowerCase()}.`;
    });
  };
  const unpublish = (slug: string) =>
    act(async () => {
      await unwrap(await api.studio.scenarios[':slug'].unpublish.$post({ param: { slug } }));
      return `"${slug}" is no longer in the catalog; runs keep their version.`;
    });

  return (
    <>
      <h1>Studio</h1>
      <p class="muted">
        Your scenarios and their versions. Files follow the scenario format (docs/scenario-format.md in the
        repository); the same validator checks them here as on the command line.
      </p>
      <Show when={notice()}>
        {(message) => (
          <p class="notice" role="status">
            {message()}
          </p>
        )}
      </Show>
      <Show when={error()}>
        {(message) => (
          <ErrorNotice message={message()}>
            <Show when={problems().length > 0}>
              <ul class="problem-list">
                <For each={problems()}>
                  {(p) => (
                    <li>
                      <code>{p.path || '(file)'}</code>: {p.message}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </ErrorNotice>
        )}
      </Show>

      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading">Your scenarios</h2>
        <Show when={mine()} fallback={<Loading label="Loading your scenarios…" />}>
          {(list) => (
            <Show
              when={list().length > 0}
              fallback={<p class="muted">None yet: create one, duplicate one of ours, or import a file.</p>}
            >
              <ul class="run-list">
                <For each={list()}>
                  {(s) => {
                    const draft = () => s.versions.find((v) => v.status === 'draft');
                    const published = () => s.versions.find((v) => v.status === 'published');
                    return (
                      <li class="card run-card">
                        <span>
                          <strong>{s.title}</strong> <code>{s.slug}</code> ·{' '}
                          {s.versions.map((v) => `v${v.version} ${v.status}`).join(', ')}
                        </span>
                        <span class="visibility-field">
                          <label for={`visibility-${s.slug}`}>
                            Who can see and play it<span class="visually-hidden"> ({s.title})</span>
                          </label>
                          <select
                            id={`visibility-${s.slug}`}
                            value={s.visibility}
                            disabled={busy()}
                            onChange={(e) =>
                              share(
                                s.slug,
                                e.currentTarget.value as Visibility,
                                e.currentTarget,
                                s.visibility,
                              )
                            }
                          >
                            <For each={Object.entries(VISIBILITY)}>
                              {([value, label]) => <option value={value}>{label}</option>}
                            </For>
                          </select>
                        </span>
                        <span class="card-actions">
                          <A class="button" href={`/studio/${s.slug}`}>
                            Edit
                          </A>
                          <Show when={draft()}>
                            {(d) => (
                              <button
                                class="button"
                                type="button"
                                disabled={busy()}
                                onClick={() => publish(s.slug, d().revision)}
                              >
                                Publish v{d().version}
                              </button>
                            )}
                          </Show>
                          <Show when={draft()}>
                            {(d) => (
                              <button
                                class="button button-secondary"
                                type="button"
                                disabled={busy()}
                                onClick={() => discard(s.slug, d(), s.versions.length === 1)}
                              >
                                {s.versions.length === 1 ? 'Delete' : 'Discard draft'}
                              </button>
                            )}
                          </Show>
                          <Show when={published()}>
                            <button
                              class="button button-secondary"
                              type="button"
                              disabled={busy()}
                              onClick={() => unpublish(s.slug)}
                            >
                              Unpublish
                            </button>
                          </Show>
                          <Show when={!draft() && !published()}>
                            <button
                              class="button button-secondary"
                              type="button"
                              disabled={busy()}
                              onClick={() => republish(s.slug)}
                            >
                              Publish again
                            </button>
                          </Show>
                          <a
                            class="button button-secondary"
                            href={api.studio.scenarios[':slug'].export.$path({ param: { slug: s.slug } })}
                            download=""
                          >
                            Export
                          </a>
                        </span>
                      </li>
                    );
                  }}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </section>

      <section class="panel" aria-labelledby="create-heading">
        <h2 id="create-heading">New scenario</h2>
        <form class="form inline-form" onSubmit={create}>
          <label for="new-title">Title</label>
          <input
            id="new-title"
            name="title"
            required
            maxLength={200}
            onInput={(e) => slugTouched() || setSlug(slugOf(e.currentTarget.value))}
          />
          <label for="new-slug">Slug (its address: lower-case letters, digits and hyphens)</label>
          <input
            id="new-slug"
            name="slug"
            required
            maxLength={64}
            pattern="[a-z0-9][a-z0-9_\-]*"
            value={slug()}
            onInput={(e) => (setSlugTouched(true), setSlug(e.currentTarget.value))}
          />
          <label for="new-from">Start from</label>
          <select id="new-from" name="from">
            <option value="">A blank scenario</option>
            <For each={catalog() ?? []}>{(s) => <option value={s.slug}>A copy of “{s.title}”</option>}</For>
            <For each={unpublishedOfMine()}>
              {(s) => <option value={s.slug}>A copy of your draft “{s.title}”</option>}
            </For>
          </select>
          <button class="button" type="submit" disabled={busy()}>
            Create draft
          </button>
        </form>
      </section>

      <section class="panel" aria-labelledby="import-heading">
        <h2 id="import-heading">Import a file</h2>
        <p class="muted">
          A scenario file is validated in full: if anything is wrong, every problem is listed and nothing
          changes; if all is well, it is published at once as a new version of its slug (yours, or a new
          scenario, which only you see until you share it).
        </p>
        <label for="import-file">Scenario file (.json)</label>
        <input
          id="import-file"
          type="file"
          accept="application/json,.json"
          onChange={importFile}
          disabled={busy()}
        />
      </section>
    </>
  );
}
