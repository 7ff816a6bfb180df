// Turns spec strings (operationIds, names, summaries) into safe TypeScript identifiers and literals.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isIdentifier(value: string): boolean {
  return IDENTIFIER.test(value);
}

export function upperFirst(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/**
 * `get-user` -> `GetUser`, `users/list` -> `UsersList`, `2fa.enable` -> `Op2faEnable`.
 * Words are split on anything that cannot appear in an identifier; each word keeps its own
 * casing after its first letter, so `listAPIKeys` stays readable.
 */
export function toPascalIdentifier(value: string): string {
  const words = value.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map(upperFirst).join('');
  if (joined === '') return '';
  return /^[0-9]/.test(joined) ? `Op${joined}` : joined;
}

/** The operationId as-is when it is a valid identifier, else its PascalCase form. */
export function operationIdentifier(operationId: string): string {
  return isIdentifier(operationId) ? operationId : toPascalIdentifier(operationId);
}

/** A single-quoted TypeScript string literal. */
export function tsString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `'${escaped}'`;
}

/** A property name: bare when it is an identifier or a canonical non-negative integer. */
export function propertyKey(value: string): string {
  if (isIdentifier(value) || /^(0|[1-9][0-9]*)$/.test(value)) return value;
  return tsString(value);
}

/** An indexed access `['name']` or `[200]` (numeric keys are how openapi-typescript emits statuses). */
export function indexKey(value: string): string {
  return /^(0|[1-9][0-9]*)$/.test(value) ? `[${value}]` : `[${tsString(value)}]`;
}

/** Text safe inside a one-line JSDoc comment. */
export function docText(value: string): string {
  return value.replace(/\s+/g, ' ').trim().replace(/\*\//g, '*\\/');
}
