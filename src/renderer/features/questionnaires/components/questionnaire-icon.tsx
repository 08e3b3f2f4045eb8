/** The questionnaires menu icon (a clipboard with a check), drawn like the app's other line icons. */
import { makeIcon } from '../../../components/icons';

export const IconQuestionnaire = makeIcon([
  'M9 4h6v3H9z',
  'M9 5H6a1 1 0 0 0-1 1v14a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V6a1 1 0 0 0-1-1h-3',
  'M9 14l2 2 4-4',
]);
