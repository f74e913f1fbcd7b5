// The words for an appointment's status, type, place of service and edit scope.
import type { AppointmentStatus, AppointmentType, EditScope, PlaceOfService } from '../../../../shared/scheduling.js';

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  scheduled: 'Scheduled',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

export const TYPE_LABELS: Record<AppointmentType, string> = {
  video: 'Video',
  audio: 'Audio only',
  in_person: 'In person',
};

export const PLACE_LABELS: Record<PlaceOfService, string> = {
  telehealth_home: "Telehealth in the client's home (POS 10)",
  telehealth_other: 'Telehealth, elsewhere (POS 02)',
  office: 'Office (POS 11)',
};

export const SCOPE_LABELS: Record<EditScope, string> = {
  this: 'This appointment only',
  following: 'This and following appointments',
  all: 'All appointments in the series',
};
