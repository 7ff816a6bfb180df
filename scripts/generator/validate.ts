// Handles the OpenAPI Object (OpenAPI 3.1 §4.8.1) as a whole, against the specification's schema.
// Validates the spec against the OpenAPI JSON Schema with @apidevtools/swagger-parser.
// Errors carry the file, pointer and line of the offending node (followed through $refs).
import SwaggerParser from '@apidevtools/swagger-parser';
import type { Problem } from './lint-findings.js';
import { SourceLocator } from './source-location.js';

/** Never fetch $refs over the network: the spec must be complete on disk. */
export const PARSER_OPTIONS = { resolve: { http: false } } as const;

interface AjvError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Returns the validation problems (all errors); an empty list means the spec is valid. */
export async function validateSpec(specPath: string): Promise<Problem[]> {
  try {
    await new SwaggerParser().validate(specPath, PARSER_OPTIONS);
    return [];
  } catch (error) {
    return validationProblems(error, specPath);
  }
}

function validationProblems(error: unknown, specPath: string): Problem[] {
  const details = (error as { details?: unknown }).details;
  if (!Array.isArray(details) || details.length === 0) {
    return [{ severity: 'error', rule: 'validate', message: messageOf(error) }];
  }
  const locator = new SourceLocator(specPath);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const detail of details as AjvError[]) {
    const message = describe(detail);
    const key = `${detail.instancePath} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const location = locator.locate(detail.instancePath);
    problems.push({ severity: 'error', rule: 'validate', message, ...location });
  }
  return problems;
}

function describe(detail: AjvError): string {
  const extra = detail.params?.['additionalProperty'];
  const message = detail.message ?? 'is invalid';
  return typeof extra === 'string' ? `${message}: '${extra}'` : message;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
