/**
 * Builds the PWA from client/ into dist/client, which the server serves from
 * the API's origin. The service worker (client/src/sw.ts) precaches the app
 * shell, keeps network-first copies of salon and booking reads so browsing
 * works offline, and shows Web Push notifications.
 */
import preact from '@preact/preset-vite';
import type { UserConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './client/scripts/precompress.ts';

const API_TARGET = process.env.GLAMIFY_API ?? 'http://127.0.0.1:3000';

const config: UserConfig = {
  root: 'client',
  publicDir: 'public',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Every browser the PWA supports preloads modules natively; the polyfill only cost bytes.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      treeshake: {
        // The shared package's schemas (and typebox behind them) are only types to the
        // client; without this their module-level schema calls keep ~80 kB alive.
        moduleSideEffects: (id: string) => !/[\\/]shared[\\/]src[\\/]|[\\/]typebox[\\/]/.test(id),
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/socket.io': { target: API_TARGET, ws: true, changeOrigin: false },
    },
  },
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      // lib/sw.ts registers with workbox-window; the CSP forbids the inline registration script.
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['icons/icon.svg', 'icons/apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: 'Glamify — salon booking',
        short_name: 'Glamify',
        description: 'Find a salon, see free times live and book in a few taps.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#faf7f6',
        theme_color: '#7a2e6e',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      // The service worker is client/src/sw.ts (precache, runtime caches, push); the plugin injects the precache list.
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
      },
    }),
    // After the service worker is written, so it is compressed too.
    precompress(),
  ],
};

export default config;
