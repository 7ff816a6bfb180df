// The files the generator can write, as a table: each output reads the same spec model (and
// the bundled document it was read from) and renders one file. A generator config picks which
// of them an API gets; adding an output is one renderer module and one entry here.
import path from 'node:path';
import type { OpenApiDocument } from './bundle.js';
import { renderClient } from './client.js';
import { renderOperations } from './render-operations.js';
import type { SpecModel } from './spec-model.js';
import { renderTypes } from './typescript-types.js';

export interface OutputContext {
  document: OpenApiDocument;
  model: SpecModel;
  /** Import specifier of the runtime's types module, from the output folder. */
  runtimeTypes: string;
  silent: boolean;
}

export interface Output {
  /** What the file gives its readers, for `--help` and the README. */
  gives: string;
  /** TypeScript files get the DO-NOT-EDIT header; JSON cannot carry one. */
  typescript: boolean;
  render(context: OutputContext): string | Promise<string>;
}

export const OUTPUTS = {
  'openapi.json': {
    gives: 'the bundled spec: what the runtime routes and validates from, and the docs page',
    typescript: false,
    render: ({ document }) => `${JSON.stringify(document, null, 2)}\n`,
  },
  'types.ts': {
    gives: 'every schema, parameter and response as TypeScript types (openapi-typescript)',
    typescript: true,
    render: ({ document, silent }) => renderTypes(document, { silent }),
  },
  'operations.ts': {
    gives: 'per-operation request and response types, the Handlers interface, the operation table',
    typescript: true,
    render: ({ model, runtimeTypes }) => renderOperations(model, { runtimeTypes }),
  },
  'client.ts': {
    gives: 'a typed client (openapi-fetch) for frontends',
    typescript: true,
    render: ({ document }) => renderClient(document),
  },
} as const satisfies Record<string, Output>;

export type OutputName = keyof typeof OUTPUTS;

export const OUTPUT_NAMES = Object.keys(OUTPUTS) as OutputName[];

export function isOutputName(name: string): name is OutputName {
  return Object.hasOwn(OUTPUTS, name);
}

/** `../src/runtime/types.js` for generated/: how a file in `outputDir` imports `runtimeFile`. */
export function importSpecifier(outputDir: string, runtimeFile: string): string {
  const relative = path.relative(outputDir, runtimeFile).split(path.sep).join('/');
  const specifier = relative.replace(/\.ts$/, '.js');
  return specifier.startsWith('.') ? specifier : `./${specifier}`;
}
