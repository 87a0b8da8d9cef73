import { createEffect, createMemo, createSignal, For, Show, untrack } from 'solid-js';
import {
  debriefNotes,
  choose,
  scoreSide,
  start,
  checksView,
  holds,
  END,
  type Result,
  type RunState,
  type MetricView,
  type Choice,
  type Condition,
  type Next,
  type Scenario,
} from '../../../api/engine';
import { Markdown } from '../components/markdown';
import { Loading } from '../components/status';
import { ChangeList } from '../components/timeline';
import { signed } from '../lib/format';
import { useEditor } from './context';

const describeCondition = (c: Condition): string =>
  'metric' in c
    ? `${c.metric} ${c.op} ${c.value}`
    : 'flag' in c
      ? `${c.flag} is ${c.is ? 'set' : 'not set'}`
      : 'chose' in c
        ? `chose ${c.chose}`
        : 'all' in c
          ? c.all.map(describeCondition).join(' and ')
          : 'any' in c
            ? `(${c.any.map(describeCondition).join(' or ')})`
            : `not (${describeCondition(c.not)})`;

/** Where a choice leads, by the titles the author gave (ids only where there is no title). */
const describeNext = (next: Next | undefined, title: (id: string) => string) => {
  const to = (id: string) => (id === END ? 'the ending' : `“${title(id)}”`);
  return next === undefined
    ? 'nowhere'
    : typeof next === 'string'
      ? to(next)
      : `${next.branches.map((b) => `${to(b.goto)} if ${describeCondition(b.when)}`).join('; ')}; otherwise ${to(next.otherwise)}`;
};

const flagsOf = (choice: Choice) =>
  Object.entries(choice.effects?.flags ?? {})
    .map(([f, on]) => `${f} ${on ? 'set' : 'cleared'}`)
    .join(', ');

/** The scenario's indicators as a side sees them: label, and which way is good from its scoring weights. */
const metricViews = (scenario: Scenario, side: string): MetricView[] =>
  scenario.metrics.map((m) => {
    const weight = scenario.scoring[side]?.[m.id];
    return { ...m, value: m.start, goodWhen: !weight ? null : weight > 0 ? 'higher' : 'lower' };
  });

/**
 * The author's preview: the draft played with the real engine as either side, from the start or any node, with
 * what players never see shown beside it: every indicator (the other side's too), flags, each choice's effects
 * and where it leads, and the counterpart's moves.
 */
export function AuthorPreview(props: { initialFrom?: string }) {
  const { session } = useEditor();
  session.readParsedScenario();
  const scenario = () => session.check()?.scenario ?? null;
  const playable = () => scenario()?.sides.filter((s) => s.playable) ?? [];
  const [side, setSide] = createSignal(playable()[0]?.id ?? '');
  const [from, setFrom] = createSignal(props.initialFrom ?? '');
  const [played, setPlayed] = createSignal<{ scenario: Scenario; state: Result<RunState> } | null>(null);
  // Earlier states of this preview, so the author can go back and try another branch.
  const [earlier, setEarlier] = createSignal<{ scenario: Scenario; state: Result<RunState> }[]>([]);

  function restart() {
    const current = scenario();
    if (!current) return setPlayed(null);
    if (!side()) setSide(playable()[0]?.id ?? '');
    setEarlier([]);
    setPlayed({
      scenario: current,
      state: start(current, side() || playable()[0]?.id || '', 'author-preview', from() || current.start),
    });
  }
  // Starts as soon as the first check has a playable scenario.
  createEffect(() => {
    if (scenario() && !untrack(played)) restart();
  });

  const state = () => {
    const p = played();
    return p?.state.ok ? p.state.value : null;
  };
  const node = createMemo(() => {
    const s = state();
    return s?.nodeId ? s.scenario.nodes.find((n) => n.id === s.nodeId) : undefined;
  });
  const lastDecision = () => [...(state()?.path ?? [])].reverse().find((p) => p.kind === 'decision');
  const choiceById = (id: string | undefined) =>
    state()
      ?.scenario.nodes.flatMap((n) => n.choices ?? [])
      .find((c) => c.id === id);
  const nodeTitle = (id: string) => state()?.scenario.nodes.find((n) => n.id === id)?.title ?? id;
  const ending = () => state()?.scenario.endings.find((e) => e.id === state()?.endingId);
  const pick = (choiceId: string) => {
    const s = state();
    const p = played();
    if (!s || !p) return;
    setEarlier((list) => [...list, p]);
    setPlayed({ scenario: p.scenario, state: choose(s, choiceId) });
  };
  const back = () => {
    const list = earlier();
    if (list.length === 0) return;
    setPlayed(list.at(-1)!);
    setEarlier(list.slice(0, -1));
  };

  return (
    <section class="panel preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview (author's view)</h2>
      <Show
        when={scenario()}
        fallback={
          session.check()?.structured === false ? (
            <p class="notice">
              The preview needs a draft whose structure is complete: fix the problems marked “schema” first.
            </p>
          ) : (
            <Loading label="Checking the draft…" />
          )
        }
      >
        {(current) => (
          <>
            <form class="preview-controls" onSubmit={(e) => (e.preventDefault(), restart())}>
              <label for="preview-side">Play as</label>
              <select
                id="preview-side"
                value={side()}
                onChange={(e) => (setSide(e.currentTarget.value), restart())}
              >
                <For each={playable()}>{(s) => <option value={s.id}>{s.label}</option>}</For>
              </select>
              <label for="preview-from">From</label>
              <select
                id="preview-from"
                value={from()}
                onChange={(e) => (setFrom(e.currentTarget.value), restart())}
              >
                <option value="">The start</option>
                <For each={current().nodes}>{(n) => <option value={n.id}>{n.title}</option>}</For>
              </select>
              <button class="button button-secondary" type="submit">
                Restart
              </button>
              <button
                class="button button-secondary"
                type="button"
                onClick={back}
                disabled={earlier().length === 0}
              >
                Back one decision
              </button>
            </form>
            <Show when={played() && played()!.scenario !== current()}>
              <p class="hint" role="status">
                The draft changed since this preview started; Restart to play the new version.
              </p>
            </Show>
            <Show when={played()?.state.ok === false ? played()!.state : null}>
              {(failure) => (
                <p class="notice notice-error">
                  {(failure() as { error: { message: string } }).error.message}
                </p>
              )}
            </Show>
            <Show when={state()}>
              {(s) => (
                <div class="preview-grid">
                  <div>
                    <Show when={lastDecision()?.choiceId ? choiceById(lastDecision()!.choiceId) : undefined}>
                      {(c) => (
                        <div class="preview-feedback" role="status">
                          <p class="eyebrow">You chose “{c().label}”</p>
                          <Markdown text={c().feedback} />
                        </div>
                      )}
                    </Show>
                    <Show when={node()}>
                      {(n) => (
                        <article class="preview-node" aria-live="polite">
                          <p class="eyebrow">Decision · {n().id}</p>
                          <h3>{n().title}</h3>
                          <Markdown text={n().body} />
                          <Show when={n().private?.[s().side]}>
                            {(text) => <Markdown class="prose private-text" text={text()} />}
                          </Show>
                          <ul class="preview-choices">
                            <For each={n().choices ?? []}>
                              {(c) => (
                                <li class="card">
                                  <button type="button" class="button" onClick={() => pick(c.id)}>
                                    {c.label}
                                  </button>
                                  <Show when={c.historical}>
                                    <span class="tag">historical</span>
                                  </Show>
                                  <Show when={c.justify}>
                                    {(prompt) => (
                                      <p class="preview-justify">Asks the player to justify: “{prompt()}”</p>
                                    )}
                                  </Show>
                                  {/* Effects as the player will see them: labels, signs and colours from the side's scoring. */}
                                  <Show
                                    when={Object.keys(c.effects?.metrics ?? {}).length > 0}
                                    fallback={<p class="hint">No change to the indicators.</p>}
                                  >
                                    <ChangeList
                                      changes={c.effects!.metrics!}
                                      metrics={metricViews(s().scenario, s().side)}
                                    />
                                  </Show>
                                  <p class="hint">
                                    <Show when={Object.keys(c.effects?.flags ?? {}).length > 0}>
                                      Flags: {flagsOf(c)} ·{' '}
                                    </Show>
                                    Then: {describeNext(c.next, nodeTitle)}
                                  </p>
                                </li>
                              )}
                            </For>
                          </ul>
                        </article>
                      )}
                    </Show>
                    <Show when={ending()}>
                      {(e) => (
                        <article class="preview-node">
                          <p class="eyebrow">Ending · {e().id}</p>
                          <h3>{e().title}</h3>
                          <Markdown text={e().text} />
                          <p>
                            <strong>
                              Score for {s().side}: {scoreSide(s().scenario, s().side, s().metrics).score} /
                              100
                            </strong>
                          </p>
                          <Show when={e().debrief[s().side]}>
                            {(d) => (
                              <>
                                <h4>What really happened</h4>
                                <Markdown text={d().whatHappened} />
                                <Show when={debriefNotes(s().scenario, d().pathNotes).length > 0}>
                                  <h4>Path notes</h4>
                                  <ol class="path-notes preview-path-notes">
                                    <For each={debriefNotes(s().scenario, d().pathNotes)}>
                                      {(note) => {
                                        // The author sees every note and why it is or is not shown on this run.
                                        const shown = () => holds(note.when, s());
                                        return (
                                          <li class={shown() ? 'path-note' : 'path-note path-note-hidden'}>
                                            <span class="tag">
                                              {shown() ? 'shown on this run' : 'not shown on this run'}
                                            </span>
                                            <p class="hint">When: {describeCondition(note.when)}</p>
                                            <Markdown text={note.text} />
                                            <Show when={(note.sources ?? []).length > 0}>
                                              <p class="hint">
                                                Cites:{' '}
                                                {(note.sources ?? [])
                                                  .map(
                                                    (r) =>
                                                      `${s().scenario.sources.find((x) => x.id === r.source)?.title ?? r.source}${r.locator ? ` (${r.locator})` : ''}`,
                                                  )
                                                  .join('; ')}
                                              </p>
                                            </Show>
                                          </li>
                                        );
                                      }}
                                    </For>
                                  </ol>
                                </Show>
                                <h4>Analysis</h4>
                                <Markdown text={d().analysis} />
                              </>
                            )}
                          </Show>
                        </article>
                      )}
                    </Show>
                    <Show when={checksView(s(), []).length > 0}>
                      <h3>Questions open here</h3>
                      <ul class="preview-checks">
                        <For each={checksView(s(), [])}>
                          {(q) => {
                            const check = () => s().scenario.checks?.find((c) => c.id === q.checkId);
                            return (
                              <li>
                                <span class="tag">{q.slot === 'node' ? `after ${q.nodeId}` : q.slot}</span>{' '}
                                <Markdown text={q.prompt} />
                                <ul>
                                  <For each={check()?.options ?? []}>
                                    {(o) => (
                                      <li>
                                        {o.label}
                                        {o.correct ? ' (right)' : ''}
                                      </li>
                                    )}
                                  </For>
                                </ul>
                              </li>
                            );
                          }}
                        </For>
                      </ul>
                    </Show>
                    <h3>Path so far</h3>
                    <ol class="preview-path">
                      <For each={s().path}>
                        {(step) => (
                          <li>
                            <span class="tag">{step.kind}</span> {nodeTitle(step.nodeId)}
                            {step.choiceId ? `: ${choiceById(step.choiceId)?.label ?? step.choiceId}` : ''}
                            {Object.keys(step.delta).length
                              ? ` (${Object.entries(step.delta)
                                  .map(([m, d]) => `${m} ${signed(d)}`)
                                  .join(', ')})`
                              : ''}
                          </li>
                        )}
                      </For>
                    </ol>
                  </div>
                  <aside aria-label="Run state">
                    <h3>Indicators (all sides)</h3>
                    <table class="data-table">
                      <tbody>
                        <For each={s().scenario.metrics}>
                          {(m) => (
                            <tr>
                              <th scope="row">
                                {m.label} <span class="tag">{m.owner}</span>
                              </th>
                              <td>
                                <meter
                                  min={m.min}
                                  max={m.max}
                                  value={s().metrics[m.id]}
                                  aria-label={m.label}
                                />{' '}
                                {s().metrics[m.id]}
                              </td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                    <h3>Flags</h3>
                    <p>
                      {Object.entries(s().flags)
                        .filter(([, on]) => on)
                        .map(([f]) => f)
                        .join(', ') || 'none set'}
                    </p>
                  </aside>
                </div>
              )}
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
