/**
 * A Vite plugin that writes a brotli (`.br`) and a gzip (`.gz`) sibling of
 * every compressible file of the build, once, at the highest levels, so the
 * server sends them as they are (`@fastify/static`'s `preCompressed`) instead
 * of compressing on every request. It runs after the service worker has been
 * generated, so `sw.js` and the Workbox runtime get theirs too.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text formats worth compressing; images are compressed already, maps are for developers. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml)$/;
/** Below this the headers outweigh the saving. */
const MIN_BYTES = 512;

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

export interface PrecompressReport {
  file: string;
  bytes: number;
  br: number | null;
  gzip: number | null;
}

/** Compresses every compressible file under `dir`; a variant that would not be smaller is not written. */
export async function precompressDir(dir: string): Promise<PrecompressReport[]> {
  const out: PrecompressReport[] = [];
  for await (const path of files(dir)) {
    if (!COMPRESSIBLE.test(path) || (await stat(path)).size < MIN_BYTES) continue;
    const data = await readFile(path);
    const [b, g] = await Promise.all([
      brotli(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      }),
      gz(data, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    const report: PrecompressReport = { file: path.slice(dir.length + 1), bytes: data.length, br: null, gzip: null };
    if (b.length < data.length) {
      await writeFile(`${path}.br`, b);
      report.br = b.length;
    }
    if (g.length < data.length) {
      await writeFile(`${path}.gz`, g);
      report.gzip = g.length;
    }
    out.push(report);
  }
  return out;
}

export function precompress(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'glamify:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        const reports = await precompressDir(resolve(config.root, config.build.outDir));
        const js = reports.filter((r) => r.file.endsWith('.js'));
        const sum = (pick: (r: PrecompressReport) => number | null) => js.reduce((n, r) => n + (pick(r) ?? r.bytes), 0);
        config.logger.info(
          `precompressed ${reports.length} files; JavaScript ${sum((r) => r.bytes)} B, ` +
            `${sum((r) => r.gzip)} B gzip, ${sum((r) => r.br)} B brotli`,
        );
      },
    },
  };
}
