/**
 * Debounced autosave: saves the latest value `delayMs` after the last change, one save at a time
 * (a change during a save is saved right after it), flushes on unmount. Saves must be idempotent
 * (notes carry a client-generated id), so a retry after an error is safe.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export type AutosaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'error';

export function useAutosave<T>(save: (value: T) => Promise<void>, delayMs = 800) {
  const [state, setState] = useState<AutosaveState>('idle');
  const latest = useRef<{ value: T } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const saveRef = useRef(save);
  saveRef.current = save;

  const run = useCallback(async (): Promise<void> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    if (inFlight.current) {
      await inFlight.current;
      return;
    }
    const pending = latest.current;
    if (!pending) return;
    latest.current = null;
    setState('saving');
    inFlight.current = saveRef.current(pending.value).then(
      () => {
        inFlight.current = null;
        if (latest.current) void run();
        else setState('saved');
      },
      () => {
        inFlight.current = null;
        // Keep the unsaved value unless a newer one arrived; retry on the next change or flush.
        latest.current ??= pending;
        setState('error');
      },
    );
    await inFlight.current;
  }, []);

  const change = useCallback(
    (value: T) => {
      latest.current = { value };
      setState('dirty');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void run(), delayMs);
    },
    [delayMs, run],
  );

  useEffect(
    () => () => {
      if (latest.current) void run();
    },
    [run],
  );

  return { state, change, flush: run };
}
