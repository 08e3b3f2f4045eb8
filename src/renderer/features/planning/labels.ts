import { appointmentStatus, appointmentType, locationType } from '../../../shared/api/planning.api';

export const APPOINTMENT_TYPES = appointmentType.options;
export const APPOINTMENT_STATUSES = appointmentStatus.options;
export const LOCATION_TYPES = locationType.options;
/** ISO days, Monday first. */
export const WEEK_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
