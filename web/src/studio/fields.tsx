import { createSignal, For, Show, useContext, type JSX } from 'solid-js';
import { Markdown } from '../components/markdown';
import { EditorContext } from './context';

/**
 * The element id of the field at a path into the scenario file (`nodes[3].choices[0].label` →
 * `f-nodes-3-choices-0-label`), so a validator problem can focus the field it is about.
 */
export const fieldId = (path: string) => `f-${path.replace(/[^a-zA-Z0-9_]+/g, '-').replace(/-$/, '')}`;

type Base = { label: string; path: string; hint?: string };

/** The validator's messages about a path, read from the editor (none outside it). */
function useProblems(path: () => string) {
  const editor = useContext(EditorContext);
  return () => editor?.problemsAt(path()) ?? [];
}

/** The validator's messages about one field or list, shown beside it. */
export function FieldProblems(props: { path: string }) {
  const problems = useProblems(() => props.path);
  return (
    <Show when={problems().length > 0}>
      <ul class="field-problems" id={`${fieldId(props.path)}-problems`}>
        <For each={problems()}>{(message) => <li>{message}</li>}</For>
      </ul>
    </Show>
  );
}

/** aria-invalid and aria-describedby for an input, pointing at its hint and its problems. */
function describedBy(path: string, problems: () => string[], ...others: (string | false | undefined)[]) {
  const ids = [...others.filter(Boolean), problems().length > 0 && `${fieldId(path)}-problems`]
    .filter(Boolean)
    .join(' ');
  return {
    'aria-invalid': problems().length > 0 ? ('true' as const) : undefined,
    'aria-describedby': ids || undefined,
  };
}

function Field(props: Base & { children: JSX.Element }) {
  return (
    <div class="field">
      <label for={fieldId(props.path)}>{props.label}</label>
      {props.children}
      <Show when={props.hint}>
        <p class="hint" id={`${fieldId(props.path)}-hint`}>
          {props.hint}
        </p>
      </Show>
      <FieldProblems path={props.path} />
    </div>
  );
}

/**
 * A text input (or a plain text area with `multiline`). `commitOnChange` applies the value when the field is
 * left rather than on each keystroke, for keys of a record, which must not change under the caret.
 */
export function TextField(
  props: Base & {
    value: string | undefined;
    onInput: (value: string) => void;
    maxLength?: number;
    placeholder?: string;
    multiline?: boolean;
    commitOnChange?: boolean;
    /** Called on every keystroke even with `commitOnChange`, to check the value before it is applied. */
    onTyping?: (value: string) => void;
  },
) {
  const handlers = () =>
    props.commitOnChange
      ? {
          onChange: (e: { currentTarget: { value: string } }) => props.onInput(e.currentTarget.value),
          onInput: (e: { currentTarget: { value: string } }) => props.onTyping?.(e.currentTarget.value),
        }
      : { onInput: (e: { currentTarget: { value: string } }) => props.onInput(e.currentTarget.value) };
  const problems = useProblems(() => props.path);
  const common = () => ({
    id: fieldId(props.path),
    value: props.value ?? '',
    maxLength: props.maxLength,
    placeholder: props.placeholder,
    ...describedBy(props.path, problems, props.hint && `${fieldId(props.path)}-hint`),
    ...handlers(),
  });
  return (
    <Field {...props}>
      {props.multiline ? <textarea rows={3} {...common()} /> : <input {...common()} />}
    </Field>
  );
}

export function NumberField(
  props: Base & {
    value: number | undefined;
    onInput: (value: number) => void;
    min?: number;
    max?: number;
    step?: number;
  },
) {
  const problems = useProblems(() => props.path);
  return (
    <Field {...props}>
      <input
        id={fieldId(props.path)}
        {...describedBy(props.path, problems)}
        type="number"
        value={props.value ?? ''}
        min={props.min}
        max={props.max}
        step={props.step ?? 'any'}
        onInput={(e) => {
          // Half-typed numbers ("-", "") wait until they are numbers.
          const value = e.currentTarget.valueAsNumber;
          if (Number.isFinite(value)) props.onInput(value);
        }}
      />
    </Field>
  );
}

export function CheckField(props: Base & { checked: boolean; onChange: (checked: boolean) => void }) {
  const problems = useProblems(() => props.path);
  return (
    <>
      <div class="field field-check">
        <input
          id={fieldId(props.path)}
          type="checkbox"
          checked={props.checked}
          {...describedBy(props.path, problems)}
          onChange={(e) => props.onChange(e.currentTarget.checked)}
        />
        <label for={fieldId(props.path)}>{props.label}</label>
      </div>
      <FieldProblems path={props.path} />
    </>
  );
}

export type Option = { value: string; label: string };

export function SelectField(
  props: Base & {
    value: string | undefined;
    options: Option[];
    onChange: (value: string) => void;
    placeholder?: string;
  },
) {
  const problems = useProblems(() => props.path);
  return (
    <Field {...props}>
      <select
        id={fieldId(props.path)}
        value={props.value ?? ''}
        {...describedBy(props.path, problems)}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <Show when={props.placeholder !== undefined || !props.options.some((o) => o.value === props.value)}>
          {/* A named placeholder ("Not rated") is a real choice; the bare "Choose…" only marks a missing value. */}
          <option value="" disabled={props.placeholder === undefined}>
            {props.placeholder ?? 'Choose…'}
          </option>
        </Show>
        {/* Each option knows whether it is selected, so the choice survives the list being rebuilt. */}
        <For each={props.options}>
          {(o) => (
            <option value={o.value} selected={o.value === props.value}>
              {o.label}
            </option>
          )}
        </For>
      </select>
    </Field>
  );
}

/** A Markdown text area with a preview rendered exactly as players will see it. */
export function MarkdownField(
  props: Base & {
    value: string | undefined;
    onInput: (value: string) => void;
    maxLength: number;
    rows?: number;
  },
) {
  const [preview, setPreview] = createSignal(false);
  const problems = useProblems(() => props.path);
  return (
    <div class="field">
      <div class="field-head">
        <label for={fieldId(props.path)}>{props.label}</label>
        <button
          type="button"
          class="link-button small-button"
          aria-pressed={preview()}
          onClick={() => setPreview((p) => !p)}
        >
          {preview() ? 'Hide preview' : 'Preview'}
        </button>
      </div>
      <textarea
        id={fieldId(props.path)}
        rows={props.rows ?? 4}
        maxLength={props.maxLength}
        value={props.value ?? ''}
        {...describedBy(props.path, problems, `${fieldId(props.path)}-count`)}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <FieldProblems path={props.path} />
      <p class="hint" id={`${fieldId(props.path)}-count`}>
        Markdown: blank lines between paragraphs, “- ” lists, **bold**, *italic*, [links](https://…).{' '}
        {(props.value ?? '').length} / {props.maxLength}
      </p>
      <Show when={preview()}>
        <div class="markdown-preview" aria-label={`Preview of ${props.label}`} role="region">
          <Markdown text={props.value ?? ''} />
        </div>
      </Show>
    </div>
  );
}

/** A small "Remove" button whose accessible name says what it removes. */
export function RemoveButton(props: { label: string; onClick: () => void }) {
  return (
    <button
      type="button"
      class="small-button danger"
      aria-label={props.label}
      onClick={() => props.onClick()}
    >
      Remove
    </button>
  );
}

/** A titled group of fields with a remove button and optional move buttons. */
export function ItemGroup(props: {
  legend: string;
  path: string;
  onRemove?: () => void;
  onMove?: (by: -1 | 1) => void;
  children: JSX.Element;
  class?: string;
}) {
  return (
    <fieldset class={`item-group ${props.class ?? ''}`} id={fieldId(props.path)} tabindex="-1">
      <legend>{props.legend}</legend>
      <div class="item-actions">
        <Show when={props.onMove}>
          <button
            type="button"
            class="small-button"
            aria-label={`Move ${props.legend} up`}
            onClick={() => props.onMove!(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            class="small-button"
            aria-label={`Move ${props.legend} down`}
            onClick={() => props.onMove!(1)}
          >
            ↓
          </button>
        </Show>
        <Show when={props.onRemove}>
          <RemoveButton label={`Remove ${props.legend}`} onClick={() => props.onRemove!()} />
        </Show>
      </div>
      <FieldProblems path={props.path} />
      {props.children}
    </fieldset>
  );
}

/** Moves an array item by one place, in place. */
export function move<T>(list: T[], index: number, by: -1 | 1) {
  const to = index + by;
  if (to < 0 || to >= list.length) return;
  const [item] = list.splice(index, 1);
  list.splice(to, 0, item!);
}

/** An id not used yet, from a stem: `new-node`, `new-node-2`, … */
export function freshId(stem: string, taken: Iterable<string>) {
  const used = new Set(taken);
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n++) if (!used.has(`${stem}-${n}`)) return `${stem}-${n}`;
}
