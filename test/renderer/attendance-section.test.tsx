// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Appointment } from '../../src/shared/api/planning.api';
import { AttendanceSection, attendanceOpen } from '../../src/renderer/features/planning/components/attendance-section';
import { fakeBridge, renderWithApp } from './support/render';

// jsdom has no canvas: the pad draws nothing (drawing is covered by the documents tests).
beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const APPOINTMENT: Appointment = {
  id: '0190cafe-0000-7000-8000-000000000001',
  assessmentId: '0190cafe-0000-7000-8000-00000000000a',
  consultantId: '0190cafe-0000-7000-8000-0000000000c1',
  consultantName: 'Julien Lefèvre',
  beneficiaryId: '0190cafe-0000-7000-8000-0000000000b1',
  beneficiaryName: 'Élodie Fournier',
  title: 'Séance',
  description: null,
  appointmentType: 'investigation',
  start: '2026-03-03T13:00:00.000Z',
  end: '2026-03-03T15:00:00.000Z',
  durationMinutes: 120,
  locationType: 'office',
  locationDetails: null,
  videoConferenceLink: null,
  videoConferenceProvider: null,
  status: 'completed',
  notes: null,
  hasSummary: false,
};

describe('AttendanceSection', () => {
  it('is open for a started session that was held only', () => {
    const now = Date.parse('2026-03-03T13:00:00.000Z');
    expect(attendanceOpen(APPOINTMENT, now)).toBe(true);
    expect(attendanceOpen(APPOINTMENT, now - 1)).toBe(false);
    expect(attendanceOpen({ ...APPOINTMENT, status: 'cancelled' }, now)).toBe(false);
    expect(attendanceOpen({ ...APPOINTMENT, status: 'no_show' }, now)).toBe(false);
  });

  it('shows the collected signature in Paris time and opens the pad for the missing one', async () => {
    const { bridge, invoke } = fakeBridge({
      'appointments:attendance': () => ({
        appointmentId: APPOINTMENT.id,
        beneficiary: { signedAt: '2026-03-03T14:58:00.000Z', signerName: 'Élodie Fournier' },
        consultant: null,
      }),
    });
    renderWithApp(<AttendanceSection appointment={APPOINTMENT} isConsultant />, bridge);
    expect((await screen.findByTestId('attendance-beneficiary-signed')).textContent).toBe(
      'Signé le 03/03/2026 à 15\u00a0h\u00a058',
    );
    expect(screen.queryByRole('button', { name: 'Faire signer le bénéficiaire' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Signer (consultant)' }));
    expect(screen.getByText('Julien Lefèvre, signez pour attester la réalisation de cette séance.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Valider la signature' }).hasAttribute('disabled')).toBe(true);
    expect(invoke).not.toHaveBeenCalledWith('appointments:signAttendance', expect.anything());
  });

  it('another user than the consultant cannot sign as consultant', async () => {
    const { bridge } = fakeBridge({
      'appointments:attendance': () => ({ appointmentId: APPOINTMENT.id, beneficiary: null, consultant: null }),
    });
    renderWithApp(<AttendanceSection appointment={APPOINTMENT} isConsultant={false} />, bridge);
    const beneficiary = await screen.findByRole('button', { name: 'Faire signer le bénéficiaire' });
    // Enabled once the status is loaded; the consultant's button stays disabled for another user.
    await waitFor(() => expect(beneficiary.hasAttribute('disabled')).toBe(false));
    expect(screen.getByRole('button', { name: 'Signer (consultant)' }).hasAttribute('disabled')).toBe(true);
  });
});
