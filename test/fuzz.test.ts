/**
 * Property-based fuzzing of both APIs (fast-check), bounded in count and time.
 *
 * Every REST operation of openapi.yaml and every GraphQL mutation and query with arguments gets
 * requests generated from its documented parameters, request body schema or input types, with
 * hostile values mixed into plausible ones: NUL bytes, lone surrogates, decomposed Vietnamese,
 * very long strings, impossible and out-of-range dates, integers beyond int32, ±1e308 and
 * 1e400, ids that are not UUIDs, global ids of another type or of nothing, missing and extra
 * fields. They are sent as an administrator (and one in five as a VIEWER of a subtree) to an
 * app seeded with one record of every kind, so that real ids reach deep into the services.
 * Three in five requests are plausible with exactly one value made hostile (or one field
 * dropped), so that the others carry it past the first check; the rest are hostile throughout.
 * The issue's known hang-prone requests are sent early, among the others. Failures are reported once per root:
 * the kind and the service's logged error, with the shortest request that showed it.
 *
 * Asserted: no 5xx answer and no GraphQL error with `extensions.code == "INTERNAL"`; REST
 * errors are application/problem+json; a refused request (REST 4xx, a GraphQL error or an
 * error-typed mutation result) changes no table (test/helper.ts `snapshot()`, taken only when
 * a statement-level trigger counter says something was written); every request answers within
 * REQUEST_TIMEOUT_MS and never blocks the event loop for BLOCKED_MS.
 *
 * Because one request can block the event loop for good, the requests run in a child process
 * (this file again, with FUZZ_WORKER set) that reports each request before sending it and
 * beats a heartbeat; this process (the tap test) reports a request during which the heartbeat
 * stopped for BLOCKED_MS, kills a worker silent for STALL_MS, records the request in flight as a
 * failure and starts a new worker (fresh database, same seed) at the next request.
 *
 * Environment: FUZZ_SEED (default 20261201), FUZZ_RUNS requests per operation (default 24),
 * FUZZ_BUDGET_MS overall time (default 80,000, within tap's 120 s), FUZZ_REPORT a file to
 * write every failure to as JSON.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import type { Test } from 'tap';
import { parse as parseYaml } from 'yaml';
import { toGlobalId, type EntityType } from '../src/shared/ids.js';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';
import { buildTestApp, type Client } from './helper.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 24);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 80_000);
const REQUEST_TIMEOUT_MS = 10_000;
/** A heartbeat gap this long while a request is in flight is reported (the request blocked the event loop)… */
const BLOCKED_MS = 2_000;
/** …and one this long ends the worker: the request in flight may never give the event loop back. */
const STALL_MS = 8_000;
const HEARTBEAT_MS = 200;
const MARK = '@@fuzz ';
const FILE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(FILE), '..');

// ---------------------------------------------------------------------------------------------
// Requests and the messages between the worker and the supervisor
// ---------------------------------------------------------------------------------------------

type As = 'admin' | 'viewer';
type FuzzRequest =
  | { api: 'rest'; op: string; as: As; method: string; url: string; headers: Record<string, string>; body?: string; write: boolean }
  | { api: 'graphql'; op: string; as: As; query: string; variables: string; write: boolean };

type Failure = {
  kind: 'status' | 'internal' | 'content-type' | 'changed' | 'timeout' | 'blocked' | 'hang' | 'crash' | 'unreadable';
  index: number;
  op: string;
  status?: number;
  repro: string;
  /** What the service logged (error type, message, first frames in src/), or what was observed. */
  cause: string;
};

type Message =
  | { e: 'ready'; total: number; seedMs: number }
  | { e: 'hb' }
  | { e: 'send'; i: number; op: string; repro: string }
  | { e: 'done'; i: number; api: 'rest' | 'graphql'; status: number; ms: number }
  | { e: 'fail'; failure: Failure }
  | { e: 'end'; next: number };

/** JSON numbers that JSON.stringify cannot write (1e400 parses to Infinity). */
class Raw {
  constructor(readonly text: string) {}
  toJSON() {
    return `@@RAW:${this.text}@@`;
  }
}
const toJson = (value: unknown) => JSON.stringify(value).replace(/"@@RAW:([^@"]*)@@"/g, '$1');
const clone = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(clone)
    : value && typeof value === 'object' && !(value instanceof Raw)
      ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clone(item)]))
      : value;

/** Percent-encodes like encodeURIComponent, but writes lone surrogates as their (invalid) UTF-8 bytes. */
function encode(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(value[i]!);
    }
  }
  return out;
}
const paramText = (value: unknown) =>
  value instanceof Raw ? value.text : typeof value === 'string' ? value : typeof value === 'object' ? toJson(value) : String(value);

// ---------------------------------------------------------------------------------------------
// Value pools
// ---------------------------------------------------------------------------------------------

const LONG = 'x'.repeat(100_000);
const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'Nguyễn\u0000Văn An',
  '\ud800',
  'Trần\udfffThị',
  'Nguye\u0302\u0303n Va\u0306n A\u0300n',
  '\t\n\r',
  '\u202eLTR\u202c',
  '\ufeffBOM',
  '😀🇻🇳',
  "O'Brien\"; DROP TABLE members; --",
  '%_\\',
  '%00',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  'null',
  'NaN',
  '-0',
  '1e400',
  'ạ'.repeat(256),
  'ẫ'.repeat(5_000),
  LONG,
];
const VIETNAMESE = ['Nguyễn Văn An', 'Trần Thị Hoa', 'Chi bộ Văn phòng', 'Đảng bộ Khối', 'Quyết định', 'Vi phạm quy chế', 'Thành tích xuất sắc', 'B9', 'X1'];
const EXTREME_DATES = [
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '2024-02-30',
  '2023-02-29',
  '2024-02-29',
  '+010000-01-01',
  '-000001-01-01',
  '1899-12-31',
  '1900-01-01',
  '1929-12-31',
  '1930-02-03',
  '2100-12-31',
  '2101-01-01',
  '2024-13-01',
  '2024-00-10',
  '2024-1-1',
  '20240101',
  '2024-01-01T00:00:00Z',
  '１９９０-01-01',
];
const DATE_TIMES = ['2024-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '2024-02-30T00:00:00Z', 'yesterday', '1970-01-01T07:00:00+07:00'];
const EXTREME_INTS: unknown[] = [0, -1, 2147483647, 2147483648, -2147483649, new Raw('9007199254740993'), 1e21, 1e308, -1e308, 1.5, new Raw('1e400'), new Raw('-1e400'), '12', 'NaN'];
const EXTREME_FLOATS: unknown[] = [0, -0, 5e-324, 1e308, -1e308, 1.7976931348623157e308, 0.1, new Raw('1e400'), new Raw('-1e400'), 'NaN', 'Infinity'];
const WRONG_TYPES: unknown[] = [null, true, {}, [], 1, 'x', [1], { $gt: '' }];
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const BAD_IDS = [
  '',
  '0',
  '-1',
  '123',
  'null',
  'not-an-id',
  NIL_UUID,
  `{${NIL_UUID}}`,
  NIL_UUID.replaceAll('-', ''),
  `${NIL_UUID}\n`,
  b64('Member:123'),
  b64(`Member:${'x'.repeat(36)}`),
  b64(`Organization:${NIL_UUID}`),
  b64(':'),
  b64(`Member:${NIL_UUID}\u0000`),
  b64("Member:' OR 1=1 --"),
  "' OR 1=1 --",
  '\u0000',
  '\ud800',
  '../../etc/passwd',
  'a'.repeat(10_000),
];
const ENTITY_TYPES: EntityType[] = [
  'Organization',
  'Document',
  'OrganizationEvent',
  'Member',
  'MemberEvent',
  'Term',
  'CommitteePosition',
  'Candidate',
  'TrainingClass',
  'DisciplineRecord',
  'OrganizationSuspension',
  'Complaint',
  'InspectionPlan',
  'InspectionCase',
  'Supervision',
  'CommendationAuthority',
  'Commendation',
  'PartyBadge',
  'SeriousIllnessCertification',
];

/** Which seeded records a field or path segment names. */
const ID_KINDS: Record<string, string[]> = {
  organization: ['Organization'],
  organizations: ['Organization'],
  parent: ['Organization'],
  newparent: ['Organization'],
  handler: ['Organization'],
  awardedby: ['Organization'],
  ratedby: ['Organization'],
  issuer: ['Organization'],
  organizer: ['Organization'],
  target: ['Organization'],
  source: ['Organization'],
  under: ['Organization'],
  child: ['Organization'],
  concerningorganization: ['Organization'],
  authority: ['Organization', 'CommendationAuthority'],
  'commendation-authorities': ['CommendationAuthority'],
  decision: ['Document'],
  document: ['Document'],
  documents: ['Document'],
  resolution: ['Document'],
  congressdecision: ['Document'],
  sourcedocument: ['Document'],
  member: ['Member'],
  members: ['Member'],
  concerningmember: ['Member'],
  term: ['Term'],
  terms: ['Term'],
  position: ['CommitteePosition'],
  'committee-positions': ['CommitteePosition'],
  candidate: ['Candidate'],
  candidates: ['Candidate'],
  class: ['TrainingClass'],
  'training-classes': ['TrainingClass'],
  attendance: ['ClassAttendance'],
  'class-attendances': ['ClassAttendance'],
  massorganization: ['MassOrganization'],
  'mass-organizations': ['MassOrganization'],
  disciplinerecord: ['DisciplineRecord'],
  complaint: ['Complaint'],
  complaints: ['Complaint'],
  suspension: ['OrganizationSuspension'],
  'organization-suspensions': ['OrganizationSuspension'],
  plan: ['InspectionPlan'],
  case: ['InspectionCase'],
  inspectioncase: ['InspectionCase'],
  'inspection-cases': ['InspectionCase'],
  supervision: ['Supervision'],
  supervisions: ['Supervision'],
  user: ['User'],
  users: ['User'],
  actor: ['User'],
  grant: ['Grant'],
  grants: ['Grant'],
  key: ['ApiKey'],
  apikey: ['ApiKey'],
  'api-keys': ['ApiKey'],
  event: ['MemberEvent', 'OrganizationEvent'],
};
const idKinds = (name: string): string[] | null => ID_KINDS[name.replace(/Ids?$/, '').toLowerCase()] ?? null;
const looksLikeId = (name: string) => /(^id|Id|Ids)$/.test(name);

type Seed = { ids: Record<string, string[]>; labels: Map<string, string> };

const weighted = <T>(...options: [number, fc.Arbitrary<T>][]) => fc.oneof(...options.map(([weight, arbitrary]) => ({ weight, arbitrary })));

/** Arbitrary values for one kind of input, built from the seed so that real ids are among them. */
class Values {
  /**
   * How much likelier a plausible value is than a hostile one, at every leaf: 1 for wild
   * requests (most are refused by the first check), 15 for calm ones (about one hostile value a
   * request, so that the others take the request deep into the services).
   */
  constructor(
    private readonly seed: Seed,
    readonly k: number,
  ) {}

  id(name: string): fc.Arbitrary<unknown> {
    const kinds = idKinds(name);
    const right = (kinds ?? []).flatMap((kind) => this.seed.ids[kind] ?? []);
    const all = Object.values(this.seed.ids).flat();
    const types = ((kinds ?? []).filter((kind) => (ENTITY_TYPES as string[]).includes(kind)) as EntityType[]).concat(['Member', 'Organization']);
    const options: [number, fc.Arbitrary<unknown>][] = [
      [right.length > 0 ? 2 : 2 * this.k, fc.constantFrom(...all)],
      [1, fc.tuple(fc.uuid(), fc.constantFrom<string>(...types, 'Nothing')).map(([uuid, type]) => toGlobalId(type as EntityType, uuid))],
      [1, fc.uuid()],
      [2, fc.constantFrom(...BAD_IDS)],
      [1, fc.constantFrom(...all).map((id) => b64(Buffer.from(id, 'base64').toString('utf8').toUpperCase()))],
      [1, fc.constantFrom(...WRONG_TYPES)],
    ];
    if (right.length > 0) options.push([12 * this.k, fc.constantFrom(...right)]);
    return weighted(...options);
  }

  date(): fc.Arbitrary<unknown> {
    const plausible = fc
      .integer({ min: Date.UTC(1985, 0, 1), max: Date.UTC(2030, 11, 31) })
      .map((ms) => new Date(ms - (ms % 86_400_000)).toISOString().slice(0, 10));
    const anyYear = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    return weighted([8 * this.k, plausible], [4, fc.constantFrom(...EXTREME_DATES)], [1, anyYear], [1, fc.constantFrom(...HOSTILE_STRINGS, ...WRONG_TYPES)]);
  }

  dateTime(): fc.Arbitrary<unknown> {
    return weighted([3 * this.k, fc.constantFrom(DATE_TIMES[0]!, DATE_TIMES[6]!)], [3, fc.constantFrom(...DATE_TIMES)], [1, fc.constantFrom(...HOSTILE_STRINGS)]);
  }

  string(name: string, schema: JsonSchema = {}): fc.Arbitrary<unknown> {
    if (looksLikeId(name)) return this.id(name);
    if (schema.format === 'date' || /^date|On$|Date$/.test(name)) return this.date();
    if (schema.format === 'date-time') return this.dateTime();
    if (schema.pattern === '^\\d{4}-\\d{2}$') {
      return weighted([3 * this.k, fc.constantFrom('2024-02', '2025-12')], [2, fc.constantFrom('0000-00', '9999-13', '2024-1', '+10000-01', '')], [1, fc.constantFrom(...HOSTILE_STRINGS)]);
    }
    const plausible = /password/i.test(name)
      ? fc.constantFrom('mat-khau-dai-123', 'short', `${'p'.repeat(72)}é`, 'x'.repeat(1025))
      : /username/i.test(name)
        ? fc.integer({ min: 1, max: 1e6 }).map((n) => `fuzz-${n}`)
        : /phone/i.test(name)
          ? fc.constantFrom('0912345678', '+84 912 345 678', '09')
          : /number/i.test(name)
            ? fc.integer({ min: 1, max: 9999 }).map((n) => `${n}-QĐ/TU`)
            : /code/i.test(name)
              ? fc.integer({ min: 1, max: 999 }).map((n) => `F${n}`)
              : fc.constantFrom(...VIETNAMESE);
    const lengths: fc.Arbitrary<unknown>[] = [];
    if (schema.maxLength !== undefined) lengths.push(fc.constant('ă'.repeat(schema.maxLength)), fc.constant('ă'.repeat(schema.maxLength + 1)));
    return weighted(
      [8 * this.k, plausible],
      [4, fc.constantFrom(...HOSTILE_STRINGS)],
      [2, fc.string({ unit: 'binary', maxLength: 24 })],
      [1, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })],
      [1, lengths.length > 0 ? fc.oneof(...lengths) : fc.constant(LONG)],
      [1, fc.constantFrom(...WRONG_TYPES)],
    );
  }

  integer(name: string, schema: JsonSchema = {}): fc.Arbitrary<unknown> {
    const plausible = /year/i.test(name)
      ? fc.integer({ min: 1925, max: 2105 })
      : /quarter/i.test(name)
        ? fc.integer({ min: 0, max: 5 })
        : /milestone/i.test(name)
          ? fc.constantFrom(30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 35)
          : /first/i.test(name)
            ? fc.integer({ min: -1, max: 120 })
            : fc.integer({ min: -10, max: 400 });
    const bounds = [schema.minimum, schema.maximum].flatMap((bound) => (bound === undefined ? [] : [bound - 1, bound, bound + 1]));
    return weighted(
      [8 * this.k, plausible],
      [3, fc.constantFrom(...EXTREME_INTS, ...(bounds.length > 0 ? bounds : [0]))],
      [1, fc.integer()],
      [1, fc.constantFrom(...WRONG_TYPES)],
    );
  }

  float(): fc.Arbitrary<unknown> {
    return weighted(
      [6 * this.k, fc.double({ min: -10, max: 1000, noNaN: true, noDefaultInfinity: true })],
      [3, fc.constantFrom(...EXTREME_FLOATS)],
      [1, fc.constantFrom(...WRONG_TYPES)],
    );
  }

  enumeration(values: unknown[]): fc.Arbitrary<unknown> {
    return weighted(
      [12 * this.k, fc.constantFrom(...values)],
      [1, fc.constantFrom('', 'UNKNOWN', String(values[0]).toLowerCase(), '\u0000', 'Ａ')],
      [1, fc.constantFrom(...WRONG_TYPES)],
    );
  }

  /** Objects: required fields nearly always, optional ones often, and now and then an extra field. */
  object(fields: { name: string; required: boolean; arbitrary: fc.Arbitrary<unknown> }[], top = false): fc.Arbitrary<unknown> {
    // Prototype-poisoning keys only at the top (a body, the variables), and rarely: each is one root.
    const extra = top
      ? weighted<Record<string, unknown>>(
          [400 * this.k, fc.constant({})],
          [4, fc.constant({ unexpected: 1 })],
          [1, fc.constant(JSON.parse('{"__proto__": {"isAdmin": true}}') as Record<string, unknown>)],
          [1, fc.constant({ constructor: { prototype: { isAdmin: true } } })],
        )
      : weighted<Record<string, unknown>>([30 * this.k, fc.constant({})], [1, fc.constant({ unexpected: 1 })]);
    const entries = fields.map(({ name, required, arbitrary }) =>
      weighted<[string, unknown] | null>([required ? 30 * this.k : 3, arbitrary.map((value) => [name, value])], [1, fc.constant(null)]),
    );
    return fc.tuple(fc.tuple(...entries), extra).map(([pairs, more]) => {
      const object: Record<string, unknown> = {};
      for (const pair of pairs) if (pair) object[pair[0]] = pair[1];
      for (const [key, value] of Object.entries(more)) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      return object;
    });
  }

  /** `tree` with one value (chosen by `pick`) replaced by a hostile one of its kind, or removed. */
  mutate(tree: Record<string, unknown>, pick: number, choice: number): Record<string, unknown> {
    const copy = clone(tree) as Record<string, unknown>;
    const slots: { parent: Record<string, unknown> | unknown[]; key: string | number; name: string }[] = [];
    const walk = (value: unknown, name: string) => {
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          slots.push({ parent: value, key: i, name });
          walk(item, name);
        });
      } else if (value && typeof value === 'object' && !(value instanceof Raw)) {
        for (const [key, item] of Object.entries(value)) {
          slots.push({ parent: value as Record<string, unknown>, key, name: key });
          walk(item, key);
        }
      }
    };
    // REST trees hold path, query and body; their own keys are not values.
    if ('path' in copy || 'query' in copy) for (const part of Object.values(copy)) walk(part, '');
    else walk(copy, '');
    if (slots.length === 0) return copy;
    const { parent, key, name } = slots[pick % slots.length]!;
    const pool = this.hostileFor(name, (parent as Record<string | number, unknown>)[key]);
    const option = choice % (pool.length + 1);
    if (option < pool.length) (parent as Record<string | number, unknown>)[key] = pool[option];
    else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
    return copy;
  }

  private hostileFor(name: string, value: unknown): unknown[] {
    if (looksLikeId(name) || name === 'ids') {
      const others = Object.values(this.seed.ids).map((ids) => ids[0]!);
      return [...BAD_IDS, ...others, toGlobalId('Member', NIL_UUID), toGlobalId('Nothing' as EntityType, NIL_UUID)];
    }
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return EXTREME_DATES;
    if (typeof value === 'string' && /T\d\d:/.test(value)) return DATE_TIMES;
    if (typeof value === 'string') return [...HOSTILE_STRINGS, 'ă'.repeat(Math.max(1, value.length) * 200), 1];
    if (typeof value === 'number') return [...EXTREME_INTS, ...EXTREME_FLOATS, String(value)];
    if (Array.isArray(value)) return [[], Array.from({ length: 150 }, () => value[0] ?? null), ...WRONG_TYPES];
    if (value && typeof value === 'object') return [{}, ...WRONG_TYPES];
    return [...HOSTILE_STRINGS.slice(0, 5), ...WRONG_TYPES];
  }

  list(item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
    return weighted([12 * this.k, fc.array(item, { maxLength: 3 })], [1, fc.array(item, { minLength: 101, maxLength: 150 })], [1, fc.constantFrom(...WRONG_TYPES)]);
  }
}

// ---------------------------------------------------------------------------------------------
// REST: operations of openapi.yaml
// ---------------------------------------------------------------------------------------------

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: JsonSchema };
type OpenApiOperation = { operationId: string; parameters?: Parameter[]; requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> } };
type OpenApi = { paths: Record<string, Record<string, OpenApiOperation>>; components: { schemas: Record<string, JsonSchema> } };
/** A request before it is written: the values to fuzz (`tree`) and the rest. */
type Parts = { as: As; tree: Record<string, unknown>; extra: Record<string, unknown> };
type Operation = { op: string; arbitrary: fc.Arbitrary<Parts>; build(parts: Parts): FuzzRequest };

function restOperations(values: Values): Operation[] {
  const document = parseYaml(readFileSync(path.join(ROOT, 'openapi.yaml'), 'utf8')) as OpenApi;
  const resolve = (schema: JsonSchema): JsonSchema =>
    schema.$ref ? resolve(document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] ?? {}) : schema;

  const valueOf = (raw: JsonSchema, name: string, depth: number): fc.Arbitrary<unknown> => {
    const schema = resolve(raw);
    const branches = schema.anyOf ?? schema.oneOf;
    if (branches) return fc.oneof(...branches.map((branch) => valueOf(branch, name, depth)));
    if (schema.allOf) return valueOf(Object.assign({}, ...schema.allOf.map(resolve)) as JsonSchema, name, depth);
    if (schema.const !== undefined) return values.enumeration([schema.const]);
    if (schema.enum) return values.enumeration(schema.enum);
    const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'null') : schema.type;
    switch (type) {
      case 'string':
        return values.string(name, schema);
      case 'integer':
        return values.integer(name, schema);
      case 'number':
        return values.float();
      case 'boolean':
        return weighted<unknown>([8 * values.k, fc.boolean()], [1, fc.constantFrom<unknown>('true', 0, null)]);
      case 'null':
        return fc.constant(null);
      case 'array':
        return depth > 4 ? fc.constant([]) : values.list(valueOf(schema.items ?? {}, name.replace(/s$/, ''), depth + 1));
      case 'object':
      case undefined: {
        if (!schema.properties) return fc.jsonValue({ maxDepth: 2 });
        const required = new Set(schema.required ?? []);
        return values.object(
          Object.entries(schema.properties).map(([key, property]) => ({ name: key, required: required.has(key), arbitrary: depth > 4 ? fc.constant(null) : valueOf(property, key, depth + 1) })),
          depth === 0,
        );
      }
      default:
        return fc.constantFrom(...WRONG_TYPES);
    }
  };

  const result: Operation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods) as [string, OpenApiOperation][]) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const parameters = operation.parameters ?? [];
      const pathArbs = Object.fromEntries(
        parameters
          .filter((p) => p.in === 'path')
          .map((p) => {
            const segment = template.split('/').at(template.split('/').indexOf(`{${p.name}}`) - 1) ?? '';
            const arbitrary = p.name === 'id' ? values.id(segment) : valueOf(p.schema, p.name, 0);
            return [p.name, arbitrary];
          }),
      );
      const queryArbs = parameters
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name, required: Boolean(p.required), arbitrary: valueOf(p.schema, p.name, 0) }));
      const headerArbs = parameters
        .filter((p) => p.in === 'header')
        .map((p) =>
          weighted<[string, string] | null>(
            [6 * values.k, fc.constant(null)],
            [1, fc.constantFrom('W/"0"', '"x"', '*', 'fuzz-key-1', '', ' ', 'é', 'a'.repeat(300)).map((v) => [p.name, v])],
          ),
        );
      const bodySchema = operation.requestBody?.content['application/json']?.schema;
      const body: fc.Arbitrary<unknown> = bodySchema ? valueOf(bodySchema, 'body', 0) : fc.constant(undefined);
      const rawBody: fc.Arbitrary<string | null> = bodySchema
        ? weighted<string | null>(
            [24 * values.k, fc.constant(null)],
            [1, fc.constantFrom('', 'null', '[]', '"text"', '{"a":', '{"a":1}{', `${'['.repeat(5000)}${']'.repeat(5000)}`, '{"a":"\\ud800"}', '\u0000')],
          )
        : fc.constant(null);
      const op = `${method.toUpperCase()} ${template}`;
      const write = method !== 'get';
      const arbitrary = fc
        .record({
          as: weighted<As>([4, fc.constant('admin')], [1, fc.constant('viewer')]),
          path: fc.record(pathArbs),
          query: values.object(queryArbs),
          body,
          extraQuery: weighted<string>([12 * values.k, fc.constant('')], [1, fc.constantFrom('unknown=1', 'first=1&first=2', '%ZZ', 'a[b]=1', '__proto__[x]=1')]),
          headers: fc.tuple(...headerArbs),
          rawBody,
          contentType: weighted([30 * values.k, fc.constant('application/json')], [1, fc.constantFrom('text/plain', 'application/json; charset=latin1', 'application/x-www-form-urlencoded')]),
        })
        .map(({ as, path, query, body, ...extra }): Parts => ({ as, tree: { path, query, ...(body === undefined ? {} : { body }) }, extra }));
      const build = ({ as, tree, extra }: Parts): FuzzRequest => {
        const { extraQuery, headers, rawBody, contentType } = extra as { extraQuery: string; headers: ([string, string] | null)[]; rawBody: string | null; contentType: string };
        const pathValues = (tree.path ?? {}) as Record<string, unknown>;
        const url = template.replace(/\{(\w+)\}/g, (_, name: string) => encode(paramText(pathValues[name])));
        const pairs = Object.entries((tree.query ?? {}) as Record<string, unknown>).flatMap(([name, value]) =>
          Array.isArray(value) ? value.map((item) => `${name}=${encode(paramText(item))}`) : [`${name}=${encode(paramText(value))}`],
        );
        if (extraQuery) pairs.push(extraQuery);
        const headerObject: Record<string, string> = Object.fromEntries(headers.filter(Boolean) as [string, string][]);
        const text = bodySchema ? (rawBody ?? ('body' in tree ? toJson(tree.body) : undefined)) : undefined;
        if (text !== undefined) headerObject['content-type'] = contentType;
        return { api: 'rest', op, as, method: method.toUpperCase(), url: `${url}${pairs.length ? `?${pairs.join('&')}` : ''}`, headers: headerObject, ...(text !== undefined ? { body: text } : {}), write };
      };
      result.push({ op, arbitrary, build });
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// GraphQL: every mutation, and every query with arguments
// ---------------------------------------------------------------------------------------------

function inputValue(type: GraphQLInputType, name: string, values: Values, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return weighted([30 * values.k, inputValue(type.ofType, name, values, depth)], [1, fc.constant(null)]);
  if (isListType(type)) return depth > 4 ? fc.constant([]) : values.list(inputValue(type.ofType, name.replace(/s$/, ''), values, depth + 1));
  if (isEnumType(type)) return values.enumeration(type.getValues().map((value) => value.name));
  if (isInputObjectType(type)) {
    return values.object(
      Object.values(type.getFields()).map((field) => ({
        name: field.name,
        required: isNonNullType(field.type),
        arbitrary: depth > 4 ? fc.constant(null) : inputValue(field.type, field.name, values, depth + 1),
      })),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'String':
        return values.string(name);
      case 'ID':
        return values.id(name);
      case 'Int':
        return values.integer(name);
      case 'Float':
        return values.float();
      case 'Boolean':
        return weighted<unknown>([8 * values.k, fc.boolean()], [1, fc.constantFrom<unknown>('true', 0, null)]);
      case 'Date':
        return values.date();
      case 'DateTime':
        return values.dateTime();
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }
  return fc.constant(null);
}

/** The fields of an output type to depth `depth`: its leaves, and the objects below with their leaves. */
function selection(schema: GraphQLSchema, type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isUnionType(named) || isInterfaceType(named)) {
    const parts = ['__typename'];
    for (const possible of schema.getPossibleTypes(named)) {
      const inner = fieldsOf(schema, possible, depth);
      if (inner) parts.push(`... on ${possible.name} { ${inner} }`);
    }
    return parts.join(' ');
  }
  return isObjectType(named) ? fieldsOf(schema, named, depth) || '__typename' : '__typename';
}

function fieldsOf(schema: GraphQLSchema, type: GraphQLObjectType, depth: number): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (field.args.some((arg) => isNonNullType(arg.type))) continue;
    if (isLeafType(getNamedType(field.type))) parts.push(field.name);
    else if (depth > 0) {
      const inner = selection(schema, field.type, depth - 1);
      if (inner) parts.push(`${field.name} { ${inner} }`);
    }
  }
  return parts.join(' ');
}

function graphqlOperations(schema: GraphQLSchema, values: Values): Operation[] {
  const result: Operation[] = [];
  const roots: [string, GraphQLObjectType | null | undefined][] = [
    ['mutation', schema.getMutationType()],
    ['query', schema.getQueryType()],
  ];
  for (const [kind, root] of roots) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (kind === 'query' && field.args.length === 0) continue;
      const declarations = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
      const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
      const inner = selection(schema, field.type, kind === 'mutation' ? 2 : 3);
      const query = `${kind} (${declarations}) { result: ${field.name}(${args})${inner ? ` { ${inner} }` : ''} }`;
      const variables = values.object(
        field.args.map((arg) => ({ name: arg.name, required: isNonNullType(arg.type), arbitrary: inputValue(arg.type, arg.name, values, 0) })),
        true,
      );
      const op = `${kind} ${field.name}`;
      const arbitrary = fc
        .record({ as: weighted<As>([4, fc.constant('admin')], [1, fc.constant('viewer')]), variables })
        .map(({ as, variables }): Parts => ({ as, tree: variables as Record<string, unknown>, extra: {} }));
      const build = ({ as, tree }: Parts): FuzzRequest => ({ api: 'graphql', op, as, query, variables: toJson(tree), write: kind === 'mutation' });
      result.push({ op, arbitrary, build });
    }
  }
  return result;
}

/** The requests the issue names, first, so that a run always tries them. */
function knownProbes(seed: Seed): FuzzRequest[] {
  const gql = (op: string, query: string, variables: unknown = {}): FuzzRequest => ({ api: 'graphql', op: `probe ${op}`, as: 'admin', query, variables: toJson(variables), write: false });
  const member = seed.ids.Member![seed.ids.Member!.length - 1]!;
  const hundredFifty = Array.from({ length: 150 }, (_, i) => Object.values(seed.ids).flat()[i % Object.values(seed.ids).flat().length]!);
  return [
    gql('workingDayDeadline', `{ workingDayDeadline(start: "9999-12-31", days: 1) }`),
    gql('workingDaysBetween', `{ workingDaysBetween(from: "0001-01-01", to: "9999-12-31") }`),
    { api: 'rest', op: 'probe GET /api/v1/working-days/deadline', as: 'admin', method: 'GET', url: '/api/v1/working-days/deadline?start=9999-12-31&days=1', headers: {}, write: false },
    gql('members asOf 9999-12-31', `{ members(first: 1, asOf: "9999-12-31") { edges { node { age partyAge { years } } } } }`),
    gql('nodes 150 ids', `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: hundredFifty }),
    {
      api: 'rest',
      op: 'probe POST /api/v1/members/{id}/death',
      as: 'admin',
      method: 'POST',
      url: `/api/v1/members/${member}/death`,
      headers: { 'content-type': 'application/json' },
      body: toJson({ occurredOn: '9999-12-31' }),
      write: true,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// The worker: seeds, generates, sends, checks
// ---------------------------------------------------------------------------------------------

function emit(message: Message) {
  process.stdout.write(`${MARK}${JSON.stringify(message)}\n`);
}

/** A short, readable request: seeded ids by name, long runs folded. */
function render(request: FuzzRequest, labels: Map<string, string>): string {
  let text =
    request.api === 'rest'
      ? `${request.as} ${request.method} ${request.url}${Object.keys(request.headers).length ? ` ${JSON.stringify(request.headers)}` : ''}${request.body !== undefined ? ` ${request.body}` : ''}`
      : `${request.as} ${request.query.replace(/\s+/g, ' ')} variables=${request.variables}`;
  for (const [id, label] of labels) text = text.replaceAll(id, label);
  text = text.replace(/(.)\1{39,}/gu, (run, char: string) => `«${JSON.stringify(char)}×${[...run].length}»`);
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}

/** The service's logged error of a request: type, code, message and the first frames in src/. */
function describeLogs(records: any[]): string {
  const errors = records.filter((record) => record.err || record.level >= 50);
  if (errors.length === 0) return '(nothing logged)';
  return errors
    .map((record) => {
      const err = record.err ?? {};
      const message = String(err.message ?? record.msg ?? '')
        .split('\n')
        .map((line: string) => line.trim())
        .filter(Boolean);
      const frames = String(err.stack ?? '')
        .split('\n')
        .filter((line: string) => line.includes('/src/') && !line.includes('/src/generated/'))
        .slice(0, 3)
        .map((line: string) => line.trim().replace(/^at /, '').replace(`${ROOT}/`, ''));
      return `${err.type ?? 'Error'}${err.code ? ` ${err.code}` : ''}: ${message.slice(-2).join(' | ').slice(0, 400)}${frames.length ? ` @ ${frames.join(' < ')}` : ''}`;
    })
    .join(' ;; ');
}

/** The supervisor's word to begin: `go <first request> <deadline>` on stdin. */
function waitForGo(): Promise<{ start: number; deadline: number }> {
  return new Promise((resolve) => {
    let buffer = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      buffer += chunk;
      const match = /^go (\d+) (\d+)\n/.exec(buffer);
      if (match) resolve({ start: Number(match[1]), deadline: Number(match[2]) });
    });
    process.stdin.on('end', () => process.exit(0)); // the supervisor is gone, or did not need this spare
  });
}

async function worker() {
  const heartbeat = setInterval(() => emit({ e: 'hb' }), HEARTBEAT_MS);
  const teardowns: (() => unknown)[] = [];
  const fakeTest = { teardown: (work: () => unknown) => teardowns.push(work) } as unknown as Test;
  const logs = new Map<string, any[]>();
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        try {
          const record = JSON.parse(line);
          const id = String(record.reqId ?? '');
          logs.set(id, [...(logs.get(id) ?? []), record]);
        } catch {
          // not a log record
        }
      }
      callback();
    },
  });

  const seeding = Date.now();
  const api = await buildTestApp(fakeTest, { LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '100000000' }, { logStream });
  const seed = await seedData(api);
  const viewer = await api.signInAs('VIEWER', seed.viewerScope);
  const clients: Record<As, Client> = { admin: api, viewer };

  // A statement-level trigger on every table bumps a sequence (sequences ignore rollbacks): when
  // it has not moved, nothing was written and the digest of every table need not be taken.
  const tables = await api.app.db.prisma.$queryRaw<{ name: string }[]>`
    SELECT relname::text AS name FROM pg_class
    WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname <> '_prisma_migrations'`;
  await api.app.db.prisma.$executeRawUnsafe(`CREATE SEQUENCE fuzz_writes`);
  await api.app.db.prisma.$executeRawUnsafe(
    `CREATE FUNCTION fuzz_count_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('fuzz_writes'); RETURN NULL; END $$`,
  );
  for (const { name } of tables) {
    await api.app.db.prisma.$executeRawUnsafe(
      `CREATE TRIGGER fuzz_count_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${name}" FOR EACH STATEMENT EXECUTE FUNCTION fuzz_count_write()`,
    );
  }
  const writes = async () => Number((await api.app.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT last_value + (CASE WHEN is_called THEN 1 ELSE 0 END) AS n FROM fuzz_writes`))[0]!.n);

  // Three kinds of requests for each operation: a plausible one with exactly one value made
  // hostile (or one field dropped), a calm one and a wild one.
  const schema = api.app.graphql.schema;
  const kinds = [new Values(seed, 1e6), new Values(seed, 15), new Values(seed, 1)];
  const sets = kinds.map((values) => [...restOperations(values), ...graphqlOperations(schema, values)]);
  const mutator = kinds[0]!;
  const operations = sets[0]!.map(({ op, arbitrary, build }, i) => ({
    op,
    arbitrary: weighted(
      [3, fc.tuple(arbitrary, fc.nat(), fc.nat()).map(([parts, pick, choice]) => ({ ...parts, tree: mutator.mutate(parts.tree, pick, choice) }))],
      [1, sets[1]![i]!.arbitrary],
      [1, sets[2]![i]!.arbitrary],
    ).map(build),
  }));
  // Round robin over the operations, so that a run cut short by the time budget still tried
  // each, with the issue's known hang-prone probes early, among them (one every 200 requests
  // from the 100th: a hang then costs a restart, not the run). Every request is drawn from its
  // own seed (the run's seed, the operation, the round) when it is sent, so that a worker that
  // starts at request n sends what another would have.
  const probes = knownProbes(seed);
  const total = probes.length + RUNS * operations.length;
  const layout: ({ probe: number } | { generated: number })[] = [];
  for (let generated = 0, probe = 0; layout.length < total; ) {
    if (probe < probes.length && layout.length === 100 + 200 * probe) layout.push({ probe: probe++ });
    else layout.push({ generated: generated++ });
  }
  const requestAt = (index: number): FuzzRequest => {
    const slot = layout[index]!;
    if ('probe' in slot) return probes[slot.probe]!;
    const { op, arbitrary } = operations[slot.generated % operations.length]!;
    const round = Math.floor(slot.generated / operations.length);
    const digest = createHash('sha256').update(`${SEED} ${op} ${round}`).digest();
    return fc.sample(arbitrary, { seed: digest.readInt32LE(0), numRuns: 1 })[0]!;
  };
  emit({ e: 'ready', total, seedMs: Date.now() - seeding });
  const { start, deadline } = await waitForGo();

  let baseline: { writes: number; digest: Record<string, string> } | null = null;
  let index = start;
  for (; index < total && Date.now() < deadline; index++) {
    const request = requestAt(index);
    const repro = render(request, seed.labels);
    const client = clients[request.as];
    const before = await writes();
    if (!baseline || baseline.writes !== before) baseline = { writes: before, digest: await api.snapshot() };
    emit({ e: 'send', i: index, op: request.op, repro });
    const requestId = `fuzz-${index}-${Date.now()}`;
    const sent = Date.now();
    const fail = (failure: Omit<Failure, 'index' | 'op' | 'repro'>) => emit({ e: 'fail', failure: { ...failure, index, op: request.op, repro } });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), REQUEST_TIMEOUT_MS)));
    const response = await Promise.race([
      client
        .request({
          method: request.api === 'rest' ? (request.method as 'GET') : 'POST',
          url: request.api === 'rest' ? request.url : '/graphql',
          headers: { 'x-request-id': requestId, ...(request.api === 'rest' ? request.headers : { 'content-type': 'application/json' }) },
          ...(request.api === 'rest'
            ? request.body !== undefined
              ? { payload: request.body }
              : {}
            : { payload: `{"query":${JSON.stringify(request.query)},"variables":${request.variables}}` }),
        })
        .catch((error: Error) => ({ error })),
      timeout,
    ]);
    clearTimeout(timer);
    if (response === 'timeout') {
      fail({ kind: 'timeout', cause: `no answer in ${REQUEST_TIMEOUT_MS} ms; logged: ${describeLogs(logs.get(requestId) ?? [])}` });
      emit({ e: 'end', next: index + 1 });
      process.exit(3); // the work may still run: start again on a fresh app
    }
    if ('error' in response) {
      fail({ kind: 'unreadable', cause: `the response could not be read: ${response.error.message.slice(0, 300)}` });
      continue;
    }
    const logged = () => describeLogs(logs.get(requestId) ?? []);
    const { status, body, headers } = response;
    emit({ e: 'done', i: index, api: request.api, status, ms: Date.now() - sent });
    if (status >= 500) fail({ kind: 'status', status, cause: logged() });
    let refused = status >= 400;
    if (request.api === 'rest' && status >= 400 && !String(headers['content-type'] ?? '').startsWith('application/problem+json')) {
      fail({ kind: 'content-type', status, cause: `${status} answered with content-type ${String(headers['content-type'])}` });
    }
    if (request.api === 'graphql' && status < 500) {
      const errors: any[] = Array.isArray(body?.errors) ? body.errors : [];
      if (errors.some((error) => error?.extensions?.code === 'INTERNAL')) {
        fail({ kind: 'internal', status, cause: `${errors.find((e) => e?.extensions?.code === 'INTERNAL')?.path?.join('.') ?? ''}: ${logged()}` });
      }
      const typename = String(body?.data?.result?.__typename ?? '');
      refused ||= errors.length > 0 || typename.endsWith('Error') || !body?.data?.result;
    }
    // Sign-in and token refreshes may record refusals (attempt counters, revoked sessions).
    const recordsRefusals = request.api === 'rest' && request.url.startsWith('/api/v1/auth/');
    if (refused && !recordsRefusals && (await writes()) !== before) {
      const after = await api.snapshot();
      const changed = Object.keys({ ...after, ...baseline.digest }).filter((table) => after[table] !== baseline!.digest[table]);
      if (changed.length > 0) fail({ kind: 'changed', status, cause: `refused (${status}) but changed ${changed.sort().join(', ')}` });
      baseline = { writes: await writes(), digest: after };
    }
  }
  emit({ e: 'end', next: index });
  for (const work of teardowns.reverse()) await work();
  clearInterval(heartbeat);
  process.exit(0);
}

/** One record of every kind, through the GraphQL API, as test/auth/audit.test.ts makes them. */
async function seedData(api: Awaited<ReturnType<typeof buildTestApp>>): Promise<Seed & { viewerScope: string }> {
  const { app, gql } = api;
  const tree = await buildTree(app, '1990-01-01');
  const d = docGid(tree.decision.id);
  const m = await admitMember(app, tree.B1, tree.decision.id, { admittedOn: '2020-01-01' });
  const veteran = await admitMember(app, tree.B1, tree.decision.id, { admittedOn: '1991-06-01', dateOfBirth: '1960-01-01' });
  await app.services.members.recordEvent(veteran, 'RECOGNIZED_OFFICIAL', { occurredOn: '1992-06-01', decisionId: tree.decision.id });
  const other = await admitMember(app, tree.B3, tree.decision.id, { admittedOn: '2021-03-01', gender: 'FEMALE' });
  const doomed = await admitMember(app, tree.B2, tree.decision.id, { admittedOn: '2022-03-01' });
  const mutate = async (mutation: string, input: object, select: string) => {
    const { body } = await gql(`mutation ($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { result: ${mutation}(input: $input) { __typename ${select} ... on Error { code message } } }`, { input });
    const result = body.data?.result;
    if (!result || result.code) throw new Error(`seed: ${mutation} failed: ${JSON.stringify(body)}`);
    return result;
  };
  const term = await mutate('openTerm', { organizationId: orgGid(tree.B1), name: '2020–2025', startsOn: '2021-07-01', endsOn: '2025-07-01', congressOn: '2021-06-20' }, '... on TermPayload { term { id } }');
  const position = await mutate('appointCommitteeMember', { termId: term.term.id, memberId: memberGid(veteran), role: 'SECRETARY', startsOn: '2021-10-01' }, '... on CommitteePositionPayload { position { id } }');
  const candidate = await mutate('proposeCandidate', { fullName: 'Hà Thị Ưu', gender: 'FEMALE', dateOfBirth: '2000-02-02', organizationId: orgGid(tree.B1), proposedOn: '2022-01-01' }, '... on CandidatePayload { candidate { id } }');
  const trainingClass = await mutate('createTrainingClass', { type: 'PARTY_AWARENESS', name: 'Lớp 1', organizerId: orgGid(tree.U1), startsOn: '2022-02-01', endsOn: '2022-02-03' }, '... on TrainingClassPayload { trainingClass { id } }');
  const enrolled = await mutate('enrollInClass', { classId: trainingClass.trainingClass.id, candidateIds: [candidate.candidate.id] }, '... on TrainingClassPayload { trainingClass { attendees { id } } }');
  const mass = await mutate('createMassOrganization', { organizationId: orgGid(tree.G1), type: 'TRADE_UNION', name: 'Công đoàn' }, '... on MassOrganization { id }');
  const record = await mutate('recordDiscipline', { memberId: memberGid(m), form: 'REPRIMAND', category: 'GENERAL', violationSummary: 'Vi phạm quy chế', violatedOn: '2022-01-10', decidedOn: '2022-03-01', decisionId: d, authorityId: orgGid(tree.G1) }, '... on DisciplinePayload { record { id } }');
  const letter = { handlerId: orgGid(tree.U1), receivedOn: '2022-03-10', summary: 'Đơn', sender: { name: 'Người Gửi', address: 'Địa chỉ' }, signed: true };
  const appeal = await mutate('receiveComplaint', { ...letter, kind: 'APPEAL', disciplineRecordId: record.record.id, notifiedOn: '2022-03-02' }, '... on ComplaintPayload { complaint { id } }');
  const denunciation = await mutate('receiveComplaint', { ...letter, kind: 'DENUNCIATION', concerningMemberId: memberGid(m) }, '... on ComplaintPayload { complaint { id } }');
  const suspension = await mutate('suspendOrganization', { organizationId: orgGid(tree.B3), startsOn: '2022-04-01', reason: 'Mất đoàn kết', decisionId: d }, '... on OrganizationSuspensionPayload { suspension { id } }');
  const plan = await mutate('createInspectionPlan', { organizationId: orgGid(tree.U1), year: 2022, title: 'Chương trình 2022' }, '... on InspectionPlanPayload { plan { id } }');
  const inspection = await mutate('openInspectionCase', { authorityId: orgGid(tree.U1), type: 'PARTY_FINANCES', title: 'Tài chính', planId: plan.plan.id, subjects: [{ organizationId: orgGid(tree.G1) }] }, '... on InspectionCasePayload { inspectionCase { id } }');
  const supervision = await mutate('startSupervision', { authorityId: orgGid(tree.U1), kind: 'REGULAR', topic: 'Thường xuyên', startsOn: '2022-01-15', subjects: [{ organizationId: orgGid(tree.G1) }] }, '... on SupervisionPayload { supervision { id } }');
  const rule = await mutate('addCommendationAuthority', { organizationKind: 'BRANCH', form: 'CERTIFICATE_OF_MERIT', subject: 'MEMBER', effectiveFrom: '2026-01-01', source: 'Thử nghiệm' }, '... on CommendationAuthorityPayload { authority { id } }');
  const user = await mutate('createUser', { username: 'can-bo', displayName: 'Cán bộ', password: 'mat-khau-dai-123' }, '... on User { id }');
  const grant = await mutate('grantRole', { userId: user.id, role: 'VIEWER', organizationId: orgGid(tree.U1) }, '... on RoleGrant { id }');
  const key = await mutate('createApiKey', { userId: user.id, name: 'Khóa' }, '... on ApiKeyPayload { apiKey { id } }');
  const events = await gql(`query ($m: ID!, $o: ID!) { member(id: $m) { events { id } } organization(id: $o) { history { id } } }`, { m: memberGid(m), o: orgGid(tree.B1) });

  const organizations = Object.fromEntries((['P', 'U1', 'U2', 'G1', 'G2', 'G3', 'B1', 'B2', 'B3'] as const).map((code) => [code, orgGid(tree[code])]));
  const named: Record<string, Record<string, string>> = {
    Organization: organizations,
    Document: { d },
    Member: { m: memberGid(m), veteran: memberGid(veteran), other: memberGid(other), doomed: memberGid(doomed) },
    Term: { term: term.term.id },
    CommitteePosition: { position: position.position.id },
    Candidate: { candidate: candidate.candidate.id },
    TrainingClass: { class: trainingClass.trainingClass.id },
    ClassAttendance: { attendance: enrolled.trainingClass.attendees[0].id },
    MassOrganization: { mass: mass.id },
    DisciplineRecord: { record: record.record.id },
    Complaint: { appeal: appeal.complaint.id, denunciation: denunciation.complaint.id },
    OrganizationSuspension: { suspension: suspension.suspension.id },
    InspectionPlan: { plan: plan.plan.id },
    InspectionCase: { case: inspection.inspectionCase.id },
    Supervision: { supervision: supervision.supervision.id },
    CommendationAuthority: { rule: rule.authority.id },
    User: { user: user.id },
    Grant: { grant: grant.id },
    ApiKey: { key: key.apiKey.id },
    MemberEvent: Object.fromEntries(events.body.data.member.events.map((event: { id: string }, i: number) => [`event${i}`, event.id])),
    OrganizationEvent: Object.fromEntries(events.body.data.organization.history.map((event: { id: string }, i: number) => [`history${i}`, event.id])),
  };
  const labels = new Map<string, string>();
  const ids: Record<string, string[]> = {};
  for (const [kind, byName] of Object.entries(named)) {
    ids[kind] = Object.values(byName);
    for (const [name, id] of Object.entries(byName)) labels.set(id, `«${kind} ${name}»`);
  }
  return { ids, labels, viewerScope: tree.U1 };
}

// ---------------------------------------------------------------------------------------------
// The supervisor (the tap test)
// ---------------------------------------------------------------------------------------------

type InFlight = { i: number; op: string; repro: string };
type Outcome = { next: number | null; total: number | null };
type Events = {
  message(message: Message): void;
  blocked(inFlight: InFlight, ms: number): void;
  stalled(inFlight: InFlight | null, stderr: string, reason: string): void;
};

/**
 * A worker process: it starts, seeds its database and prepares the request generators, then
 * waits for `go`. A spare one is started as soon as the first is ready, so that a restart
 * after a hang costs no start-up time.
 */
class Worker {
  readonly ready: Promise<boolean>;
  private readonly child;
  private settle: (outcome: Outcome) => void = () => {};
  private readonly finished = new Promise<Outcome>((resolve) => (this.settle = resolve));
  private running = false;
  private ended = false;
  private reported = false;
  private quiet = false;
  private inFlight: InFlight | null = null;
  private lastDone: number | null = null;
  private start = 0;
  private last = Date.now();
  private stderr = '';
  private readonly outcome: Outcome = { next: null, total: null };

  constructor(private readonly on: Events) {
    // tsx rather than tap's TypeScript loader: a worker starts in seconds.
    this.child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), FILE], {
      env: { ...process.env, FUZZ_WORKER: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let markReady: (ready: boolean) => void = () => {};
    this.ready = new Promise((resolve) => (markReady = resolve));
    let buffer = '';
    const watchdog = setInterval(() => {
      const silent = Date.now() - this.last;
      if (!this.running) {
        if (this.outcome.total === null && silent > 90_000) this.kill('the worker did not start within 90 s');
      } else if (this.ended) {
        if (silent > 30_000) this.kill('the worker did not end within 30 s of its last request (closing the app or dropping its database hangs)');
      } else if (silent > STALL_MS) {
        this.kill(`the event loop was blocked for more than ${STALL_MS} ms`);
      }
    }, 250);
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      if (this.running && !this.ended && this.inFlight && Date.now() - this.last > BLOCKED_MS) this.on.blocked(this.inFlight, Date.now() - this.last);
      this.last = Date.now();
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (!line.startsWith(MARK)) continue;
        const message = JSON.parse(line.slice(MARK.length)) as Message;
        if (message.e === 'ready') {
          this.outcome.total = message.total;
          markReady(true);
        } else if (message.e === 'send') this.inFlight = { i: message.i, op: message.op, repro: message.repro };
        else if (message.e === 'done') {
          this.inFlight = null;
          this.lastDone = message.i;
        } else if (message.e === 'end') {
          this.ended = true;
          this.outcome.next = message.next;
          this.inFlight = null;
        }
        if (message.e !== 'hb' && message.e !== 'ready') this.on.message(message);
      }
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-20_000)));
    this.child.on('close', (code, signal) => {
      clearInterval(watchdog);
      markReady(false);
      if (this.quiet) return this.settle(this.outcome);
      if (this.running && (this.outcome.next === null || (code !== 0 && code !== 3))) this.report(`the worker exited with ${signal ?? code}`);
      if (!this.running && this.outcome.total === null && !this.reported) this.report(`the worker exited with ${signal ?? code} before it was ready`);
      this.settle(this.outcome);
    });
  }

  go(start: number, deadline: number): Promise<Outcome> {
    this.running = true;
    this.start = start;
    this.last = Date.now();
    this.child.stdin.write(`go ${start} ${deadline}\n`);
    return this.finished;
  }

  /** Ends the process; `reason` records the request in flight (if any) as a failure. */
  kill(reason?: string) {
    if (reason) this.report(reason);
    else this.quiet = true;
    this.child.kill('SIGKILL');
  }

  private report(reason: string) {
    if (this.reported) return;
    this.reported = true;
    this.on.stalled(this.inFlight, this.stderr.slice(-2000), reason);
    this.outcome.next = this.inFlight ? this.inFlight.i + 1 : (this.outcome.next ?? (this.lastDone === null ? this.start : this.lastDone + 1));
  }
}

async function supervisor() {
  const { default: t } = await import('tap');
  t.test('fuzzing REST and GraphQL leaves no 5xx, no internal error, no change after a refusal', async (t) => {
    const started = Date.now();
    const deadline = started + BUDGET_MS;
    const failures: Failure[] = [];
    const sent = { rest: 0, graphql: 0, statuses: new Map<number, number>(), slowest: { ms: 0, repro: '' } };
    let lastSend: InFlight | null = null;
    const events: Events = {
      message(message) {
        if (message.e === 'fail') failures.push(message.failure);
        if (message.e === 'send') lastSend = { i: message.i, op: message.op, repro: message.repro };
        if (message.e === 'done') {
          sent[message.api]++;
          sent.statuses.set(message.status, (sent.statuses.get(message.status) ?? 0) + 1);
          if (message.ms > sent.slowest.ms) sent.slowest = { ms: message.ms, repro: lastSend?.repro ?? '' };
        }
      },
      blocked(inFlight, ms) {
        failures.push({ kind: 'blocked', index: inFlight.i, op: inFlight.op, repro: inFlight.repro, cause: `the event loop was blocked for ${ms} ms` });
      },
      stalled(inFlight, stderr, reason) {
        failures.push({
          kind: inFlight ? 'hang' : 'crash',
          index: inFlight?.i ?? -1,
          op: inFlight?.op ?? '(between requests)',
          repro: inFlight?.repro ?? '',
          cause: `${reason}${stderr ? `; stderr: ${stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}`,
        });
      },
    };
    let total: number | null = null;
    let start = 0;
    let workers = 1;
    let current = new Worker(events);
    let spare: Worker | null = null;
    while (Date.now() < deadline && (total === null || start < total)) {
      // A worker that could not start was reported as a crash; one not ready by the deadline is not needed.
      const timeLeft = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), Math.max(0, deadline - Date.now())).unref());
      if (!(await Promise.race([current.ready, timeLeft]))) break;
      // A spare starts once this one is ready (not alongside it): should a request hang, the
      // next worker takes over at once.
      spare ??= new Worker(events);
      const outcome = await current.go(start, deadline);
      total = outcome.total ?? total;
      if (outcome.next === null || outcome.next <= start || Date.now() >= deadline || outcome.next >= (total ?? 0)) break;
      start = outcome.next;
      // The worker was killed (a hang) or ended early: go on with a ready one, and warm the next.
      current = spare;
      spare = null;
      workers++;
    }
    current.kill();
    spare?.kill();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    t.comment(
      `fuzz seed ${SEED}, ${RUNS} runs per operation: ${sent.rest + sent.graphql} requests answered (${sent.rest} REST, ${sent.graphql} GraphQL) of ${total ?? '?'} generated, in ${seconds} s with ${workers} worker(s)`,
    );
    t.comment(`statuses: ${[...sent.statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ')}`);
    t.comment(`slowest answer: ${sent.slowest.ms} ms: ${sent.slowest.repro.slice(0, 300)}`);
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(failures, null, 2));

    // One assertion per root: the kind and the logged cause with numbers, ids and quoted values blanked.
    const roots = new Map<string, Failure[]>();
    for (const failure of failures) {
      const cause = failure.cause.replace(/"[^"]*"|'[^']*'|[0-9a-f]{8}-[0-9a-f-]{27}|\d+/gi, '…').slice(0, 300);
      const key = `${failure.kind}${failure.status ? ` ${failure.status}` : ''}: ${['hang', 'blocked', 'timeout', 'changed'].includes(failure.kind) ? `${failure.op}: ` : ''}${cause}`;
      roots.set(key, [...(roots.get(key) ?? []), failure]);
    }
    for (const [key, list] of roots) {
      const shortest = list.reduce((a, b) => (b.repro.length < a.repro.length ? b : a));
      t.fail(key, { count: list.length, operations: [...new Set(list.map((f) => f.op))].slice(0, 12), repro: shortest.repro, cause: shortest.cause });
    }
    t.ok(sent.rest + sent.graphql > 0, 'requests were sent');
  });
}

if (process.env.FUZZ_WORKER) await worker();
else await supervisor();
