import { createSignal, For, Show } from 'solid-js';
import { GRADES, type Grade } from '../../../api/lib/grade';
import { t } from '../i18n';
import { api, messageOf, unwrap } from '../lib/api';
import { ErrorNotice } from './status';

/**
 * The one grade setting of an assignment: the `grade` column of the per-run CSV and, for an assignment opened from an
 * LMS, the grade sent to its gradebook.
 */
export function GradeSetting(props: {
  cohortId: string;
  assignmentId: string;
  grade: Grade;
  onChange: (grade: Grade) => void;
}) {
  const [error, setError] = createSignal<string | null>(null);
  const [saving, setSaving] = createSignal(false);

  async function choose(grade: Grade) {
    setError(null);
    setSaving(true);
    try {
      const assignment = await unwrap(
        await api.cohorts[':id'].assignments[':assignmentId'].grade.$put({
          param: { id: props.cohortId, assignmentId: props.assignmentId },
          json: { grade },
        }),
      );
      props.onChange(assignment.grade);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div class="grade-setting">
      <label for="assignment-grade">{t('cohort.grade')}</label>{' '}
      <select
        id="assignment-grade"
        value={props.grade}
        disabled={saving()}
        onChange={(e) => void choose(e.currentTarget.value as Grade)}
      >
        <For each={gradeOptions()}>{([value, label]) => <option value={value}>{label}</option>}</For>
      </select>
      <Show when={error()}>{(message) => <ErrorNotice message={message()} />}</Show>
    </div>
  );
}

const GRADE_KEYS = {
  score: 'cohort.gradeScore',
  knowledge: 'cohort.gradeKnowledge',
  alignment: 'cohort.gradeAlignment',
  completion: 'cohort.gradeCompletion',
} as const satisfies Record<Grade, string>;

/** The grades an assignment may report, each with its label in the reader's language. */
export const gradeOptions = () => GRADES.map((grade) => [grade, t(GRADE_KEYS[grade])] as const);
