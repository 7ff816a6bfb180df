// Handles the OpenAPI Object (OpenAPI 3.1 §4.8.1) and Reference Objects (§4.8.23) across files.
// Bundles the multi-file spec into one document whose $refs all point into #/components/, with
// swagger-parser's bundle plus two fixes: discriminator mappings (plain strings swagger-parser
// does not touch) are rewritten, and values inlined outside components are moved into them.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { componentizeRefs, type Origin, refsOutsideComponents } from './components.js';
import { asObject, formatPointer, type Json } from '../../src/runtime/json-pointer.js';
import { walkOpenApi } from './openapi-walk.js';
import type { Problem } from './lint-findings.js';
import { PARSER_OPTIONS } from './validate.js';

export type OpenApiDocument = Json;

export interface BundleOptions {
  /**
   * How to report a value the bundler had to move into components (a file used from several
   * places that the root document does not register under components): one warning each,
   * naming the file (our spec: register it and choose the name), or one summary line.
   */
  hoisted: 'each' | 'summary';
}

export interface BundleResult {
  document: OpenApiDocument;
  problems: Problem[];
}

export async function bundleSpec(specPath: string, options: BundleOptions): Promise<BundleResult> {
  const rootFile = path.resolve(specPath);
  const parser = new SwaggerParser();
  // bundle() = resolve() + bundling in place. Hooking resolve() sees every file's objects before
  // bundling grafts them into each other's trees: that is the only moment "which file wrote
  // this object" can be read off by identity.
  let origins = new Map<unknown, Origin>();
  const resolve = parser.resolve.bind(parser) as (...args: unknown[]) => Promise<unknown>;
  Object.assign(parser, {
    resolve: async (...args: unknown[]) => {
      const refs = await resolve(...args);
      origins = originsByIdentity(parser.$refs.values() as Record<string, unknown>, rootFile);
      return refs;
    },
  });
  const document = (await parser.bundle(specPath, PARSER_OPTIONS)) as unknown as Json;
  const problems = rewriteDiscriminatorMappings(parser, document, origins, rootFile);
  const { hoisted } = componentizeRefs(document, origins);
  if (options.hoisted === 'each') {
    for (const entry of hoisted) {
      const source = entry.origin
        ? `${path.relative(process.cwd(), entry.origin.file)}${entry.origin.pointer === '#' ? '' : entry.origin.pointer}`
        : entry.from;
      problems.push({
        severity: 'warn',
        rule: 'bundle',
        message:
          `${source} is used from several places but not registered under components; ` +
          `bundled as ${entry.to} (register it in the root document to choose the name)`,
        file: entry.origin?.file ?? rootFile,
      });
    }
  } else if (hoisted.length > 0) {
    problems.push({
      severity: 'warn',
      rule: 'bundle',
      message: `moved ${hoisted.length} shared value(s) the spec does not register into #/components/`,
    });
  }
  problems.push(...checkRefs(document, rootFile));
  return { document, problems };
}

/** Visits every object (the objects inside arrays too) depth first. */
export function walkObjects(
  value: unknown,
  visit: (node: Json, segments: readonly string[]) => void,
  segments: string[] = [],
): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => walkObjects(item, visit, [...segments, String(index)]));
  } else if (value !== null && typeof value === 'object') {
    visit(value as Json, segments);
    for (const [key, child] of Object.entries(value)) walkObjects(child, visit, [...segments, key]);
  }
}

/**
 * A mapping value like `models/cat.yml` (relative to the file it is written in) must become the
 * internal pointer where that schema ended up. Bundling keeps object identity for every value it
 * inlines, so both the file a mapping was written in and the target's pointer are found by
 * identity (components.ts later moves the target and rewrites the mapping with the other refs).
 */
function rewriteDiscriminatorMappings(
  parser: SwaggerParser,
  document: Json,
  origins: ReadonlyMap<unknown, Origin>,
  rootFile: string,
): Problem[] {
  const problems: Problem[] = [];
  let pointers: Map<unknown, string> | undefined;
  walkObjects(document, (node) => {
    const mapping = asObject(asObject(node['discriminator'])?.['mapping']);
    if (!mapping) return;
    const file = origins.get(mapping)?.file ?? rootFile;
    for (const [key, target] of Object.entries(mapping)) {
      if (typeof target !== 'string' || !looksLikeRef(target)) continue;
      if (target.startsWith('#') && file === rootFile) continue;
      pointers ??= pointersByIdentity(document);
      let resolved: unknown;
      try {
        resolved = parser.$refs.get(absoluteRef(file, target));
      } catch {
        resolved = undefined;
      }
      const pointer = resolved === undefined ? undefined : pointers.get(resolved);
      if (pointer === undefined) {
        problems.push({
          severity: 'warn',
          rule: 'bundle',
          message: `discriminator mapping '${key}' -> '${target}' is not a schema in the bundle; left as written`,
          file,
        });
        continue;
      }
      mapping[key] = pointer;
    }
  });
  return problems;
}

/** Mapping values are schema names (`Cat`) or references (`#/...`, `cat.yaml`). */
function looksLikeRef(value: string): boolean {
  return value.includes('#') || value.includes('/') || /\.(ya?ml|json)$/i.test(value);
}

function absoluteRef(fromFile: string, ref: string): string {
  const hashAt = ref.indexOf('#');
  const filePart = hashAt === -1 ? ref : ref.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : ref.slice(hashAt);
  const file = filePart ? fileURLToPath(new URL(filePart, pathToFileURL(fromFile))) : fromFile;
  return `${file}${hash}`;
}

function pointersByIdentity(document: Json): Map<unknown, string> {
  const pointers = new Map<unknown, string>();
  walkObjects(document, (node, segments) => {
    if (!pointers.has(node)) pointers.set(node, formatPointer(segments));
  });
  return pointers;
}

/** The file (and pointer in it) of every object of every file but the root one. */
function originsByIdentity(files: Record<string, unknown>, rootFile: string): Map<unknown, Origin> {
  const origins = new Map<unknown, Origin>();
  for (const [file, value] of Object.entries(files)) {
    if (path.resolve(file) === rootFile) continue;
    walkObjects(value, (node, segments) => {
      if (!origins.has(node)) origins.set(node, { file, pointer: formatPointer(segments) });
    });
  }
  return origins;
}

function checkRefs(document: Json, rootFile: string): Problem[] {
  const external = new Set<string>();
  walkOpenApi(document, (_kind, node) => {
    const ref = node['$ref'];
    if (typeof ref === 'string' && !ref.startsWith('#')) external.add(ref);
  });
  const problems: Problem[] = [...external].sort().map((ref) => ({
    severity: 'error',
    rule: 'bundle',
    message: `external $ref '${ref}' survived bundling`,
    file: rootFile,
  }));
  const outside = refsOutsideComponents(document);
  if (outside.length > 0) {
    problems.push({
      severity: 'warn',
      rule: 'bundle',
      message: `${outside.length} $ref target(s) could not be moved into components, e.g. ${outside.slice(0, 3).join(', ')}`,
      file: rootFile,
    });
  }
  return problems;
}
