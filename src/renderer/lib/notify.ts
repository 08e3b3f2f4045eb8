/** Toasts in plain French. */
import { notifications } from '@mantine/notifications';
import i18next from 'i18next';
import { errorMessage } from './errors';

export function notifyError(error: unknown, title?: string): void {
  notifications.show({
    color: 'red',
    title: title ?? i18next.t('common:toast.errorTitle'),
    message: errorMessage(i18next.t, error),
    autoClose: 8000,
  });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'jalon', message, autoClose: 3000 });
}

export function notifyWarning(title: string, message: string): void {
  notifications.show({ color: 'orange', title, message, autoClose: 8000 });
}
