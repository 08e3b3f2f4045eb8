/** The end of every form and dialog: its error, if any, above the cancel and submit buttons. */
import { Alert, Button, Group, type ButtonProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A form-level error (a server refusal not tied to a field), announced to screen readers. */
export function FormError({ error, title }: { error: string | null | undefined; title?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert" {...(title ? { title } : {})}>
      {error}
    </Alert>
  );
}

export interface FormFooterProps {
  /** Shown above the buttons (see FormError). */
  readonly error?: string | null | undefined;
  readonly errorTitle?: string;
  /** The submit button's text. */
  readonly submitLabel: string;
  readonly submitting?: boolean;
  readonly submitColor?: ButtonProps['color'];
  readonly submitVariant?: ButtonProps['variant'];
  /** No cancel button without it. */
  readonly onCancel?: () => void;
  /** Defaults to "Annuler". */
  readonly cancelLabel?: string;
  /** Put on the left of the row (a link, a destructive action…); the buttons then stay on the right. */
  readonly start?: ReactNode;
  /** Extra buttons between cancel and submit. */
  readonly children?: ReactNode;
}

/** Error, then [start] … [cancel] [children] [submit] — the submit button is `type="submit"`. */
export function FormFooter({
  error,
  errorTitle,
  submitLabel,
  submitting = false,
  submitColor,
  submitVariant,
  onCancel,
  cancelLabel,
  start,
  children,
}: FormFooterProps) {
  const { t } = useTranslation();
  const buttons = (
    <Group justify="flex-end">
      {onCancel ? (
        <Button variant="default" onClick={onCancel}>
          {cancelLabel ?? t('common:action.cancel')}
        </Button>
      ) : null}
      {children}
      <Button
        type="submit"
        loading={submitting}
        {...(submitColor !== undefined ? { color: submitColor } : {})}
        {...(submitVariant !== undefined ? { variant: submitVariant } : {})}
      >
        {submitLabel}
      </Button>
    </Group>
  );
  return (
    <>
      <FormError error={error} {...(errorTitle ? { title: errorTitle } : {})} />
      {start ? (
        <Group justify="space-between">
          {start}
          {buttons}
        </Group>
      ) : (
        buttons
      )}
    </>
  );
}
