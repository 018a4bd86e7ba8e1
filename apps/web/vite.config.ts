import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dashboard is served by the fastify server on the same origin as the API and socket.io;
// in development vite proxies those paths to a server running on its default port.
const serverOrigin = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    // The server's CSP is `default-src 'self'`: keep every asset a same-origin file, never a data: URL.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // Libraries change far less often than the dashboard: in chunks of their own, browsers keep them
        // cached across deploys. (The budget, under 250 KiB gzipped for all JS, is checked on the sum.)
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            {
              name: 'socket',
              test: /node_modules[\\/](socket\.io-\w+|engine\.io-\w+|@socket\.io)[\\/]/,
              priority: 2,
            },
            { name: 'charts', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': serverOrigin,
      '/socket.io': { target: serverOrigin, ws: true },
      '/metrics': serverOrigin,
      '/docs': serverOrigin,
    },
  },
});
