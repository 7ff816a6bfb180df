// The generator's config (generate.config.ts at the repository root): which APIs this
// repository generates, each from its own spec into its own folder, with the outputs it needs.
// Paths are relative to the repository root.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isOutputName, OUTPUT_NAMES, type OutputName } from './outputs.js';

export interface ApiConfig {
  /** Short name, for `make generate API=<name>` and messages. */
  name: string;
  /** The spec's root file. */
  spec: string;
  /** The folder the outputs are written to (only files the generator wrote are ever removed). */
  output: string;
  /** Redocly config to lint with; no lint when absent. */
  lint?: string;
  /** Which outputs to write; all of them by default. */
  outputs?: OutputName[];
}

export interface GeneratorConfig {
  /** The runtime's types module, imported by every generated operations.ts. */
  runtimeTypes: string;
  apis: ApiConfig[];
}

export const CONFIG_FILE = 'generate.config.ts';

/** A config that cannot be used; its message lists every mistake. */
export class GeneratorConfigError extends Error {
  override name = 'GeneratorConfigError';
}

/** Identity with a type: what generate.config.ts exports as default. */
export const defineConfig = (config: GeneratorConfig): GeneratorConfig => config;

export async function loadConfig(root: string, file = CONFIG_FILE): Promise<GeneratorConfig> {
  const location = path.resolve(root, file);
  const loaded = (await import(pathToFileURL(location).href)) as { default?: unknown };
  return checkConfig(root, loaded.default, path.relative(root, location));
}

/** Throws one message listing every mistake, so a bad config is fixed in one pass. */
export function checkConfig(root: string, value: unknown, where: string): GeneratorConfig {
  const mistakes: string[] = [];
  const config = value as Partial<GeneratorConfig> | undefined;
  if (typeof config?.runtimeTypes !== 'string') mistakes.push('runtimeTypes must be a path');
  else if (!existsSync(path.resolve(root, config.runtimeTypes))) {
    mistakes.push(`runtimeTypes: ${config.runtimeTypes} does not exist`);
  }
  const apis = Array.isArray(config?.apis) ? config.apis : [];
  if (apis.length === 0) mistakes.push('apis must list at least one API');
  const names = new Set<string>();
  const outputs = new Set<string>();
  for (const [index, api] of apis.entries()) {
    const at = `apis[${index}]${typeof api?.name === 'string' ? ` (${api.name})` : ''}`;
    if (typeof api?.name !== 'string' || !/^[a-z][\w-]*$/.test(api.name)) {
      mistakes.push(`${at}: name must be a lower-case word`);
    } else if (names.has(api.name)) mistakes.push(`${at}: name is used twice`);
    else names.add(api.name);
    for (const key of ['spec', 'output'] as const) {
      if (typeof api?.[key] !== 'string') mistakes.push(`${at}: ${key} must be a path`);
    }
    if (typeof api?.spec === 'string' && !existsSync(path.resolve(root, api.spec))) {
      mistakes.push(`${at}: spec ${api.spec} does not exist`);
    }
    if (typeof api?.output === 'string') {
      const folder = path.resolve(root, api.output);
      if (outputs.has(folder)) mistakes.push(`${at}: output ${api.output} is another API's`);
      outputs.add(folder);
    }
    for (const name of api?.outputs ?? []) {
      if (!isOutputName(name)) {
        mistakes.push(`${at}: unknown output '${name}' (known: ${OUTPUT_NAMES.join(', ')})`);
      }
    }
  }
  if (mistakes.length > 0) throw new GeneratorConfigError(`${where}:\n- ${mistakes.join('\n- ')}`);
  return config as GeneratorConfig;
}
