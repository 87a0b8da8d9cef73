import { For } from 'solid-js';
import { LIMITS } from '../../../../api/engine';
import { useEditor } from '../context';
import {
  CheckField,
  freshId,
  ItemGroup,
  MarkdownField,
  move,
  NumberField,
  SelectField,
  TextField,
} from '../fields';
import { IdField, removeAt } from './shared';

/** The scenario's title, summary, length and first node. */
export function MetadataForm() {
  const { session, options } = useEditor();
  const s = session.scenario;
  return (
    <section class="panel form-section" aria-labelledby="meta-heading">
      <h2 id="meta-heading">Scenario</h2>
      <TextField
        label="Title"
        path="title"
        value={s.title}
        maxLength={LIMITS.label}
        onInput={(v) => session.edit(() => (s.title = v))}
      />
      <p class="hint">
        Address: <code>/scenarios/{s.slug}</code> (the slug is fixed; duplicate the scenario to get another).
      </p>
      <TextField
        label="Summary (shown in the catalog)"
        path="summary"
        multiline
        value={s.summary}
        maxLength={LIMITS.shortText}
        onInput={(v) => session.edit(() => (s.summary = v))}
      />
      <NumberField
        label="Estimated minutes"
        path="estimatedMinutes"
        min={1}
        max={600}
        step={1}
        value={s.estimatedMinutes}
        onInput={(v) => session.edit(() => (s.estimatedMinutes = v))}
      />
      <SelectField
        label="First node"
        path="start"
        value={s.start}
        options={options().nodes}
        onChange={(v) => session.edit(() => (s.start = v))}
      />
    </section>
  );
}

/** The sides: who they are, whether a player can take them, and their briefings. */
export function SidesForm() {
  const { session } = useEditor();
  const s = session.scenario;
  const add = () =>
    session.edit(() =>
      s.sides.push({
        id: freshId(
          'side',
          s.sides.map((x) => x.id),
        ),
        label: 'New side',
        actor: 'Who holds this chair',
        playable: true,
        briefing: '',
      }),
    );
  return (
    <section class="panel form-section" aria-labelledby="sides-heading">
      <h2 id="sides-heading">Sides</h2>
      <p class="hint">
        Each side has a briefing only its players see. Sides that are not playable still decide, as the
        counterpart.
      </p>
      <For each={s.sides}>
        {(side, i) => (
          <ItemGroup
            legend={`Side ${side.label || side.id}`}
            path={`sides[${i()}]`}
            onRemove={() => session.edit(() => removeAt(s.sides, i()))}
            onMove={(by) => session.edit(() => move(s.sides, i(), by))}
          >
            <IdField item={side} kind="side" path={`sides[${i()}]`} />
            <TextField
              label="Name"
              path={`sides[${i()}].label`}
              value={side.label}
              maxLength={LIMITS.label}
              onInput={(v) => session.edit(() => (side.label = v))}
            />
            <TextField
              label="Who holds this chair"
              path={`sides[${i()}].actor`}
              value={side.actor}
              maxLength={LIMITS.label}
              onInput={(v) => session.edit(() => (side.actor = v))}
            />
            <CheckField
              label="Players can take this side"
              path={`sides[${i()}].playable`}
              checked={side.playable}
              onChange={(v) => session.edit(() => (side.playable = v))}
            />
            <MarkdownField
              label="Briefing"
              path={`sides[${i()}].briefing`}
              rows={6}
              value={side.briefing}
              maxLength={LIMITS.markdown}
              onInput={(v) => session.edit(() => (side.briefing = v))}
            />
          </ItemGroup>
        )}
      </For>
      <button type="button" class="button button-secondary" onClick={add}>
        Add a side
      </button>
    </section>
  );
}
