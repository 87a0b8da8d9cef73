import { createResource, For, Match, Show, Switch } from 'solid-js';
import { ErrorNotice, Loading } from '../components/status';

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
    if (!response.ok) throw new Error(`The server answered ${response.status}.`);
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
        <Loading label="Loading the API description…" />
      </Match>
      <Match when={doc()}>
        {(d) => (
          <>
            <h1>
              {d().info.title} <span class="muted">v{d().info.version}</span>
            </h1>
            <p>{d().info.description}</p>
            <p>
              The machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
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
                      <p>{operation.summary}</p>
                      <Show when={schemaName(operation)}>
                        {(name) => (
                          <details>
                            <summary>Body: {name()}</summary>
                            <pre>{JSON.stringify(d().components?.schemas?.[name()], null, 2)}</pre>
                          </details>
                        )}
                      </Show>
                      <ul class="responses">
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
