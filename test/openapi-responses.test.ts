/**
 * The OpenAPI document is exact (issue 15): every GET operation is called as a client generated
 * from the document would call it (required parameters from their examples, ids of real
 * records), and every answer — status, content type, body, headers — is checked against what the
 * document says of that operation. Then one error answer of every operation (GET or not): without
 * credentials (401), or for the public ones a malformed request (400), checked the same way.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import t from 'tap';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';
import { buildTestApp, type Client } from './helper.js';
import { toGlobalId } from '../src/shared/ids.js';
import { APPLICATION_NAME } from '../src/db/replicas.js';

type Parameter = { in: string; name: string; required?: boolean; example?: unknown; style?: string; explode?: boolean; $ref?: string };
type Response = { content?: Record<string, { schema: object }>; headers?: Record<string, unknown> };
type Operation = { operationId: string; parameters?: Parameter[]; responses: Record<string, Response>; security?: unknown[]; requestBody?: unknown };
type Document = { paths: Record<string, Record<string, Operation>>; components: object };
type Answer = { status: number; headers: Record<string, unknown>; body: unknown; raw: string };

t.test('every GET answers as documented, and one error of every operation too', async (t) => {
  // GETs read from a replica (here the same database, read only): a GET that wrote anything
  // there (rather than through the routing, on the primary) would fail.
  const api = await buildTestApp(t, {}, { readOnlyReplica: true });
  const { app } = api;
  const { services } = app;
  const tree = await buildTree(app, '2015-01-01');
  const member = await admitMember(app, tree.B1, tree.decision.id, { admittedOn: '2016-01-01' });
  await services.members.recordEvent(member, 'RECOGNIZED_OFFICIAL', { occurredOn: '2017-01-01', decisionId: tree.decision.id });
  const term = await services.committees.openTerm({ organizationId: tree.B1, name: '2020–2025', startsOn: '2020-07-01', endsOn: '2025-07-01', congressOn: '2020-06-20' });
  const inspection = await services.inspections.openCase({ authorityId: tree.U1, type: 'ON_SIGNS_OF_VIOLATION', title: 'Kiểm tra khi có dấu hiệu vi phạm', subjects: [{ organizationId: tree.G1 }], planId: null, decidedOn: '2025-03-03', decisionId: tree.decision.id, team: [{ name: 'Trưởng Đoàn', role: 'LEADER' }] });
  const letter = await api.gql(`mutation ($input: ReceiveComplaintInput!) { result: receiveComplaint(input: $input) { ... on ComplaintPayload { complaint { id } } ... on Error { code message } } }`, {
    input: { kind: 'DENUNCIATION', handlerId: orgGid(tree.U1), concerningMemberId: memberGid(member), receivedOn: '2025-06-02', summary: 'Tố cáo vi phạm', sender: { name: 'Nguyễn Văn Tố', address: 'Hà Nội' }, signed: true },
  });
  const complaintId = letter.body.data.result.complaint?.id as string;
  const meeting = await services.meetings.plan({ organizationId: tree.B1, kind: 'REGULAR', plannedOn: '2025-03-03', startTime: '08:00', place: 'Hội trường' });
  t.ok(complaintId, `a letter to read back: ${JSON.stringify(letter.body.data.result)}`);
  const imported = await app.inject({ method: 'POST', url: '/api/v1/imports?kind=organizations', headers: { ...api.headers, 'content-type': 'text/csv', prefer: 'wait=30' }, payload: 'Mã tổ chức\nX\n' });
  const jobId = imported.json().id as string;
  // An export run as a job, finished, for its file.
  const exporting = await app.inject({ method: 'GET', url: '/api/v1/organizations/export?format=csv', headers: { ...api.headers, prefer: 'respond-async' } });
  const exportJobId = exporting.json().id as string;
  for (let i = 0; i < 200 && (await app.inject({ method: 'GET', url: `/api/v1/jobs/${exportJobId}`, headers: api.headers })).json().status !== 'SUCCEEDED'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  // The replica has caught up with the writes above: the GETs below read there.
  await app.db.replicas!.check();
  t.equal(await app.readRouteFor(null).then((route) => route?.replica), app.db.replicas!.status()[0]!.name, 'reads are routed to the replica');

  const document = app.swagger() as unknown as Document;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  formats.default(ajv);
  // Each response schema is compiled inside a copy of the document's components, so that its
  // references (#/components/schemas/...) resolve as they do for any OpenAPI tool.
  const compiled = new Map<object, ValidateFunction>();
  const validatorOf = (schema: object) => {
    const validate = compiled.get(schema) ?? ajv.compile({ ...schema, components: document.components });
    compiled.set(schema, validate);
    return validate;
  };

  const idFor = (path: string): string => {
    if (path.startsWith('/api/v1/organizations/')) return orgGid(tree.U1);
    if (path.startsWith('/api/v1/documents/')) return docGid(tree.decision.id);
    if (path.startsWith('/api/v1/members/')) return memberGid(member);
    if (path.startsWith('/api/v1/terms/')) return toGlobalId('Term', term.id);
    if (path.startsWith('/api/v1/inspection-cases/')) return toGlobalId('InspectionCase', inspection.id);
    if (path.startsWith('/api/v1/complaints/')) return complaintId;
    if (path.startsWith('/api/v1/meetings/')) return toGlobalId('Meeting', meeting.id);
    if (path.startsWith('/api/v1/jobs/')) return path.endsWith('/file') ? exportJobId : jobId;
    throw new Error(`no record for ${path}`);
  };
  const urlOf = (path: string, operation: Operation, pathValue: (name: string) => string) => {
    const url = path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(pathValue(name)));
    const query = new URLSearchParams();
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in !== 'query' || !parameter.required) continue;
      t.not(parameter.example, undefined, `${operation.operationId}: the required parameter ${parameter.name} has an example`);
      // An object in form style, exploded: each of its properties is a parameter of its own.
      if (parameter.style === 'form' && parameter.explode && typeof parameter.example === 'object') {
        for (const [name, value] of Object.entries(parameter.example as object)) query.set(name, String(value));
      } else query.set(parameter.name, String(parameter.example));
    }
    return query.size > 0 ? `${url}?${query}` : url;
  };

  /** Checks an answer against the operation's documented response for its status. */
  const conforms = (label: string, operation: Operation, answer: Answer) => {
    const documented = operation.responses[String(answer.status)];
    if (!documented) return t.fail(`${label}: ${answer.status} is not documented (${answer.raw.slice(0, 300)})`);
    t.ok(answer.headers['x-request-id'], `${label}: X-Request-Id`);
    for (const name of Object.keys(documented.headers ?? {})) {
      if (['ETag', 'Cache-Control', 'Retry-After', 'WWW-Authenticate'].includes(name)) t.ok(answer.headers[name.toLowerCase()], `${label}: the documented ${name} header is there`);
    }
    if (!documented.content) return t.equal(answer.raw, '', `${label}: no body, as documented`);
    const type = String(answer.headers['content-type'] ?? '').split(';')[0]!;
    const media = documented.content[type];
    if (!media) return t.fail(`${label}: ${type} is not a documented content type of ${answer.status} (${Object.keys(documented.content).join(', ')})`);
    const validate = validatorOf(media.schema);
    const valid = validate(answer.body);
    t.ok(valid, `${label}: the body matches the documented schema${valid ? '' : `: ${ajv.errorsText(validate.errors)}`}`);
  };

  const call = async (client: Client, method: string, url: string): Promise<Answer> => {
    const response = await client.request({ method: method.toUpperCase() as 'GET', url });
    const raw = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    // A file (an export) is bytes: only printable text goes into the test's messages.
    return { status: response.status, headers: response.headers, body: response.body, raw: String(response.headers['content-type'] ?? '').startsWith('application/vnd.openxmlformats') ? `<${raw.length} bytes of a workbook>` : raw };
  };

  let gets = 0;
  let errors = 0;
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const secured = !(Array.isArray(operation.security) && operation.security.length === 0);
      if (method === 'get') {
        const url = urlOf(path, operation, (name) => (name === 'year' ? '2025' : name === 'kind' ? 'members' : name === 'form' ? 'structure' : idFor(path)));
        const answer = await call(api, method, url);
        t.ok(answer.status >= 200 && answer.status < 300, `GET ${url}: ${answer.status} ${answer.raw.slice(0, 200)}`);
        conforms(`${operation.operationId} ${answer.status}`, operation, answer);
        gets++;
      }
      // One error of every operation: without credentials, or (public) malformed.
      // (Refused before the record is looked at: any well-formed id will do.)
      const url = urlOf(path, operation, (name) => (name === 'year' ? '2025' : name === 'date' ? '2025-01-01' : name === 'kind' ? 'members' : name === 'form' ? 'structure' : orgGid(tree.U1)));
      const answer = secured ? await call(api.anonymous, method, url) : await call(api.anonymous, method, `${url}${url.includes('?') ? '&' : '?'}q=%00`);
      t.equal(answer.status, secured ? 401 : 400, `${method.toUpperCase()} ${path}: ${secured ? 'unauthenticated' : 'malformed'}`);
      conforms(`${operation.operationId} ${answer.status}`, operation, answer);
      errors++;
    }
  }
  t.equal(gets, 82, 'every GET operation was called');
  const [replica] = (await app.db.pool.query<{ connections: number }>(`SELECT count(*)::int AS connections FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [APPLICATION_NAME.replica])).rows;
  t.ok(replica!.connections > 0, `the replica's pool served them (${replica!.connections} connections)`);
  t.ok(errors > 100, `an error answer of each of the ${errors} operations`);
});
