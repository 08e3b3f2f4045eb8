/**
 * Calls a channel once when a dialog opens, for calls that are actions rather than cached reads (a
 * verification or a pre-fill is logged in the audit trail: it must not be repeated by a refetch).
 */
import { useEffect, useState } from 'react';
import type { Channel, RequestOf, ResponseOf } from '../../../../shared/api/contract';
import { api } from '../../../lib/api';

export interface CallState<T> {
  readonly data: T | undefined;
  readonly isPending: boolean;
  readonly error: unknown;
  refetch(): void;
}

export function useCallOnce<C extends Channel>(channel: C, request: RequestOf<C>): CallState<ResponseOf<C>> {
  const [run, setRun] = useState(0);
  const [state, setState] = useState<{ data: ResponseOf<C> | undefined; isPending: boolean; error: unknown }>({
    data: undefined,
    isPending: true,
    error: null,
  });
  const key = JSON.stringify(request);
  useEffect(() => {
    let live = true;
    setState({ data: undefined, isPending: true, error: null });
    api.invoke(channel, JSON.parse(key) as RequestOf<C>).then(
      (data) => {
        if (live) setState({ data, isPending: false, error: null });
      },
      (error: unknown) => {
        if (live) setState({ data: undefined, isPending: false, error });
      },
    );
    return () => {
      live = false;
    };
  }, [channel, key, run]);
  return { ...state, refetch: () => setRun((n) => n + 1) };
}
