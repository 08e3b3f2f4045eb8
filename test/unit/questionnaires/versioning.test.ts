import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors.js';
import {
  assertCanEditInPlace,
  canEditInPlace,
  editMode,
  nextVersion,
} from '../../../src/shared/domain/questionnaires/versioning.js';
import { parseQuestionnaireDefinition } from '../../../src/shared/domain/questionnaires/definition.js';
import { VALEURS_TRAVAIL } from '../../../src/shared/content/questionnaires/index.js';
import { sampleDefinition } from './fixtures.js';

const PUBLISHED = '2025-03-01T09:00:00.000Z';

describe('canEditInPlace', () => {
  it.each([
    ['draft without responses', null, 0, true],
    ['published, nobody answered yet', PUBLISHED, 0, true],
    ['published with one response', PUBLISHED, 1, false],
    ['published with many responses', PUBLISHED, 250, false],
    ['draft with responses (test runs) is protected too', null, 3, false],
    ['unknown count (NaN) is treated as in use', PUBLISHED, Number.NaN, false],
    ['negative count is treated as in use', null, -1, false],
    ['fractional count is treated as in use', null, 0.5, false],
    ['infinite count is treated as in use', null, Number.POSITIVE_INFINITY, false],
  ])('%s → %s', (_label, publishedAt, responseCount, expected) => {
    const usage = { publishedAt, responseCount };
    expect(canEditInPlace(usage)).toBe(expected);
    expect(editMode(usage)).toBe(expected ? 'in_place' : 'new_version');
    if (expected) expect(() => assertCanEditInPlace(usage)).not.toThrow();
    else {
      try {
        assertCanEditInPlace(usage);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe('INVALID_TRANSITION');
        expect((e as AppError).rule).toBe('questionnaire_has_responses');
      }
    }
  });
});

describe('nextVersion', () => {
  it('copies the definition with version + 1 and leaves the original untouched', () => {
    const original = sampleDefinition();
    const snapshot = JSON.stringify(original);
    const next = nextVersion(original);
    expect(next.version).toBe(2);
    expect(next.code).toBe(original.code);
    expect({ ...next, version: 1 }).toEqual(original);
    next.sections[0]!.questions[0]!.text = 'Modifié';
    expect(JSON.stringify(original)).toBe(snapshot);
  });

  it('works on frozen shipped questionnaires and yields an editable, valid definition', () => {
    const next = nextVersion(VALEURS_TRAVAIL);
    expect(next.version).toBe(VALEURS_TRAVAIL.version + 1);
    expect(Object.isFrozen(next.sections)).toBe(false);
    expect(parseQuestionnaireDefinition(next)).toEqual(next);
    expect(nextVersion(next).version).toBe(VALEURS_TRAVAIL.version + 2);
  });
});
