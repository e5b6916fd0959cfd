/**
 * Vite configuration of the Lancaster web app: the root is this folder, the build goes to
 * `web/dist`, which `lancaster serve` hands out as static files. In development (`npx vite web`)
 * the API and its WebSocket are proxied to a `lancaster serve` on LANCASTER_API (default
 * http://localhost:8787), so the app is always same-origin and needs no CORS; the proxied WebSocket
 * keeps this server's Origin, so start that one with `--allow-origin http://localhost:5173`. `npm run build:web`
 * and `src/server/web-build.ts` (what `lancaster serve` uses when web/dist is missing) read it.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.LANCASTER_API ?? 'http://localhost:8787';

/** The web app's Vite configuration (root `web/`, output `web/dist`). */
const config: UserConfig = {
  root,
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Observable Plot and React together are ~400 kB minified; one chunk is fine for a local app.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: { '/api': { target: api, ws: true } },
    // The app imports the pure model from ../src/model.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
};

export default config;
