import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** The console is static files the gateway serves at /console (apps/gateway/src/app/console). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  cacheDir: '../../node_modules/.vite/apps/console',
  plugins: [react()],
  // `nx serve console` for working on the UI: the API calls go to a gateway (npm start's by default).
  server: { port: 4280, host: '127.0.0.1', proxy: proxyTo(process.env['CONSOLE_API_URL'] ?? 'http://127.0.0.1:3000') },
  build: { outDir: '../../dist/apps/console', emptyOutDir: true, reportCompressedSize: false },
  test: {
    name: 'console',
    watch: false,
    globals: true,
    environment: 'jsdom',
    include: ['src/**/*.spec.{ts,tsx}'],
    reporters: ['default'],
  },
});

function proxyTo(target: string): Record<string, string> {
  return Object.fromEntries(['/admin', '/auth', '/sagas', '/events', '/orders', '/health'].map((path) => [path, target]));
}
