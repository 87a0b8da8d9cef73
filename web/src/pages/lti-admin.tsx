import { A } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { ErrorNotice, Loading } from '../components/status';
import { api, messageOf, unwrap } from '../lib/api';
import { fieldText } from '../lib/form';

/** `/admin/lti`: the LMS platforms Crisis Desk accepts launches from, our tool URLs to give them, and key rotation. */
export default function LtiAdminPage() {
  const [platforms, { refetch }] = createResource(async () => unwrap(await api.lti.platforms.$get()));
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const origin = location.origin;
  const toolUrls = [
    ['Login (initiate login) URL', `${origin}/api/lti/login`],
    ['Launch (redirect) URL', `${origin}/api/lti/launch`],
    ['Public keyset (JWKS) URL', `${origin}/api/lti/jwks`],
  ] as const;

  type Platform = NonNullable<typeof platforms.latest>[number];
  // The platform being edited in the form below, or null when the form adds a new one.
  const [editing, setEditing] = createSignal<Platform | null>(null);
  let form!: HTMLFormElement;

  function startEditing(p: Platform) {
    setEditing(p);
    setError(null);
    for (const [name, value] of Object.entries({ ...p, deploymentIds: p.deploymentIds.join(', ') })) {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLInputElement) field.value = String(value);
    }
    form.scrollIntoView({ block: 'start' });
    (form.elements.namedItem('name') as HTMLInputElement).focus();
  }

  function stopEditing() {
    setEditing(null);
    form.reset();
  }

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(form);
    const text = (name: string) => fieldText(data, name).trim();
    const fields = {
      name: text('name'),
      authUrl: text('authUrl'),
      tokenUrl: text('tokenUrl'),
      jwksUrl: text('jwksUrl'),
      deploymentIds: text('deploymentIds')
        .split(/[\s,]+/)
        .filter(Boolean),
    };
    setError(null);
    try {
      const current = editing();
      if (current) {
        await unwrap(await api.lti.platforms[':id'].$patch({ param: { id: current.id }, json: fields }));
        setNotice(`${fields.name} saved.`);
      } else {
        await unwrap(
          await api.lti.platforms.$post({
            json: { ...fields, issuer: text('issuer'), clientId: text('clientId') },
          }),
        );
      }
      stopEditing();
      void refetch();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  async function remove(p: Platform, mappings: 'keep' | 'delete') {
    const question =
      mappings === 'keep'
        ? `Remove ${p.name}? Its launches and grade posts stop. Its students' and instructors' accounts, courses and links are kept: adding the same issuer and client ID again brings them back.`
        : `Remove ${p.name} and forget its people, courses and links? Their accounts and cohorts stay here, but a later launch from this LMS starts new ones; everyone it signed in is signed out.`;
    if (!confirm(question)) return;
    setError(null);
    try {
      await unwrap(await api.lti.platforms[':id'].$delete({ param: { id: p.id }, query: { mappings } }));
      if (editing()?.id === p.id) stopEditing();
      void refetch();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  const [registration, setRegistration] = createSignal<string | null>(null);
  async function makeRegistrationUrl() {
    setError(null);
    try {
      setRegistration((await unwrap(await api.lti.registrations.$post())).url);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  const [lrs, { mutate: setLrsState }] = createResource(async () => unwrap(await api.xapi.lrs.$get()));
  async function saveLrs(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setError(null);
    try {
      const json = {
        endpoint: fieldText(data, 'endpoint').trim(),
        key: fieldText(data, 'key'),
        secret: fieldText(data, 'secret'),
      };
      setLrsState(await unwrap(await api.xapi.lrs.$put({ json })));
      form.reset();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  async function rotate() {
    setError(null);
    try {
      const { kid } = await unwrap(await api.lti.keys.rotate.$post());
      setNotice(`New signing key ${kid}; the previous one stays published until the next rotation.`);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <>
      <h1>LMS platforms (LTI 1.3)</h1>
      <Show when={error()}>{(message) => <ErrorNotice message={message()} />}</Show>
      <Show when={notice()}>
        {(message) => (
          <p class="notice" role="status">
            {message()}
          </p>
        )}
      </Show>
      <section class="panel" aria-labelledby="tool-heading">
        <h2 id="tool-heading">Give these to the LMS</h2>
        <dl>
          <For each={toolUrls}>
            {([label, url]) => (
              <>
                <dt>{label}</dt>
                <dd>
                  <code>{url}</code>
                </dd>
              </>
            )}
          </For>
        </dl>
        <p class="muted">
          Set-up for Moodle and Canvas, step by step: <A href="/admin/lti/guide">docs/lti.md</A>.
        </p>
        <h3>Dynamic registration</h3>
        <p>
          An LMS that supports it registers Crisis Desk by itself from a URL made here (single use, for an
          hour).
        </p>
        <p>
          <button type="button" class="button" onClick={makeRegistrationUrl}>
            Make a registration URL
          </button>
        </p>
        <Show when={registration()}>
          {(url) => (
            <p>
              Paste into the LMS: <code>{url()}</code>
            </p>
          )}
        </Show>
        <button type="button" class="button button-secondary" onClick={rotate}>
          Rotate our signing key
        </button>
      </section>
      <Switch>
        <Match when={platforms.error as unknown}>
          <ErrorNotice message={messageOf(platforms.error)} retry={refetch} />
        </Match>
        <Match when={platforms.loading && !platforms.latest}>
          <Loading label="Loading the platforms…" />
        </Match>
        <Match when={platforms.latest}>
          {(list) => (
            <section aria-labelledby="platforms-heading">
              <h2 id="platforms-heading">Registered platforms</h2>
              <Show when={list().length > 0} fallback={<p class="muted">None yet: add one below.</p>}>
                <ul class="run-list">
                  <For each={list()}>
                    {(p) => (
                      <li class="card run-card">
                        <span>
                          <strong>{p.name}</strong> · {p.issuer} · client {p.clientId} · deployments{' '}
                          {p.deploymentIds.join(', ')}
                        </span>
                        <span class="button-row">
                          <button
                            type="button"
                            class="button button-secondary"
                            aria-label={`Edit ${p.name}`}
                            onClick={() => startEditing(p)}
                          >
                            Edit
                          </button>
                          <button
                            type="button"
                            class="button button-secondary"
                            aria-label={`Remove ${p.name}, keeping its accounts and courses`}
                            onClick={() => remove(p, 'keep')}
                          >
                            Remove
                          </button>
                          <button
                            type="button"
                            class="button button-secondary"
                            aria-label={`Remove ${p.name} and forget its accounts and courses`}
                            onClick={() => remove(p, 'delete')}
                          >
                            Remove and forget
                          </button>
                        </span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </section>
          )}
        </Match>
      </Switch>
      <form class="form panel" onSubmit={saveLrs}>
        <h2>Learning record store (xAPI)</h2>
        <Show
          when={lrs()}
          fallback={
            <p class="muted">No instance-wide LRS: statements are not sent (cohorts may set their own).</p>
          }
        >
          {(l) => (
            <p>
              Sending to <code>{l().endpoint}</code> as {l().key}; {l().pending} statement
              {l().pending === 1 ? '' : 's'} waiting for a retry
              {l().parked > 0 ? `; ${l().parked} refused by the LRS and kept with its reason` : ''}.
            </p>
          )}
        </Show>
        <label for="lrs-endpoint">Endpoint</label>
        <input
          id="lrs-endpoint"
          name="endpoint"
          type="url"
          required
          placeholder="https://lrs.example.edu/data/xAPI/"
        />
        <label for="lrs-key">Key</label>
        <input id="lrs-key" name="key" required autocomplete="off" />
        <label for="lrs-secret">Secret</label>
        <input id="lrs-secret" name="secret" type="password" required autocomplete="new-password" />
        <button type="submit" class="button">
          Save the LRS
        </button>
      </form>
      <form class="form panel" onSubmit={save} ref={form} aria-labelledby="platform-form-heading">
        <h2 id="platform-form-heading">{editing() ? `Edit ${editing()!.name}` : 'Add a platform by hand'}</h2>
        <label for="lti-name">Name</label>
        <input id="lti-name" name="name" required maxlength="120" placeholder="University Moodle" />
        <label for="lti-issuer">Issuer (platform ID)</label>
        <input
          id="lti-issuer"
          name="issuer"
          type="url"
          required
          readOnly={editing() !== null}
          placeholder="https://moodle.example.edu"
        />
        <label for="lti-client">Client ID</label>
        <input id="lti-client" name="clientId" required readOnly={editing() !== null} />
        <Show when={editing()}>
          <p class="muted">
            The issuer and client ID name the platform: to change them, add it again as a new platform.
          </p>
        </Show>
        <label for="lti-deployments">Deployment IDs (comma-separated)</label>
        <input id="lti-deployments" name="deploymentIds" required />
        <label for="lti-auth">Authentication request URL</label>
        <input
          id="lti-auth"
          name="authUrl"
          type="url"
          required
          placeholder="https://moodle.example.edu/mod/lti/auth.php"
        />
        <label for="lti-token">Access token URL</label>
        <input
          id="lti-token"
          name="tokenUrl"
          type="url"
          required
          placeholder="https://moodle.example.edu/mod/lti/token.php"
        />
        <label for="lti-jwks">Public keyset URL</label>
        <input
          id="lti-jwks"
          name="jwksUrl"
          type="url"
          required
          placeholder="https://moodle.example.edu/mod/lti/certs.php"
        />
        <button type="submit" class="button">
          {editing() ? 'Save changes' : 'Add platform'}
        </button>
        <Show when={editing()}>
          <button type="button" class="button button-secondary" onClick={stopEditing}>
            Cancel
          </button>
        </Show>
      </form>
    </>
  );
}
