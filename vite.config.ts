/**
 * Renderer build (index.html → dist/renderer) and the dev server used by the browser harness
 * (src/main/harness, Vite in middleware mode). The page's CSP forbids inline scripts; only in dev
 * (serve) is 'unsafe-inline' added, because @vitejs/plugin-react injects an inline React Refresh
 * preamble. Built output never needs it.
 */
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

function relaxCspInDev(): Plugin {
  return {
    name: 'jalon:relax-csp-in-dev',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  // Relative asset URLs: the same build is loaded over http (harness) and from disk (Electron).
  base: './',
  plugins: [react(), relaxCspInDev()],
  cacheDir: 'node_modules/.vite',
  build: {
    outDir: 'dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // A desktop app loaded from disk: one ~2 MB entry chunk is fine; FullCalendar is split off (lazy route).
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod ships comments Rollup cannot place; harmless.
        if (warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
  server: { host: '127.0.0.1', strictPort: true },
});
