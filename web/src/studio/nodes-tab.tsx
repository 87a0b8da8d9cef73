import { For, Match, Show, Switch } from 'solid-js';
import { END } from '../../../api/engine';
import { useEditor } from './context';
import { freshId } from './fields';
import { EndingForm } from './forms/ending';
import { NodeForm } from './forms/node';
import { ScenarioGraph, type GraphMarks } from './graph';

/**
 * The "Nodes and endings" tab: the graph, a picker and the add buttons, and the form of the selected node or
 * ending.
 */
export function NodesTab(props: { marks: GraphMarks; onPreviewFrom: (nodeId: string) => void }) {
  const { session, selection, select: setSelection, setTab, goTo } = useEditor();
  const s = session.scenario;

  function addNode(kind: 'decision' | 'event') {
    const id = freshId(
      kind === 'decision' ? 'new-decision' : 'new-event',
      s.nodes.map((n) => n.id),
    );
    session.edit(() =>
      s.nodes.push(
        kind === 'decision'
          ? { id, side: s.sides[0]?.id ?? null, title: 'New decision', body: '', sources: [], choices: [] }
          : { id, side: null, title: 'New event', body: '', sources: [], next: END },
      ),
    );
    setSelection({ kind: 'node', index: s.nodes.length - 1 });
  }
  function addEnding() {
    const id = freshId(
      'new-ending',
      s.endings.map((e) => e.id),
    );
    session.edit(() => s.endings.push({ id, title: 'New ending', text: '', debrief: {}, sources: [] }));
    setSelection({ kind: 'ending', index: s.endings.length - 1 });
  }

  const selectedId = () => {
    const sel = selection();
    if (!sel) return null;
    return (sel.kind === 'node' ? s.nodes[sel.index]?.id : s.endings[sel.index]?.id) ?? null;
  };

  return (
    <>
      <ScenarioGraph
        layout={session.layout()}
        marks={props.marks}
        sides={s.sides.map((x) => ({ id: x.id, label: x.label }))}
        selectedId={selectedId()}
        onSelect={(n, byKeyboard) => {
          const kind = n.kind === 'ending' ? 'ending' : 'node';
          if (byKeyboard) goTo(`${kind === 'node' ? 'nodes' : 'endings'}[${n.index}]`);
          else setSelection({ kind, index: n.index });
        }}
      />
      <div class="graph-actions">
        <label for="node-picker">Edit</label>
        <select
          id="node-picker"
          value={selection() ? `${selection()!.kind}:${selection()!.index}` : ''}
          onChange={(e) => {
            const [kind, index] = e.currentTarget.value.split(':');
            setSelection({ kind: kind as 'node' | 'ending', index: Number(index) });
          }}
        >
          <option value="" disabled>
            Choose a node or ending…
          </option>
          <For each={s.nodes}>
            {(n, i) => (
              <option
                value={`node:${i()}`}
                selected={selection()?.kind === 'node' && selection()?.index === i()}
              >
                {n.title} ({n.id})
              </option>
            )}
          </For>
          <For each={s.endings}>
            {(e, i) => (
              <option
                value={`ending:${i()}`}
                selected={selection()?.kind === 'ending' && selection()?.index === i()}
              >
                Ending: {e.title}
              </option>
            )}
          </For>
        </select>
        <button type="button" class="button button-secondary" onClick={() => addNode('decision')}>
          Add a decision
        </button>
        <button type="button" class="button button-secondary" onClick={() => addNode('event')}>
          Add a narrated event
        </button>
        <button type="button" class="button button-secondary" onClick={addEnding}>
          Add an ending
        </button>
        <Show when={selection()?.kind === 'node' && selectedId()}>
          {(id) => (
            <button
              type="button"
              class="button button-secondary"
              onClick={() => {
                props.onPreviewFrom(id());
                setTab('preview');
              }}
            >
              Preview from here
            </button>
          )}
        </Show>
      </div>
      <Switch fallback={<p class="hint">Select a node or an ending in the graph or the list to edit it.</p>}>
        <Match when={selection()?.kind === 'node' ? selection() : null} keyed>
          {(sel) => <NodeForm index={sel.index} />}
        </Match>
        <Match when={selection()?.kind === 'ending' ? selection() : null} keyed>
          {(sel) => <EndingForm index={sel.index} />}
        </Match>
      </Switch>
    </>
  );
}
