// @vitest-environment jsdom
/**
 * The question editor's lists (options, matrix rows and columns) share one list editor: edit, move,
 * remove, add with a unique key; optional settings (limits of a multiple choice, labels of a scale)
 * disappear from the definition when emptied, as the strict definition schema wants.
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { QuestionEditor } from '../../src/renderer/features/questionnaires/components/question-editor';
import type { QuestionDefinition } from '../../src/shared/domain/questionnaires/definition';
import { renderWithApp } from './support/render';

afterEach(cleanup);

function setup(initial: QuestionDefinition) {
  const seen: { current: QuestionDefinition } = { current: initial };
  function Controlled() {
    const [q, setQ] = useState(initial);
    seen.current = q;
    return (
      <QuestionEditor
        question={q}
        index={0}
        count={1}
        onChange={setQ}
        onMove={() => undefined}
        onRemove={() => undefined}
      />
    );
  }
  renderWithApp(<Controlled />);
  return seen;
}

describe('QuestionEditor lists', () => {
  it('options: edit, move, remove, add with a unique value; an emptied score is dropped', async () => {
    const user = userEvent.setup();
    const q = setup({
      key: 'q1',
      text: 'Votre domaine ?',
      type: 'single_choice',
      isRequired: true,
      options: [
        { value: 'a', text: 'Artisanat', score: 1 },
        { value: 'b', text: 'Bureau', score: 2 },
      ],
    });
    await user.click(screen.getByRole('button', { name: 'Monter : Bureau' }));
    expect(q.current.options.map((o) => o.value)).toEqual(['b', 'a']);
    await user.click(screen.getByRole('button', { name: 'Supprimer : Artisanat' }));
    expect(q.current.options.map((o) => o.value)).toEqual(['b']);
    await user.click(screen.getByRole('button', { name: 'Ajouter une option' }));
    expect(q.current.options).toEqual([
      { value: 'b', text: 'Bureau', score: 2 },
      { value: 'option1', text: '', score: 0 },
    ]);
    const labels = screen.getAllByRole('textbox', { name: 'Libellé' });
    fireEvent.change(labels[1]!, { target: { value: 'Commerce' } });
    fireEvent.change(screen.getAllByRole('textbox', { name: 'Points' })[0]!, { target: { value: '' } });
    expect(q.current.options).toEqual([
      { value: 'b', text: 'Bureau' },
      { value: 'option1', text: 'Commerce', score: 0 },
    ]);
    expect('score' in q.current.options[0]!).toBe(false);
  });

  it('matrix: rows and columns are both list editors', async () => {
    const user = userEvent.setup();
    const q = setup({
      key: 'm',
      text: 'Évaluez',
      type: 'matrix',
      isRequired: true,
      options: [],
      config: {
        rows: [
          { key: 'ligne1', text: 'Autonomie' },
          { key: 'ligne2', text: 'Rigueur' },
        ],
        columns: [
          { value: 'non', text: 'Non', score: 0 },
          { value: 'oui', text: 'Oui', score: 1 },
        ],
      },
    });
    const rows = () => (q.current.type === 'matrix' ? q.current.config.rows : []);
    const columns = () => (q.current.type === 'matrix' ? q.current.config.columns : []);
    fireEvent.change(screen.getAllByRole('textbox', { name: 'Ligne' })[1]!, { target: { value: 'Rigueur, méthode' } });
    await user.click(screen.getByRole('button', { name: 'Descendre : Autonomie' }));
    await user.click(screen.getByRole('button', { name: 'Ajouter une ligne' }));
    expect(rows()).toEqual([
      { key: 'ligne2', text: 'Rigueur, méthode' },
      { key: 'ligne1', text: 'Autonomie' },
      { key: 'ligne3', text: '' },
    ]);
    await user.click(screen.getByRole('button', { name: 'Ajouter une colonne' }));
    await user.click(screen.getByRole('button', { name: 'Supprimer : Non' }));
    expect(columns().map((c) => c.value)).toEqual(['oui', 'option1']);
  });

  it('optional settings: multiple-choice limits and scale labels are removed when emptied', () => {
    const mc = setup({ key: 'c', text: 'Choix', type: 'multiple_choice', isRequired: true, options: [] });
    const min = screen.getByRole('textbox', { name: 'Nombre minimum de réponses' });
    fireEvent.change(min, { target: { value: '2' } });
    expect(mc.current).toMatchObject({ config: { minSelected: 2 } });
    fireEvent.change(min, { target: { value: '' } });
    expect(mc.current.type === 'multiple_choice' ? mc.current.config : null).toEqual({});
    cleanup();

    const scale = setup({
      key: 's',
      text: 'Intérêt',
      type: 'scale',
      isRequired: true,
      options: [],
      config: { min: 1, max: 5, minLabel: 'Faible' },
    });
    const card = screen.getByTestId('question-editor-s');
    fireEvent.change(within(card).getByRole('textbox', { name: 'Libellé du maximum' }), { target: { value: 'Fort' } });
    fireEvent.change(within(card).getByRole('textbox', { name: 'Libellé du minimum' }), { target: { value: '' } });
    expect(scale.current.type === 'scale' ? scale.current.config : null).toEqual({ min: 1, max: 5, maxLabel: 'Fort' });
  });
});
