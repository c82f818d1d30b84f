// Checks a value against the subset of JSON Schema that schemas/*.schema.json use (type, required,
// properties, additionalProperties: false, enum, minimum, maximum, exclusiveMinimum, minLength, minItems,
// uniqueItems, items, minProperties, local $ref). The same files feed VS Code's jsonValidation; their
// `x-aio-code` / `x-aio-required` / `x-aio-hint` keywords map each failure to Adobe's code and a next step.

export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  required?: string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  uniqueItems?: boolean;
  items?: JsonSchema;
  minProperties?: number;
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
  'x-aio-code'?: string;
  'x-aio-hint'?: string;
  'x-aio-required'?: Record<string, string>;
}

/** One problem with a config: Adobe's code, the field (dotted path) and what to do. */
export interface ConfigIssue {
  code: string;
  severity: 'error' | 'warning';
  /** Dotted path, e.g. `services.dataSource.rating.maxCallsCount`; empty for the whole document. */
  field: string;
  message: string;
}

const join = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

function typeOk(type: JsonSchema['type'], value: unknown): boolean {
  switch (type) {
    case undefined:
      return true;
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

const typeName = (type: JsonSchema['type']): string => (type === 'integer' ? 'a whole number' : type === 'object' ? 'an object' : type === 'array' ? 'an array' : `a ${type}`);

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Every schema failure of `value`, one issue per failing field (the first failure of each). */
export function checkSchema(root: JsonSchema, value: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const resolve = (schema: JsonSchema): JsonSchema => {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace(/^#\/definitions\//, '');
    const target = root.definitions?.[name];
    if (!target) throw new Error(`schema reference ${schema.$ref} not found`);
    return target;
  };
  const fail = (schema: JsonSchema, field: string, problem: string, code = schema['x-aio-code'] ?? 'INVALID'): void => {
    const hint = schema['x-aio-hint'];
    issues.push({ code, severity: 'error', field, message: `${field || 'The config'} ${problem}.${hint ? ` ${hint}` : ''}` });
  };
  const visit = (raw: JsonSchema, node: unknown, field: string): void => {
    const schema = resolve(raw);
    if (!typeOk(schema.type, node)) return fail(schema, field, `must be ${typeName(schema.type)}, not ${shown(node)}`);
    if (schema.enum && !schema.enum.includes(node)) return fail(schema, field, `is ${shown(node)}, not one of ${schema.enum.join(', ')}`);
    if (typeof node === 'number') {
      if (schema.minimum !== undefined && node < schema.minimum) return fail(schema, field, `is ${node}, below the minimum ${schema.minimum}`);
      if (schema.exclusiveMinimum !== undefined && node <= schema.exclusiveMinimum) return fail(schema, field, `is ${node}; it must be greater than ${schema.exclusiveMinimum}`);
      if (schema.maximum !== undefined && node > schema.maximum) return fail(schema, field, `is ${node}, above the maximum ${schema.maximum}`);
    }
    if (typeof node === 'string' && schema.minLength !== undefined && node.trim().length < schema.minLength) return fail(schema, field, 'is empty');
    if (Array.isArray(node)) {
      if (schema.minItems !== undefined && node.length < schema.minItems) return fail(schema, field, 'is empty');
      if (schema.uniqueItems && new Set(node.map((v) => JSON.stringify(v))).size !== node.length) return fail(schema, field, 'lists a value twice');
      // Items report under their array's code: the array is the field a user fixes.
      if (schema.items) {
        const before = issues.length;
        node.forEach((item, i) => visit({ ...resolve(schema.items!), 'x-aio-code': schema['x-aio-code'], 'x-aio-hint': schema['x-aio-hint'] }, item, join(field, i)));
        if (issues.length > before) return;
      }
    }
    if (schema.type === 'object' && typeOk('object', node)) {
      const object = node as Record<string, unknown>;
      const keys = Object.keys(object);
      if (schema.minProperties !== undefined && keys.length < schema.minProperties) return fail(schema, field, 'is empty');
      for (const name of schema.required ?? []) {
        if (object[name] === undefined || object[name] === null) {
          const code = schema['x-aio-required']?.[name];
          const child = schema.properties?.[name] ? resolve(schema.properties[name]) : schema;
          fail(child, join(field, name), 'is missing', code);
        }
      }
      for (const key of keys) {
        const child = schema.properties?.[key];
        if (child) {
          if (object[key] !== undefined && !(object[key] === null && schema.required?.includes(key))) visit(child, object[key], join(field, key));
        } else if (schema.additionalProperties === false) {
          fail(schema, join(field, key), `is not allowed here (allowed: ${Object.keys(schema.properties ?? {}).join(', ')})`);
        }
      }
    }
  };
  visit(root, value, '');
  return issues;
}
