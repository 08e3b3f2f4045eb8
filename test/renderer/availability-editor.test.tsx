// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AvailabilityForm,
  type AvailabilityFormInitial,
} from '../../src/renderer/features/planning/components/availability-form';
import { ApiError } from '../../src/renderer/lib/api';
import { renderWithApp } from './support/render';

afterEach(cleanup);

const CONSULTANT = '0193a6d2-7c1e-7aaa-8bbb-0123456789ab';

function setup(initial?: AvailabilityFormInitial, onSubmit = vi.fn((_request: unknown) => Promise.resolve())) {
  renderWithApp(
    <AvailabilityForm
      consultantId={CONSULTANT}
      {...(initial ? { initial } : {})}
      onSubmit={onSubmit}
      onCancel={vi.fn()}
    />,
  );
  return { onSubmit, save: () => userEvent.click(screen.getByRole('button', { name: 'Enregistrer' })) };
}

describe('AvailabilityForm', () => {
  it('refuses an end before the start, on the end field', async () => {
    const { onSubmit, save } = setup({ dayOfWeek: '1', startTime: '14:00', endTime: '10:00' });
    await save();
    expect(await screen.findByText('La fin doit être après le début.')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('refuses a recurring slot without a day', async () => {
    const { onSubmit, save } = setup();
    await save();
    expect(await screen.findByText('Choisissez un jour de la semaine ou une date.')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('refuses a one-off slot without a date, then accepts it with one', async () => {
    const user = userEvent.setup();
    const { onSubmit, save } = setup();
    await user.click(screen.getByText('Date ponctuelle'));
    await save();
    expect(await screen.findByText('Choisissez un jour de la semaine ou une date.')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();

    cleanup();
    const second = setup({
      kind: 'date',
      specificDate: '2026-12-24',
      startTime: '09:00',
      endTime: '12:30',
      isAvailable: false,
    });
    await second.save();
    await waitFor(() => expect(second.onSubmit).toHaveBeenCalledTimes(1));
    expect(second.onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({
        consultantId: CONSULTANT,
        dayOfWeek: null,
        specificDate: '2026-12-24',
        startTime: '09:00',
        endTime: '12:30',
        isAvailable: false,
        recurrenceType: 'none',
      }),
    );
  });

  it('saves a weekly slot as the schema expects it', async () => {
    const { onSubmit, save } = setup({
      dayOfWeek: '2',
      startTime: '09:00',
      endTime: '12:00',
      recurrenceType: 'biweekly',
      notes: 'Bureau de Lyon',
    });
    await save();
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenCalledWith({
      consultantId: CONSULTANT,
      dayOfWeek: 2,
      specificDate: null,
      startTime: '09:00',
      endTime: '12:00',
      isAvailable: true,
      recurrenceType: 'biweekly',
      recurrenceEndDate: null,
      notes: 'Bureau de Lyon',
    });
  });

  it('clears the error once the times are fixed', async () => {
    const user = userEvent.setup();
    const { onSubmit, save } = setup({ dayOfWeek: '1', startTime: '14:00', endTime: '10:00' });
    await save();
    await screen.findByText('La fin doit être après le début.');
    const hours = screen.getByLabelText('Heure de fin');
    await user.clear(hours);
    await user.type(hours, '16');
    await waitFor(() => expect(screen.queryByText('La fin doit être après le début.')).toBeNull());
    await save();
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ startTime: '14:00', endTime: '16:00' })),
    );
  });

  it('puts a server refusal on the field it names', async () => {
    const refuse = vi.fn(() =>
      Promise.reject(
        new ApiError({
          code: 'VALIDATION',
          message: 'endTime: end_before_start',
          field: 'endTime',
          rule: 'custom',
          details: { issues: [{ path: 'endTime', code: 'custom', message: 'end_before_start' }] },
        }),
      ),
    );
    const { save } = setup({ dayOfWeek: '3', startTime: '09:00', endTime: '10:00' }, refuse);
    await save();
    expect(await screen.findByText('La fin doit être après le début.')).toBeTruthy();
  });
});
