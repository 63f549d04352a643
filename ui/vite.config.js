// Builds the staff web app into ../pb_public with fixed file names (one
// app.js, one app.css, index.html), so the output of a given source tree is
// byte-for-byte the same on every machine and `make check-ui` can compare it.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  base: './',
  logLevel: 'warn',
  build: {
    outDir: '../pb_public',
    // pb_public also holds embed.go: only our three files are overwritten.
    emptyOutDir: false,
    assetsDir: '',
    modulePreload: false,
    cssCodeSplit: false,
    reportCompressedSize: false,
    rollupOptions: {
      checks: { pluginTimings: false },
      output: {
        entryFileNames: 'app.js',
        chunkFileNames: 'app-[name].js',
        assetFileNames: 'app.[ext]',
        codeSplitting: false,
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8090' } },
});
