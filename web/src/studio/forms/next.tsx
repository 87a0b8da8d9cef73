import { Index, Show } from 'solid-js';
import { END, type Next } from '../../../../api/engine';
import { useEditor } from '../context';
import { RemoveButton, SelectField } from '../fields';
import { ConditionEditor } from './condition';
import { removeAt } from './shared';

/** Where a run goes next: straight to a node or ending, or branches on conditions with a default. */
export function NextEditor(props: {
  value: Next | undefined;
  set: (next: Next) => void;
  path: string;
  label: string;
}) {
  const { session, options } = useEditor();
  const mode = () => (typeof props.value === 'object' && props.value !== null ? 'branches' : 'goto');
  const branching = () => props.value as Exclude<Next, string>;
  const setMode = (to: string) =>
    session.edit(() => {
      const current = props.value;
      if (to === 'branches' && typeof current !== 'object') {
        const target = current || END;
        props.set({ branches: [{ when: { flag: 'flag', is: true }, goto: target }], otherwise: target });
      } else if (to === 'goto' && typeof current === 'object') {
        props.set(current.otherwise);
      }
    });
  return (
    <div class="next-editor" role="group" aria-label="Where the run goes next">
      <SelectField
        label={`${props.label}: how`}
        path={`${props.path}.mode`}
        value={mode()}
        options={[
          { value: 'goto', label: 'Always the same place' },
          { value: 'branches', label: 'Depends on conditions' },
        ]}
        onChange={setMode}
      />
      <Show
        when={mode() === 'branches'}
        fallback={
          <SelectField
            label={props.label}
            path={props.path}
            value={props.value as string | undefined}
            options={options().targets}
            onChange={(v) => session.edit(() => props.set(v))}
          />
        }
      >
        <div class="sub-list">
          <Index each={branching().branches}>
            {(branch, i) => (
              <div class="sub-item branch">
                <ConditionEditor
                  value={branch().when}
                  set={(c) => (branching().branches[i]!.when = c)}
                  path={`${props.path}.branches[${i}].when`}
                  label={`Branch ${i + 1}: when`}
                />
                <SelectField
                  label={`Branch ${i + 1}: go to`}
                  path={`${props.path}.branches[${i}].goto`}
                  value={branch().goto}
                  options={options().targets}
                  onChange={(v) => session.edit(() => (branching().branches[i]!.goto = v))}
                />
                <Show when={branching().branches.length > 1}>
                  <RemoveButton
                    label={`Remove branch ${i + 1}`}
                    onClick={() => session.edit(() => removeAt(branching().branches, i))}
                  />
                </Show>
              </div>
            )}
          </Index>
          <button
            type="button"
            class="small-button"
            onClick={() =>
              session.edit(() =>
                branching().branches.push({ when: { flag: 'flag', is: true }, goto: branching().otherwise }),
              )
            }
          >
            Add a branch
          </button>
          <SelectField
            label="Otherwise go to"
            path={`${props.path}.otherwise`}
            value={branching().otherwise}
            options={options().targets}
            onChange={(v) => session.edit(() => (branching().otherwise = v))}
          />
        </div>
      </Show>
    </div>
  );
}
