/**
 * GraphiQL on a closed network (issue 15): the page and everything it loads come from the
 * service, the browser is told to load nothing from elsewhere, and the standard introspection
 * query loads the schema for any signed-in user despite the depth limit on data.
 */
import t from 'tap';
import { getIntrospectionQuery } from 'graphql';
import { buildTestApp } from './helper.js';

t.test('the GraphiQL page requests nothing from outside the service', async (t) => {
  const api = await buildTestApp(t);
  const page = await api.anonymous.request({ method: 'GET', url: '/graphiql' });
  t.equal(page.status, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  const csp = String(page.headers['content-security-policy']);
  t.match(csp, /default-src 'none'/, 'nothing is allowed unless named');
  for (const directive of ['script-src', 'connect-src', 'img-src', 'font-src', 'style-src']) {
    const sources = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${directive} `))!.split(' ').slice(1);
    t.ok(sources.every((source) => ["'self'", "'unsafe-inline'", 'data:'].includes(source)), `${directive} allows this origin only: ${sources.join(' ')}`);
  }
  const html = String(page.body);
  t.notMatch(html, /(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i, 'no address of another host anywhere in the page');
  const urls = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  t.equal(urls.length, 6, 'four scripts and two stylesheets');
  for (const url of urls) {
    t.notMatch(url, /^([a-z]+:|\/\/)/i, `${url} is relative to the page`);
    const loaded = await api.anonymous.request({ method: 'GET', url: new URL(url, 'http://service/graphiql').pathname });
    t.equal(loaded.status, 200, `${url} is served by the service`);
    t.match(loaded.headers['content-type'], url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
    t.ok(String(loaded.body).length > 200, `${url} has content`);
    t.match(loaded.headers['cache-control'], /immutable/, 'versioned in its path, cached for good');
  }
  const script = await api.anonymous.request({ method: 'GET', url: new URL(urls.find((u) => u.endsWith('page.js'))!, 'http://service/graphiql').pathname });
  t.match(script.body, /api\/v1\/auth\/token/, 'the page signs in through the service');
  const wrongVersion = await api.anonymous.request({ method: 'GET', url: '/graphiql/assets/0.0.0/graphiql.js' });
  t.equal(wrongVersion.status, 404);
  const unknown = await api.anonymous.request({ method: 'GET', url: urls[0]!.replace(/[^/]+$/, 'secrets.json').replace(/^/, '/') });
  t.equal(unknown.status, 404, 'only the listed files are served');
});

t.test('the standard introspection query loads the schema for a signed-in user; data is still held to the depth limit', async (t) => {
  const api = await buildTestApp(t);
  const viewer = await api.signInAs('VIEWER');
  const introspection = await viewer.gql(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true }));
  t.equal(introspection.status, 200);
  t.notOk(introspection.body.errors, 'no error');
  t.ok(introspection.body.data.__schema.types.length > 100, 'the whole schema');
  t.equal((await api.anonymous.gql(getIntrospectionQuery())).status, 401, 'not without signing in');

  const parents = (n: number) => `${'parent { '.repeat(n)}id${' }'.repeat(n)}`;
  // organizations, edges, node, five parents and id: nine levels (a leaf is a level).
  const deep = `{ organizations(first: 1) { edges { node { ${parents(5)} } } } }`;
  const refused = await viewer.gql(deep);
  t.same([refused.status, refused.body.errors[0].extensions.code, refused.body.errors[0].message], [400, 'QUERY_TOO_COMPLEX', 'the operation is 9 levels deep: the depth allowed is at most 8']);
  const eight = await viewer.gql(`{ organizations(first: 1) { edges { node { ${parents(4)} } } } }`);
  t.equal(eight.status, 200, `eight levels are allowed: ${JSON.stringify(eight.body.errors)}`);

  const nested = (levels: number) => `{ __schema { types { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} } } }`;
  t.equal((await viewer.gql(nested(21))).status, 200, 'introspection 24 levels deep');
  const tooDeep = await viewer.gql(nested(22));
  t.same([tooDeep.status, tooDeep.body.errors[0].message], [400, 'the operation is 25 levels deep in introspection: the depth allowed is at most 24']);
});

t.test('GRAPHQL_INTROSPECTION=false switches introspection off', async (t) => {
  const api = await buildTestApp(t, { GRAPHQL_INTROSPECTION: 'false' });
  const refused = await api.gql(getIntrospectionQuery());
  t.equal(refused.status, 400);
  t.match(refused.body.errors[0].message, /introspection/i);
});

t.test('Swagger UI requests nothing from outside the service either', async (t) => {
  const api = await buildTestApp(t);
  const page = await api.anonymous.request({ method: 'GET', url: '/docs/' });
  t.equal(page.status, 200);
  const csp = String(page.headers['content-security-policy']);
  t.notMatch(csp, /https:|validator\.swagger\.io|\*/, `only this origin in the policy: ${csp}`);
  const html = String(page.body);
  const urls = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  t.ok(urls.length >= 3, 'its scripts and styles');
  for (const url of urls) {
    t.notMatch(url, /^([a-z]+:|\/\/)/i, `${url} is on the service`);
    const loaded = await api.anonymous.request({ method: 'GET', url: new URL(url, 'http://service/docs/').pathname });
    t.equal(loaded.status, 200, `${url} is served`);
  }
  const initializer = await api.anonymous.request({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
  t.match(initializer.body, /validatorUrl: null/, 'no validator badge fetched from swagger.io');
});
