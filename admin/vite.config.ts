import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The console: `npm run build:admin` writes admin/dist, which the API serves at /. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: {
    // `npx vite --config admin/vite.config.ts` during development: the API runs on its own port.
    proxy: { '/api': { target: process.env.HUIYIN_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
