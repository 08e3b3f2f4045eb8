/**
 * A small form state hook validated by the shared zod schemas (the same ones main checks), with
 * Mantine-compatible `getInputProps`. Errors are French (lib/errors), shown on the field; a server
 * refusal naming a field lands on that field too.
 */
import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorMessage, serverFieldError, zodFieldErrors } from './errors';

type Values = Record<string, unknown>;

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function setPath<T extends Values>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return obj;
  if (rest.length === 0) return { ...obj, [head]: value };
  const child = (obj[head] ?? {}) as Values;
  return { ...obj, [head]: setPath(child, rest.join('.'), value) };
}

export interface ZodFormOptions<V extends Values, S extends z.ZodType> {
  readonly schema: S;
  readonly initialValues: V;
  /** Form values (strings from inputs) → the schema's input (nulls, numbers…). Identity by default. */
  readonly toInput?: (values: V) => unknown;
  /** Checks the schema cannot express (e.g. a password confirmation): field → French message. */
  readonly check?: (values: V) => Record<string, string>;
}

export interface InputProps {
  /** Text and number inputs; checkboxes get `checked` instead (value undefined). */
  value: string | number | undefined;
  checked?: boolean;
  error: string | undefined;
  onChange: (eventOrValue: unknown) => void;
  onBlur: () => void;
}

export function useZodForm<V extends Values, S extends z.ZodType>(options: ZodFormOptions<V, S>) {
  const { t } = useTranslation();
  const [values, setValues] = useState<V>(options.initialValues);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const submitted = useRef(false);
  const { schema, toInput, check } = options;

  const validate = useCallback(
    (next: V): { ok: true; data: z.output<S> } | { ok: false; errors: Record<string, string> } => {
      const parsed = schema.safeParse(toInput ? toInput(next) : next);
      const extra = check ? check(next) : {};
      const found = { ...(parsed.success ? {} : zodFieldErrors(t, parsed.error)), ...extra };
      return parsed.success && Object.keys(found).length === 0
        ? { ok: true, data: parsed.data }
        : { ok: false, errors: found };
    },
    [schema, toInput, check, t],
  );

  const setFieldValue = useCallback(
    (path: string, value: unknown) => {
      setValues((prev) => {
        const next = setPath(prev, path, value);
        // After a first submit, errors follow the typing so that a fixed field clears at once.
        if (submitted.current) {
          const result = validate(next);
          setErrors(result.ok ? {} : result.errors);
        } else {
          setErrors((e) => {
            if (!(path in e)) return e;
            const { [path]: _gone, ...rest } = e;
            return rest;
          });
        }
        return next;
      });
    },
    [validate],
  );

  const getInputProps = useCallback(
    (path: string, opts: { type?: 'checkbox' } = {}): InputProps => {
      const value = getPath(values, path);
      const onChange = (eventOrValue: unknown): void => {
        let v = eventOrValue;
        if (eventOrValue && typeof eventOrValue === 'object' && 'currentTarget' in eventOrValue) {
          const target = (eventOrValue as { currentTarget: HTMLInputElement }).currentTarget;
          v = opts.type === 'checkbox' ? target.checked : target.value;
        }
        setFieldValue(path, v);
      };
      return {
        ...(opts.type === 'checkbox'
          ? { checked: Boolean(value), value: undefined }
          : { value: typeof value === 'number' || typeof value === 'string' ? value : '' }),
        error: errors[path],
        onChange,
        onBlur: () => undefined,
      };
    },
    [values, errors, setFieldValue],
  );

  const fields = useMemo(() => {
    const out: string[] = [];
    const walk = (obj: unknown, prefix: string): void => {
      if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
        for (const [k, v] of Object.entries(obj)) walk(v, prefix ? `${prefix}.${k}` : k);
      } else out.push(prefix);
    };
    walk(values, '');
    return out;
  }, [values]);

  /** Shows a server refusal: on its field when the form has it, otherwise above the form. */
  const applyServerError = useCallback(
    (error: unknown) => {
      const onField = serverFieldError(t, error, fields);
      if (onField) setErrors((e) => ({ ...e, [onField.field]: onField.message }));
      else setFormError(errorMessage(t, error));
    },
    [t, fields],
  );

  const onSubmit = useCallback(
    (handler: (data: z.output<S>, values: V) => Promise<void> | void) => (event?: FormEvent) => {
      event?.preventDefault();
      submitted.current = true;
      setFormError(null);
      const result = validate(values);
      if (!result.ok) {
        setErrors(result.errors);
        return;
      }
      setErrors({});
      setSubmitting(true);
      Promise.resolve()
        .then(() => handler(result.data, values))
        .catch(applyServerError)
        .finally(() => setSubmitting(false));
    },
    [validate, values, applyServerError],
  );

  const reset = useCallback((next?: V) => {
    submitted.current = false;
    setValues(next ?? options.initialValues);
    setErrors({});
    setFormError(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return {
    values,
    errors,
    formError,
    submitting,
    setFieldValue,
    getInputProps,
    onSubmit,
    applyServerError,
    reset,
    setErrors,
  };
}

/** '' → null, for optional text inputs. */
export const orNull = (s: unknown): string | null => (typeof s === 'string' && s.trim() !== '' ? s : null);
/** '' → undefined, for optional fields that must be omitted. */
export const orUndefined = (s: unknown): string | undefined =>
  typeof s === 'string' && s.trim() !== '' ? s : undefined;

/** Text fields of a record as form values: '' for null or missing. */
export function textValues<K extends string>(
  source: Partial<Record<K, string | null>> | null | undefined,
  keys: readonly K[],
): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, source?.[k] ?? ''])) as Record<K, string>;
}

/** Text form values as request fields: '' → null (clears the field). */
export function nullableTexts<K extends string>(
  values: Record<K, unknown>,
  keys: readonly K[],
): Record<K, string | null> {
  return Object.fromEntries(keys.map((k) => [k, orNull(values[k])])) as Record<K, string | null>;
}
