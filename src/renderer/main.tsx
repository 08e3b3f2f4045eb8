import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { BridgeMissing } from './app/bridge-missing';
import { initI18n } from './i18n';
import { initBridge } from './lib/api';

initI18n();

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

let bridgeReady = true;
try {
  // Before the router reads the URL: the harness token travels in the fragment.
  initBridge();
} catch (error) {
  bridgeReady = false;
  console.error(error);
}

createRoot(root).render(<StrictMode>{bridgeReady ? <App /> : <BridgeMissing />}</StrictMode>);
