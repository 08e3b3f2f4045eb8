// @vitest-environment jsdom
/**
 * Builder components: the formula field shows where a formula breaks (character number and caret),
 * and the range editor names overlaps, gaps and uncovered ends under the range concerned.
 */
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { FormulaField } from '../../src/renderer/features/questionnaires/components/formula-field';
import { RangeEditor } from '../../src/renderer/features/questionnaires/components/range-editor';
import type { RangeDefinition } from '../../src/shared/domain/questionnaires/definition';
import { renderWithApp } from './support/render';

afterEach(cleanup);

/** As in the app (Mantine, French i18n); a missing French text fails the test. */
function wrap(node: ReactNode) {
  return renderWithApp(<>{node}</>);
}

function ControlledFormula({ initial }: { initial?: string }) {
  const [value, setValue] = useState<string | undefined>(initial);
  return <FormulaField value={value} onChange={setValue} />;
}

describe('FormulaField', () => {
  it('shows the position of a parse error, as the user types', () => {
    wrap(<ControlledFormula />);
    const input = screen.getByLabelText('Formule (facultative)');
    fireEvent.change(input, { target: { value: 'min(value, 3) * * weight' } });
    // 0-based offset 16 → the 17th character.
    expect(screen.getByText('Formule invalide : erreur au caractère 17.')).toBeTruthy();
    const caret = screen.getByTestId('formula-error');
    expect(caret.getAttribute('data-position')).toBe('16');
    expect(caret.textContent).toBe(`min(value, 3) * * weight\n${' '.repeat(16)}^`);
    expect(input.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(input, { target: { value: 'min(value, 3) * weight' } });
    expect(screen.queryByTestId('formula-error')).toBeNull();
    expect(screen.getByText('Formule valide.')).toBeTruthy();
  });

  it('reports unknown names and unbalanced parentheses where they are', () => {
    wrap(<ControlledFormula initial="value * poids" />);
    expect(screen.getByTestId('formula-error').getAttribute('data-position')).toBe('8');
    fireEvent.change(screen.getByLabelText('Formule (facultative)'), { target: { value: 'round(value' } });
    expect(screen.getByText(/erreur au caractère 12\./)).toBeTruthy();
  });

  it('accepts an empty formula (the rule then uses value × weight)', () => {
    wrap(<ControlledFormula initial="" />);
    expect(screen.queryByTestId('formula-error')).toBeNull();
    expect(screen.queryByText('Formule valide.')).toBeNull();
  });
});

function ControlledRanges({ initial, min = 0, max = 20 }: { initial: RangeDefinition[]; min?: number; max?: number }) {
  const [ranges, setRanges] = useState(initial);
  return <RangeEditor category={{ minScore: min, maxScore: max, ranges }} onChange={setRanges} />;
}

const range = (minValue: number, maxValue: number, label = `${minValue}-${maxValue}`): RangeDefinition => ({
  minValue,
  maxValue,
  label,
  interpretation: 'Texte',
});

describe('RangeEditor', () => {
  it('flags an overlap under the overlapping range', () => {
    wrap(<ControlledRanges initial={[range(0, 9), range(8, 20)]} />);
    const second = screen.getByTestId('range-1');
    expect(second.textContent).toContain('chevauche une autre plage sur 8 à 9');
    expect(screen.getByTestId('range-0').textContent).not.toContain('chevauche');
  });

  it('flags a gap and an uncovered end, and clears them once fixed', () => {
    wrap(<ControlledRanges initial={[range(0, 5), range(8, 15)]} />);
    expect(screen.getByTestId('range-1').textContent).toContain('aucune plage ne couvre 6 à 7');
    // 16..20 is not covered either (reported on the range that ends last).
    expect(screen.getByTestId('range-1').textContent).toContain('aucune plage ne couvre 16 à 20');

    const [from] = screen.getAllByLabelText('De').slice(1);
    fireEvent.change(from!, { target: { value: '6' } });
    const to = screen.getAllByLabelText('À')[1]!;
    fireEvent.change(to, { target: { value: '20' } });
    expect(screen.queryAllByTestId('range-problem')).toHaveLength(0);
    expect(screen.getByText('Les plages couvrent 0 à 20 sans chevauchement ni trou.')).toBeTruthy();
  });

  it('flags a range outside the bounds and inverted bounds of the category', () => {
    wrap(<ControlledRanges initial={[range(0, 10), range(11, 25)]} />);
    expect(screen.getByTestId('range-1').textContent).toContain('la plage 11 à 25 sort de l’intervalle 0 à 20');
    cleanup();
    wrap(<ControlledRanges initial={[range(0, 10)]} min={10} max={5} />);
    expect(screen.getByTestId('range-problem-general').textContent).toContain(
      'le score maximum doit être supérieur au score minimum',
    );
  });
});
