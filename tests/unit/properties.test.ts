import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choose, debriefNotes, replay, start, view, holds, type RunState } from '../../api/engine';
import { shippedScenarios } from '../fixtures/shipped-scenarios';

// A playthrough is a seed plus, at each decision, an index into the choices on offer.
const playthrough = fc.record({
  seed: fc.string({ maxLength: 12 }),
  picks: fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
});

describe.each(shippedScenarios)('$file under random play', ({ scenario }) => {
  const sides = scenario.sides.filter((s) => s.playable);
  const bound = scenario.nodes.length;

  it.each(sides.map((s) => s.id))(
    'as %s: ends within the bound, in range, leaking nothing, replayable',
    (side) => {
      const others = scenario.sides.filter((s) => s.id !== side);
      const otherMetrics = scenario.metrics
        .filter((m) => m.owner !== side && m.owner !== 'shared')
        .map((m) => m.id);
      fc.assert(
        fc.property(playthrough, ({ seed, picks }) => {
          const begun = start(scenario, side, seed);
          if (!begun.ok) throw new Error(begun.error.message);
          let state: RunState = begun.value;
          let decisions = 0;
          while (state.nodeId !== null) {
            expect(decisions).toBeLessThan(bound);
            const v = view(state);
            assertNoLeak(v, state);
            const choices = v.decision!.choices;
            const next = choose(state, choices[picks[decisions % picks.length]! % choices.length]!.id);
            if (!next.ok) throw new Error(next.error.message);
            state = next.value;
            decisions++;
          }
          for (const metric of scenario.metrics) {
            for (const step of state.path) {
              expect(step.metrics[metric.id]).toBeGreaterThanOrEqual(metric.min);
              expect(step.metrics[metric.id]).toBeLessThanOrEqual(metric.max);
            }
          }
          const final = view(state);
          assertNoLeak(final, state);
          expect(final.ending?.id).toBe(state.endingId);
          // Path notes: exactly those whose condition holds, in order; the others' text never reaches the player.
          const notes = debriefNotes(
            scenario,
            scenario.endings.find((e) => e.id === state.endingId)!.debrief[side]?.pathNotes,
          );
          const shown = notes.filter((n) => holds(n.when, state)).map((n) => n.text);
          expect(final.ending!.debrief!.pathNotes.map((n) => n.text)).toEqual(shown);
          const finalText = JSON.stringify(final);
          for (const note of notes)
            if (!shown.includes(note.text) && note.text.length > 30)
              expect(finalText).not.toContain(note.text);
          const rebuilt = replay(scenario, side, seed, state.decisions);
          expect(rebuilt.ok && rebuilt.value.path).toEqual(state.path);
          expect(rebuilt.ok && rebuilt.value.endingId).toBe(state.endingId);
        }),
        { numRuns: 150 },
      );

      function assertNoLeak(v: ReturnType<typeof view>, state: RunState) {
        const text = JSON.stringify(v);
        const chosenByPlayer = new Set(
          state.path.filter((p) => p.kind === 'decision').map((p) => p.choiceId),
        );
        for (const node of scenario.nodes) {
          for (const choice of node.choices ?? []) {
            // Feedback is shown only for the player's own choices, and only after they make them.
            if (!chosenByPlayer.has(choice.id) && choice.feedback.length > 30)
              expect(text).not.toContain(choice.feedback);
          }
          if (node.side !== null && node.side !== side && node.body.length > 30)
            expect(text).not.toContain(node.body);
          for (const other of others) {
            const privateText = node.private?.[other.id];
            if (privateText) expect(text).not.toContain(privateText);
          }
        }
        for (const other of others) expect(text).not.toContain(other.briefing);
        for (const metric of otherMetrics) expect(text).not.toContain(`"${metric}"`);
        if (v.decision) {
          for (const choice of v.decision.choices) {
            expect(Object.keys(choice).every((k) => ['id', 'label', 'detail', 'justify'].includes(k))).toBe(
              true,
            );
          }
          expect(text).not.toContain('"historical"');
        }
        if (v.status === 'deciding') expect(v.ending).toBeNull();
      }
      // 150 playthroughs with a leak scan at every step: seconds on the larger files, more on a shared machine.
    },
    60_000,
  );
});
