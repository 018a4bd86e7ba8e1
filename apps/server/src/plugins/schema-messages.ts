/**
 * Validation errors in words that name the field, for the 400s of the REST API: fastify's
 * own say `body/keywords must be array` at best and `body must NOT have additional
 * properties` (which field?) at worst. Pure; fed with Ajv's errors in `verbose` mode, which
 * carry the failing schema and value.
 */

/** The parts of an Ajv error this reads (fastify's error type omits the verbose ones). */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string | undefined;
  parentSchema?: unknown;
  data?: unknown;
}

interface Schema {
  type?: string;
  anyOf?: Schema[];
  const?: unknown;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, unknown>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/** One sentence for a failed validation of `part` (`body`, `querystring`, `params`). */
export function validationMessage(errors: readonly SchemaError[], part: string): string {
  // A value that fits no branch of a union is reported branch by branch, then as the union: say the union.
  const e = errors.find((x) => x.keyword === 'anyOf') ?? errors[0];
  if (e === undefined) return `${part} is not valid`;
  const where = fieldName(part, e.instancePath);
  const schema = (e.parentSchema ?? {}) as Schema;
  switch (e.keyword) {
    case 'additionalProperties': {
      const known = Object.keys(schema.properties ?? {});
      const allowed = known.length > 0 ? ` (it takes ${known.map((k) => `"${k}"`).join(', ')})` : '';
      return `${where} has a field it does not take: "${String(e.params.additionalProperty)}"${allowed}`;
    }
    case 'required':
      return `${where} is missing "${String(e.params.missingProperty)}"`;
    case 'type':
    case 'anyOf':
    case 'const':
    case 'enum':
      return `${where} must be ${describe(schema)} (got ${shown(e.data)})`;
    default:
      return `${where} ${e.message ?? 'is not valid'} (got ${shown(e.data)})`;
  }
}

/** `body` + `/keywords/0` → `body.keywords[0]`. */
function fieldName(part: string, instancePath: string): string {
  let name = part;
  for (const step of instancePath.split('/').slice(1)) {
    const key = step.replace(/~1/g, '/').replace(/~0/g, '~');
    name += /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
  }
  return name;
}

/** What a schema accepts, in words: `a number above 0 and at most 100000 or "max"`. */
export function describe(schema: Schema): string {
  if (schema.anyOf) return schema.anyOf.map(describe).join(' or ');
  if ('const' in schema) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' or ');
  switch (schema.type) {
    case 'integer':
      return `a whole number${range(schema)}`;
    case 'number':
      return `a number${range(schema)}`;
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'object':
      return 'an object';
    case 'array':
      return schema.items ? `a list of ${plural(describe(schema.items))}` : 'a list';
    default:
      return 'a valid value';
  }
}

function range(s: Schema): string {
  const parts: string[] = [];
  if (s.exclusiveMinimum !== undefined) parts.push(`above ${s.exclusiveMinimum}`);
  if (s.minimum !== undefined) parts.push(`at least ${s.minimum}`);
  if (s.exclusiveMaximum !== undefined) parts.push(`below ${s.exclusiveMaximum}`);
  if (s.maximum !== undefined) parts.push(`at most ${s.maximum}`);
  return parts.length > 0 ? ` ${parts.join(' and ')}` : '';
}

const PLURALS: [string, string][] = [
  ['a whole number', 'whole numbers'],
  ['a number', 'numbers'],
  ['a string', 'strings'],
  ['an object', 'objects'],
  ['a list', 'lists'],
  ['true or false', 'true or false values'],
];

/** `a string` → `strings`, `a whole number at least 1` → `whole numbers at least 1`. */
function plural(phrase: string): string {
  for (const [one, many] of PLURALS) if (phrase.startsWith(one)) return many + phrase.slice(one.length);
  return `values that are each ${phrase}`;
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const text = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the string ${JSON.stringify(text)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  return Array.isArray(value) ? 'a list' : 'an object';
}
