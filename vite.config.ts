import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';
import { demoIndexJson } from './src/node/demoIndex';

/**
 * The renderer as a web app. COOP/COEP make the page cross-origin isolated so
 * workers can share SharedArrayBuffers (Electron's app:// protocol sends the same headers).
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The synthetic demo study written by `npm run demo`; the web build fetches it from `demo/`. */
const demoDir = fileURLToPath(new URL('./assets/demo', import.meta.url));
/** The demo's files in one (see demoPack), beside its manifest. */
const DEMO_PACK = 'study.bin';
/** The demo's index, made at build time (src/node/demoIndex.ts), so "Open demo" does not index 1,956 files. */
const DEMO_INDEX = 'index.json';

/**
 * Every demo file in manifest order, end to end: the web build fetches the demo as this one file
 * (`demo/study.bin`) and slices it by the manifest's sizes, since 1,800 separate fetches took the
 * browser ~30 s. The desktop app reads the separate files.
 */
function demoPack(): Buffer {
  const manifest = JSON.parse(readFileSync(join(demoDir, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
  return Buffer.concat(manifest.files.map((f) => readFileSync(join(demoDir, f.path))));
}

/**
 * Ships `assets/demo/` as `dist/demo/` (copied after the bundle is written, with its pack) and serves
 * both at `/demo/` in the dev server. Not `publicDir`, so the demo stays out of the source tree's public
 * folder and a missing demo does not break the build (the app then reports it on "Open demo").
 */
function demoStudy(): Plugin {
  let outDir = 'dist';
  return {
    name: 'dti-demo-study',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async writeBundle() {
      if (!existsSync(demoDir)) return;
      cpSync(demoDir, join(outDir, 'demo'), { recursive: true });
      writeFileSync(join(outDir, 'demo', DEMO_PACK), demoPack());
      writeFileSync(join(outDir, 'demo', DEMO_INDEX), await demoIndexJson(demoDir));
    },
    configureServer(server) {
      server.middlewares.use('/demo/', (req, res, next) => {
        if ((req.url ?? '').split('?')[0] === `/${DEMO_PACK}` && existsSync(demoDir)) {
          res.setHeader('Content-Type', 'application/octet-stream');
          return res.end(demoPack());
        }
        if ((req.url ?? '').split('?')[0] === `/${DEMO_INDEX}` && existsSync(demoDir)) {
          demoIndexJson(demoDir).then(
            (json) => {
              res.setHeader('Content-Type', 'application/json');
              res.end(json);
            },
            (error: unknown) => next(error),
          );
          return;
        }
        const file = resolve(demoDir, decodeURIComponent((req.url ?? '').split('?')[0].replace(/^\//, '')));
        if (!file.startsWith(demoDir + sep) || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
  };
}

/**
 * `DTI_DICOMWEB_PROXY=http://127.0.0.1:8042 npm run dev` serves that server at /dicomweb-proxy/ (enter
 * /dicomweb-proxy/dicom-web in "Open from server"): the page's CSP allows same-origin connections only,
 * and a proxied response needs no CORS or Cross-Origin-Resource-Policy headers under COEP.
 * WWW-Authenticate is dropped: the app asks for credentials itself, the browser must not prompt over it.
 */
const dicomwebTarget = process.env.DTI_DICOMWEB_PROXY;
const dicomwebProxy: Record<string, ProxyOptions> | undefined = dicomwebTarget
  ? {
      '/dicomweb-proxy/': {
        target: dicomwebTarget,
        changeOrigin: true,
        rewrite: (path) => path.replace(/^\/dicomweb-proxy/, ''),
        configure: (proxy) => proxy.on('proxyRes', (res) => delete res.headers['www-authenticate']),
      },
    }
  : undefined;

export default defineConfig({
  base: './',
  plugins: [react(), demoStudy()],
  server: { host: '127.0.0.1', headers: isolation, proxy: dicomwebProxy },
  preview: { host: '127.0.0.1', headers: isolation, proxy: dicomwebProxy },
  worker: { format: 'es' },
  build: { outDir: 'dist', target: 'es2022', chunkSizeWarningLimit: 8000 },
  // csv-stringify's and csv-parse's sync entries for Node call Buffer at load; their browser builds are the same code without Node.
  resolve: { alias: { events: 'events', 'csv-stringify/sync': 'csv-stringify/browser/esm/sync', 'csv-parse/sync': 'csv-parse/browser/esm/sync' } },
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
    include: ['dicom-parser', '@cornerstonejs/metadata', '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', '@cornerstonejs/codec-charls/decodewasmjs', '@cornerstonejs/codec-openjpeg/decodewasmjs', '@cornerstonejs/codec-openjph/wasmjs'],
  },
});
