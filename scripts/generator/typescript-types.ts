// Handles Schema Objects (OpenAPI 3.1 §4.8.24) and everything that holds them, as types.
// Renders types.ts from the bundled document with openapi-typescript 7.
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

/**
 * Defaults, except `alphabetize: false` (keep the spec's order) and `exportType: false`
 * (interfaces). The document is cloned because openapi-typescript's internal Redocly bundle step
 * may annotate the object it is given; the caller's copy is also what gets written to JSON.
 */
export async function renderTypes(
  document: object,
  options: { silent?: boolean } = {},
): Promise<string> {
  const nodes = await openapiTS(structuredClone(document) as OpenAPI3, {
    alphabetize: false,
    exportType: false,
    silent: options.silent ?? false,
  });
  return astToString(nodes);
}
