// Builds the web UI into web/dist, which `weft server` serves at `/`.
// `npm run dev -w web` serves it with hot reload and forwards the API to a
// running `weft server` (WEFT_SERVER, default https://127.0.0.1:8006).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = process.env.WEFT_SERVER ?? 'https://127.0.0.1:8006';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // the app chunk is ~190 kB gzipped (React, Mantine, react-query); the graph library loads with the topology only
  build: { outDir: 'dist', emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 700 },
  server: {
    proxy: {
      '/api2': { target: server, secure: false },
      '/sdn-schema.json': { target: server, secure: false },
    },
  },
});
