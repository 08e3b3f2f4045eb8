import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppFile } from '../../../src/main/electron/app-protocol.js';

const root = '/opt/jalon/dist/renderer';

describe('app:// protocol file resolution', () => {
  it.each([
    ['app://jalon/', join(root, 'index.html'), 'text/html; charset=utf-8'],
    ['app://jalon/beneficiaires/123', join(root, 'index.html'), 'text/html; charset=utf-8'],
    ['app://jalon/assets/index-abc.js', join(root, 'assets/index-abc.js'), 'text/javascript; charset=utf-8'],
    ['app://jalon/assets/style.css?x=1', join(root, 'assets/style.css'), 'text/css; charset=utf-8'],
  ])('%s → file under the renderer folder', (url, path, mime) => {
    expect(resolveAppFile(root, url)).toEqual({ path, mime });
  });

  it.each([
    'app://jalon/../../etc/passwd.js',
    'app://jalon/%2e%2e/%2e%2e/etc/shadow.js',
    'app://jalon/a/..%2f..%2f..%2fx.js',
  ])('%s stays inside the renderer folder', (url) => {
    const resolved = resolveAppFile(root, url);
    if (resolved) expect(resolved.path.startsWith(`${root}/`)).toBe(true);
  });

  it.each([
    'app://other/index.html',
    'https://jalon/index.html',
    'app://jalon/assets/%00.js',
    'app://jalon/secret.sqlite',
    'not a url',
  ])('%s → refused', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });
});
