/**
 * Wraps the signed-in screens: while a kiosk session is open (main says so), any screen other than
 * the kiosk sends back to it — after a reload, the browser's back button or a typed address. Main
 * refuses the other channels anyway; this keeps the beneficiary on a working screen.
 */
import type { ReactNode } from 'react';
import { Navigate } from 'react-router-dom';
import { LoadingState } from '../../../components/states';
import { useApiQuery } from '../../../lib/query';

export function KioskGuard({ children }: { children: ReactNode }) {
  const status = useApiQuery('kiosk:state', {}, { staleTime: 0, refetchOnMount: 'always' });
  if (status.isPending) return <LoadingState />;
  if (status.data?.active) {
    // A cached "active" may be stale (the kiosk was just left): wait for main's answer before sending
    // anyone back to the kiosk. An inactive state never blocks the screens, even while refreshed.
    if (status.isFetching) return <LoadingState />;
    return <Navigate to="/kiosk" replace />;
  }
  return <>{children}</>;
}
