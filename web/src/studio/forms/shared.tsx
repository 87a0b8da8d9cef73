import { createSignal, Show } from 'solid-js';
import { LIMITS } from '../../../../api/engine';
import { useEditor } from '../context';
import { type IdKind, renameReferences } from '../rename';
import { TextField } from '../fields';

/** Sets an optional text property, removing it when emptied (an empty url or date would not validate). */
export function setOptional<T extends object, K extends keyof T>(target: T, key: K, value: string) {
  if (value.trim() === '') delete target[key];
  else (target as Record<K, unknown>)[key] = value;
}

/** Removes the item at `index` in place (the store tracks the splice). */
export const removeAt = <T,>(list: T[], index: number) => list.splice(index, 1);
/** 1 → "1st", 2 → "2nd", 11 → "11th". */
export const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

/** The items beside the one at `path` (`nodes[3]` → the nodes; `nodes[3].choices[1]` → that node's choices). */
function siblingsAt(root: unknown, path: string): { id?: unknown }[] {
  let here: unknown = root;
  const steps = [...path.matchAll(/\.?([^.[\]]+)|\[(\d+)\]/g)];
  for (const [, key, index] of steps.slice(0, -1))
    here = (here as Record<string, unknown> | undefined)?.[key ?? Number(index)];
  return Array.isArray(here) ? here : [];
}

/**
 * An id field: applied when the field is left (so references can follow the rename), but checked as it is typed:
 * an id already taken or not in the allowed letters is said at once, not only after Tab.
 */
export function IdField(props: { item: { id: string }; kind: IdKind; path: string; hint?: string }) {
  const { session } = useEditor();
  const [typed, setTyped] = createSignal<string | null>(null);
  const live = () => {
    const value = typed();
    if (value === null || value === props.item.id) return null;
    if (value === '') return 'An id cannot be empty.';
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(value))
      return 'Use lower-case letters, digits, - and _, starting with a letter or digit.';
    if (siblingsAt(session.scenario, props.path).some((other) => other !== props.item && other.id === value))
      return `Another one already has the id “${value}”.`;
    return null;
  };
  return (
    <>
      <TextField
        label="Id"
        path={`${props.path}.id`}
        value={props.item.id}
        maxLength={LIMITS.id}
        hint={props.hint ?? 'Lower-case letters, digits, - and _. Renaming updates every reference to it.'}
        commitOnChange
        onTyping={setTyped}
        onInput={(v) => {
          setTyped(null);
          session.edit(() => {
            const old = props.item.id;
            props.item.id = v;
            renameReferences(session.scenario, props.kind, old, v);
          });
        }}
      />
      <Show when={live()}>
        {(message) => (
          <p class="field-problems live-id-problem" role="status">
            {message()}
          </p>
        )}
      </Show>
    </>
  );
}
