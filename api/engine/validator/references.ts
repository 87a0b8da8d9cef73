import { END, SHARED } from '../constants';
import type { Condition, Next, Scenario } from '../schema';
import type { Problem, ProblemRule } from './problems';

/** Duplicate ids and references to things that do not exist (sides, metrics, sources, targets, choices, flags). */
export function checkReferences(scenario: Scenario, problems: Problem[]) {
  const add = (path: string, rule: ProblemRule, message: string, at?: Problem['at']) =>
    problems.push(at ? { path, rule, message, at } : { path, rule, message });

  const seen = (list: { id: string }[], path: string, kind: string, registry = new Map<string, string>()) => {
    list.forEach((item, i) => {
      const earlier = registry.get(item.id);
      if (earlier)
        add(`${path}[${i}].id`, 'duplicate-id', `The ${kind} id "${item.id}" is already used at ${earlier}.`);
      else registry.set(item.id, `${path}[${i}]`);
    });
    return registry;
  };
  const sideIds = seen(scenario.sides, 'sides', 'side');
  const metricIds = seen(scenario.metrics, 'metrics', 'metric');
  const sourceIds = seen(scenario.sources, 'sources', 'source');
  // Nodes and endings share one namespace: both are targets of `next`.
  const targets = seen(scenario.nodes, 'nodes', 'node');
  seen(scenario.endings, 'endings', 'ending or node', targets);
  const nodeIds = new Set(scenario.nodes.map((n) => n.id));
  const choiceIds = new Map<string, string>();
  const flagsSet = new Set<string>();
  scenario.nodes.forEach((node, n) =>
    node.choices?.forEach((choice, c) => {
      const path = `nodes[${n}].choices[${c}]`;
      const earlier = choiceIds.get(choice.id);
      if (earlier)
        add(
          `${path}.id`,
          'duplicate-id',
          `The choice id "${choice.id}" is already used at ${earlier}; choice ids are unique across the scenario.`,
          { nodeId: node.id, choiceId: choice.id },
        );
      else choiceIds.set(choice.id, path);
      for (const flag of Object.keys(choice.effects?.flags ?? {})) flagsSet.add(flag);
    }),
  );

  const playable = scenario.sides.filter((s) => s.playable);
  if (playable.length === 0) add('sides', 'structure', 'At least one side must be playable.');
  for (const side of playable) {
    if (!scenario.scoring[side.id])
      add('scoring', 'missing-reference', `The playable side "${side.id}" has no scoring weights.`);
  }
  for (const [sideId, weights] of Object.entries(scenario.scoring)) {
    if (!sideIds.has(sideId))
      add(
        `scoring.${sideId}`,
        'missing-reference',
        `Scoring names the side "${sideId}", which does not exist.`,
      );
    for (const metricId of Object.keys(weights)) {
      if (!metricIds.has(metricId))
        add(
          `scoring.${sideId}.${metricId}`,
          'missing-reference',
          `Scoring weighs the metric "${metricId}", which does not exist.`,
        );
    }
  }
  scenario.metrics.forEach((metric, i) => {
    if (metric.owner !== SHARED && !sideIds.has(metric.owner))
      add(
        `metrics[${i}].owner`,
        'missing-reference',
        `The owner "${metric.owner}" is neither a side nor "${SHARED}".`,
      );
  });
  if (!nodeIds.has(scenario.start))
    add('start', 'missing-reference', `The start node "${scenario.start}" does not exist.`);

  const checkTarget = (target: string, path: string, at: Problem['at']) => {
    if (target !== END && !targets.has(target))
      add(path, 'missing-reference', `"${target}" is neither a node, an ending nor ${END}.`, at);
  };
  const checkCondition = (condition: Condition, path: string, at: Problem['at']) => {
    if ('all' in condition) condition.all.forEach((c, i) => checkCondition(c, `${path}.all[${i}]`, at));
    else if ('any' in condition) condition.any.forEach((c, i) => checkCondition(c, `${path}.any[${i}]`, at));
    else if ('not' in condition) checkCondition(condition.not, `${path}.not`, at);
    else if ('metric' in condition) {
      if (!metricIds.has(condition.metric))
        add(`${path}.metric`, 'missing-reference', `The metric "${condition.metric}" does not exist.`, at);
    } else if ('chose' in condition) {
      if (!choiceIds.has(condition.chose))
        add(`${path}.chose`, 'missing-reference', `The choice "${condition.chose}" does not exist.`, at);
    } else if (!flagsSet.has(condition.flag) && condition.is)
      add(`${path}.flag`, 'missing-reference', `No choice ever sets the flag "${condition.flag}".`, at);
  };
  const checkNext = (next: Next, path: string, at: Problem['at']) => {
    if (typeof next === 'string') return checkTarget(next, path, at);
    next.branches.forEach((b, i) => {
      checkCondition(b.when, `${path}.branches[${i}].when`, at);
      checkTarget(b.goto, `${path}.branches[${i}].goto`, at);
    });
    checkTarget(next.otherwise, `${path}.otherwise`, at);
  };
  const checkSources = (refs: { source: string }[] | undefined, path: string, at: Problem['at']) =>
    refs?.forEach((ref, i) => {
      if (!sourceIds.has(ref.source))
        add(`${path}[${i}].source`, 'missing-reference', `The source "${ref.source}" does not exist.`, at);
    });

  scenario.nodes.forEach((node, n) => {
    const path = `nodes[${n}]`;
    const at = { nodeId: node.id };
    if (node.side !== null && !sideIds.has(node.side))
      add(`${path}.side`, 'missing-reference', `The side "${node.side}" does not exist.`, at);
    for (const sideId of Object.keys(node.private ?? {})) {
      if (!sideIds.has(sideId))
        add(`${path}.private.${sideId}`, 'missing-reference', `The side "${sideId}" does not exist.`, at);
    }
    checkSources(node.sources, `${path}.sources`, at);
    if (node.sources.length === 0) add(`${path}.sources`, 'uncited', `"${node.title}" cites no source.`, at);
    const choices = node.choices ?? [];
    if (node.side === null) {
      if (choices.length > 0)
        add(`${path}.choices`, 'structure', 'A narrated event (side null) has no choices; use `next`.', at);
      if (node.next === undefined)
        add(path, 'dead-end', `The narrated event "${node.title}" has no \`next\`: runs stop here.`, at);
      else checkNext(node.next, `${path}.next`, at);
      return;
    }
    if (node.next !== undefined)
      add(`${path}.next`, 'structure', 'A decision moves on through its choices; remove `next`.', at);
    if (choices.length === 0)
      add(path, 'dead-end', `The decision "${node.title}" has no choices: runs stop here.`, at);
    const historical = choices.filter((c) => c.historical);
    if (choices.length > 0 && historical.length === 0)
      add(
        `${path}.choices`,
        'no-historical-choice',
        `No choice of "${node.title}" is marked historical.`,
        at,
      );
    if (historical.length > 1)
      add(
        `${path}.choices`,
        'no-historical-choice',
        `${historical.length} choices of "${node.title}" are marked historical; mark one.`,
        at,
      );
    const own = new Set(choices.map((c) => c.id));
    if (node.timeLimit && !own.has(node.timeLimit.defaultChoice))
      add(
        `${path}.timeLimit.defaultChoice`,
        'missing-reference',
        `"${node.timeLimit.defaultChoice}" is not a choice of this node.`,
        at,
      );
    if (node.counterpart?.policy === 'weighted') {
      node.counterpart.weights.forEach((w, i) => {
        if (!own.has(w.choice))
          add(
            `${path}.counterpart.weights[${i}].choice`,
            'missing-reference',
            `"${w.choice}" is not a choice of this node.`,
            at,
          );
        w.adjust?.forEach((a, j) =>
          checkCondition(a.when, `${path}.counterpart.weights[${i}].adjust[${j}].when`, at),
        );
      });
    }
    choices.forEach((choice, c) => {
      const cpath = `${path}.choices[${c}]`;
      const cat = { nodeId: node.id, choiceId: choice.id };
      for (const metricId of Object.keys(choice.effects?.metrics ?? {})) {
        if (!metricIds.has(metricId))
          add(
            `${cpath}.effects.metrics.${metricId}`,
            'missing-reference',
            `The metric "${metricId}" does not exist.`,
            cat,
          );
      }
      checkSources(choice.sources, `${cpath}.sources`, cat);
      checkNext(choice.next, `${cpath}.next`, cat);
    });
  });

  const sharedNotes = new Set((scenario.pathNotes ?? []).map((n) => n.id));
  scenario.endings.forEach((ending, i) => {
    const path = `endings[${i}]`;
    const at = { endingId: ending.id };
    if (ending.when) checkCondition(ending.when, `${path}.when`, at);
    checkSources(ending.sources, `${path}.sources`, at);
    if (ending.sources.length === 0)
      add(`${path}.sources`, 'uncited', `The ending "${ending.title}" cites no source.`, at);
    for (const [sideId, debrief] of Object.entries(ending.debrief)) {
      debrief.pathNotes?.forEach((note, j) => {
        const npath = `${path}.debrief.${sideId}.pathNotes[${j}]`;
        if (typeof note === 'string') {
          if (!sharedNotes.has(note))
            add(npath, 'missing-reference', `The path note "${note}" is not defined in \`pathNotes\`.`, at);
          return;
        }
        checkCondition(note.when, `${npath}.when`, at);
        checkSources(note.sources, `${npath}.sources`, at);
      });
    }
    for (const side of playable) {
      if (!ending.debrief[side.id])
        add(
          `${path}.debrief`,
          'missing-reference',
          `The ending "${ending.title}" has no debrief for ${side.label}.`,
          at,
        );
    }
  });

  // Format version 3: guards, conditional fragments and shared path notes.
  const noteIds = new Set<string>();
  scenario.pathNotes?.forEach((note, i) => {
    if (noteIds.has(note.id))
      add(`pathNotes[${i}].id`, 'duplicate-id', `The path note id "${note.id}" is already used.`);
    noteIds.add(note.id);
    checkCondition(note.when, `pathNotes[${i}].when`, {});
    checkSources(note.sources, `pathNotes[${i}].sources`, {});
  });
  const guarded: [unknown, string, Problem['at']][] = [];
  scenario.nodes.forEach((node, n) => {
    guarded.push([node.presumes, `nodes[${n}].presumes`, { nodeId: node.id }]);
    node.bodyIf?.forEach((f, j) =>
      guarded.push([f.when, `nodes[${n}].bodyIf[${j}].when`, { nodeId: node.id }]),
    );
    node.choices?.forEach((choice, c) => {
      const cat = { nodeId: node.id, choiceId: choice.id };
      guarded.push([choice.presumes, `nodes[${n}].choices[${c}].presumes`, cat]);
      choice.feedbackIf?.forEach((f, j) =>
        guarded.push([f.when, `nodes[${n}].choices[${c}].feedbackIf[${j}].when`, cat]),
      );
    });
  });
  scenario.endings.forEach((ending, e) => {
    const at = { endingId: ending.id };
    guarded.push([ending.presumes, `endings[${e}].presumes`, at]);
    ending.textIf?.forEach((f, j) => guarded.push([f.when, `endings[${e}].textIf[${j}].when`, at]));
    for (const [sideId, d] of Object.entries(ending.debrief)) {
      const dp = `endings[${e}].debrief.${sideId}`;
      guarded.push([d.presumes, `${dp}.presumes`, at]);
      d.whatHappenedIf?.forEach((f, j) => guarded.push([f.when, `${dp}.whatHappenedIf[${j}].when`, at]));
      d.analysisIf?.forEach((f, j) => guarded.push([f.when, `${dp}.analysisIf[${j}].when`, at]));
    }
  });
  const usesVersion3 =
    (scenario.pathNotes?.length ?? 0) > 0 ||
    guarded.some(([c]) => c !== undefined) ||
    scenario.endings.some((e) =>
      Object.values(e.debrief).some((d) => d.pathNotes?.some((n) => typeof n === 'string')),
    );
  if (usesVersion3 && scenario.formatVersion < 3)
    add(
      'formatVersion',
      'structure',
      'Guards, conditional fragments and shared path notes need "formatVersion": 3.',
    );
  for (const [c, path, at] of guarded) if (c !== undefined) checkCondition(c as Condition, path, at);

  if (scenario.checks && scenario.formatVersion < 2) {
    add('formatVersion', 'structure', 'Knowledge checks need "formatVersion": 2.');
  }
  const checkIds = new Map<string, string>();
  scenario.checks?.forEach((check, i) => {
    const path = `checks[${i}]`;
    const at = { checkId: check.id };
    const earlier = checkIds.get(check.id);
    if (earlier)
      add(`${path}.id`, 'duplicate-id', `The question id "${check.id}" is already used at ${earlier}.`, at);
    else checkIds.set(check.id, path);
    const optionIds = new Map<string, number>();
    check.options.forEach((option, j) => {
      const before = optionIds.get(option.id);
      if (before !== undefined)
        add(
          `${path}.options[${j}].id`,
          'duplicate-id',
          `The option id "${option.id}" is already used at options[${before}].`,
          at,
        );
      else optionIds.set(option.id, j);
    });
    if (!check.options.some((o) => o.correct))
      add(`${path}.options`, 'no-correct-option', 'Mark at least one option correct.', at);
    const slots = new Set<string>();
    check.placements.forEach((placement, j) => {
      if (slots.has(placement.at))
        add(
          `${path}.placements[${j}]`,
          'duplicate-id',
          `The question is already placed "${placement.at}"; each place once.`,
          at,
        );
      slots.add(placement.at);
      if (placement.at === 'node' && !nodeIds.has(placement.node))
        add(
          `${path}.placements[${j}].node`,
          'missing-reference',
          `The node "${placement.node}" does not exist.`,
          at,
        );
    });
    checkSources(check.sources, `${path}.sources`, at);
    if (check.sources.length === 0)
      add(`${path}.sources`, 'uncited', 'The question cites no source for its answer.', at);
  });
}
