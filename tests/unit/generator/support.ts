// Helpers for the generator tests: temporary spec files and small spec documents.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSpecifier } from '../../../scripts/generator/outputs.js';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const REDOCLY_CONFIG = path.join(REPO_ROOT, 'redocly.yaml');
export const FIXTURES = path.join(REPO_ROOT, 'tests/unit/generator/fixtures');

/** Render options for output written by writeTree (one folder under the system's temp dir). */
export const RENDER_FOR_TREE = {
  runtimeTypes: importSpecifier(
    path.join(os.tmpdir(), 'generator-test'),
    path.join(REPO_ROOT, 'src/runtime/types.ts'),
  ),
  source: 'openapi.yaml',
  silent: true,
};

/** Writes `files` (relative path -> content) under a new temporary directory. */
export async function writeTree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'generator-test-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}

export async function removeTree(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

type Json = Record<string, unknown>;

/** A minimal OpenAPI 3.1 document around `paths` (and optional root members). */
export function openapi(paths: Json, extra: Json = {}): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'test', version: '1.0.0' },
    paths,
    ...extra,
  };
}

export const problem = {
  description: 'Problem',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

export const components = {
  securitySchemes: { token: { type: 'apiKey', in: 'header', name: 'Authorization' } },
  schemas: {
    Problem: {
      type: 'object',
      required: ['type', 'title', 'status'],
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer' },
      },
    },
    User: {
      type: 'object',
      required: ['username'],
      properties: { username: { type: 'string' } },
    },
  },
};

/**
 * The block of `source` that starts with the line starting with `start`, up to and including
 * the first line (after it) that starts with `end`.
 */
export function block(source: string, start: string, end: string): string {
  const lines = source.split('\n');
  const from = lines.findIndex((line) => line.startsWith(start));
  if (from === -1) throw new Error(`no line starting with ${JSON.stringify(start)} in:\n${source}`);
  const to = lines.findIndex((line, i) => i > from && line.startsWith(end));
  if (to === -1) throw new Error(`no end ${JSON.stringify(end)} after ${JSON.stringify(start)}`);
  return lines.slice(from, to + 1).join('\n');
}
