// Builds both front ends with esbuild (no network, no other tool):
//   dist/report-bundle.js  one IIFE script (charts, country shapes, styles)
//                          that `stargate report` inlines into its HTML file;
//   dist/index.html, dist/assets/*  the dashboard `stargate serve` serves at /.
// The bundle's first line is the banner the C++ side checks
// (src/stargate/report/html_writer.cc).
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  minify: true,
  legalComments: 'none',
  target: ['chrome110', 'firefox110', 'safari16'],
  loader: { '.css': 'text' },
  logLevel: 'warning',
};

await rm(dist, { recursive: true, force: true });
await mkdir(join(dist, 'assets'), { recursive: true });

await build({
  ...common,
  entryPoints: [join(root, 'src/report/main.js')],
  outfile: join(dist, 'report-bundle.js'),
  format: 'iife',
  banner: { js: `/*! stargate-report-bundle ${pkg.version}: ECharts (Apache-2.0), world-atlas (ISC), topojson-client (ISC) */` },
});

await build({
  ...common,
  entryPoints: [join(root, 'src/dashboard/main.js')],
  outfile: join(dist, 'assets/app.js'),
  format: 'esm',
});
await copyFile(join(root, 'src/dashboard/index.html'), join(dist, 'index.html'));

for (const file of ['report-bundle.js', 'assets/app.js', 'index.html']) {
  const { size } = await stat(join(dist, file));
  console.log(`dist/${file}  ${(size / 1024).toFixed(0)} KiB`);
}
