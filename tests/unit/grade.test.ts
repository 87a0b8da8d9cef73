import { describe, expect, it } from 'vitest';
import { gradeOf, GRADES } from '../../api/lib/grade';

const finished = { status: 'finished', score: 62, historicalAlignment: 0.456, knowledgeScore: 0.75 };

describe('gradeOf: the one grade setting of an assignment', () => {
  it('gives each figure out of 100', () => {
    expect(GRADES.map((grade) => gradeOf(grade, finished))).toEqual([62, 75, 46, 100]);
  });

  it('has no knowledge grade before any answer, and no completion before the end', () => {
    expect(gradeOf('knowledge', { ...finished, knowledgeScore: null })).toBeNull();
    expect(gradeOf('alignment', { ...finished, historicalAlignment: null })).toBeNull();
    expect(gradeOf('completion', { ...finished, status: 'in_progress' })).toBe(0);
  });
});
