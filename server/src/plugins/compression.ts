/**
 * Compresses answers built at request time (API JSON, problem bodies, the
 * OpenAPI document) above a threshold: brotli at a low level (fast enough to
 * run on every answer, still well under gzip's size), else gzip. Files of the
 * web app come precompressed from the build and pass through untouched.
 */
import { constants } from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Below this, headers and the compressor's framing outweigh the saving. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

export const compressionPlugin = fp(async (app: FastifyInstance) => {
  await app.register(compress, {
    global: true,
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
});
