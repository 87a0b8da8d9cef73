import { createResource, For, Match, Show, Switch } from 'solid-js';
import { ErrorNotice, Loading } from '../components/status';
import { En, rich, t } from '../i18n';

type Operation = {
  summary?: string;
  tags?: string[];
  requestBody?: unknown;
  parameters?: { name: string; in: string }[];
  responses: Record<string, { description: string }>;
};
type OpenApiDocument = {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
};

/** Renders /api/openapi.json: every route with its parameters, body schema and responses. */
export default function ApiDocsPage() {
  const [doc, { refetch }] = createResource(async () => {
    const response = await fetch('/api/openapi.json');
    if (!response.ok) throw new Error(t('status.answered', { status: String(response.status) }));
    return (await response.json()) as OpenApiDocument;
  });
  const schemaName = (operation: Operation) => {
    const ref = (operation.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> })
      ?.content?.['application/json']?.schema?.$ref;
    return ref?.split('/').at(-1);
  };
  return (
    <Switch>
      <Match when={doc.error as unknown}>
        <ErrorNotice message={(doc.error as Error).message} retry={refetch} />
      </Match>
      <Match when={doc.loading}>
        <Loading label={t('docs.loading')} />
      </Match>
      <Match when={doc()}>
        {(d) => (
          <>
            <h1>
              <En>{d().info.title}</En>{' '}
              <span class="muted">{t('docs.version', { version: d().info.version })}</span>
            </h1>
            <p class="muted">{t('docs.englishOnly')}</p>
            <p lang="en">{d().info.description}</p>
            <p>
              {rich(t('docs.machine'), {
                link: (
                  <a href="/api/openapi.json" dir="ltr">
                    /api/openapi.json
                  </a>
                ),
              })}
            </p>
            <For each={Object.entries(d().paths)}>
              {([path, methods]) => (
                <For each={Object.entries(methods)}>
                  {([method, operation]) => (
                    <section class="panel api-operation">
                      <h2>
                        <code class={`method method-${method}`}>{method.toUpperCase()}</code>{' '}
                        <code>{path}</code>
                      </h2>
                      <p lang="en">{operation.summary}</p>
                      <Show when={schemaName(operation)}>
                        {(name) => (
                          <details>
                            <summary>{rich(t('docs.body'), { name: <code>{name()}</code> })}</summary>
                            <pre>{JSON.stringify(d().components?.schemas?.[name()], null, 2)}</pre>
                          </details>
                        )}
                      </Show>
                      <ul class="responses" lang="en">
                        <For each={Object.entries(operation.responses)}>
                          {([status, response]) => (
                            <li>
                              <code>{status}</code> {response.description}
                            </li>
                          )}
                        </For>
                      </ul>
                    </section>
                  )}
                </For>
              )}
            </For>
          </>
        )}
      </Match>
    </Switch>
  );
}
