/** Downloads a document's file (the read is logged by main); busy while it comes, errors in a toast. */
import { useState } from 'react';
import { api } from '../../../lib/api';
import { notifyError } from '../../../lib/notify';
import { downloadFile } from './files';

export function useDocumentDownload(id: string): { busy: boolean; download: () => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const download = async (): Promise<void> => {
    setBusy(true);
    try {
      downloadFile(await api.invoke('documents:open', { id, purpose: 'download' }));
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, download };
}
