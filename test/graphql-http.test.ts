/**
 * GraphQL over HTTP as the specification says (issue 15): graphql-http's own audit, run
 * against a listening server, reports no error and no warning, and no answer of it is a 5xx.
 */
import t from 'tap';
import { auditServer } from 'graphql-http';
import { buildTestApp } from './helper.js';

t.test('the graphql-http audit: 0 errors, 0 warnings, no 5xx', async (t) => {
  const api = await buildTestApp(t);
  const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
  const results = await auditServer({
    url: `${address}/graphql`,
    fetchFn: (input: string | URL | Request, init?: RequestInit) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers).entries()), ...api.headers } }),
  });
  const by = (status: string) => results.filter((r) => r.status === status);
  for (const result of [...by('error'), ...by('warn')]) t.comment(`${result.status} ${result.id} ${result.name}: ${'reason' in result ? result.reason : ''}`);
  t.comment(`audit: ${by('ok').length} ok, ${by('warn').length} warnings, ${by('notice').length} notices, ${by('error').length} errors`);
  t.equal(by('error').length, 0, 'no error');
  t.equal(by('warn').length, 0, 'no warning');
  const fiveHundreds = [];
  for (const result of by('notice')) {
    const response = 'response' in result ? (result as { response: Response }).response : null;
    if (response && response.status >= 500) fiveHundreds.push(`${result.id} ${result.name}: ${response.status}`);
  }
  for (const result of by("notice")) t.comment(`notice ${result.id} ${result.name}`);
  t.same(fiveHundreds, [], "no notice is a 5xx");
});

t.test('requests the client got wrong are 4xx with a GraphQL error body; a rate limit is 429 with Retry-After', async (t) => {
  const api = await buildTestApp(t, { RATE_LIMIT_PER_MINUTE: '6' });
  const post = (payload: string | object, headers: Record<string, string>) => api.request({ method: 'POST', url: '/graphql', payload, headers: { accept: 'application/graphql-response+json', ...headers } });
  const cases: [string, Awaited<ReturnType<typeof post>>, number, string][] = [
    ['bad JSON', await post('{"query": "{ __typename }"', { 'content-type': 'application/json' }), 400, 'BAD_REQUEST'],
    ['no content type', await post('{"query": "{ __typename }"}', { 'content-type': '' }), 415, 'BAD_REQUEST'],
    ['a number for the query', await post({ query: 1 }, {}), 400, 'BAD_REQUEST'],
    ['a list for the variables', await post({ query: '{ __typename }', variables: [1] }, {}), 400, 'BAD_REQUEST'],
  ];
  for (const [what, response, status, code] of cases) {
    t.same([response.status, response.body.errors?.[0]?.extensions?.code, 'data' in response.body], [status, code, false], `${what}: ${status} ${code}, no data entry`);
    t.match(response.headers['content-type'], /^application\/graphql-response\+json/, `${what}: the media type asked for`);
  }
  const get = await api.request({ method: 'GET', url: `/graphql?query=${encodeURIComponent('mutation { __typename }')}`, headers: { accept: 'application/json' } });
  t.same([get.status, get.headers.allow, get.body.errors[0].extensions.code], [405, 'POST', 'METHOD_NOT_ALLOWED'], 'no mutation over GET');
  const legacy = await api.request({ method: 'POST', url: '/graphql', payload: { query: '{ nosuchfield }' }, headers: { accept: 'application/json' } });
  t.same([legacy.status, legacy.headers['content-type']], [200, 'application/json; charset=utf-8'], 'application/json: a validation failure is 200');
  let limited;
  for (let i = 0; i < 10 && !limited; i++) {
    const response = await post({ query: '{ __typename }' }, {});
    if (response.status !== 200) limited = response;
  }
  t.same([limited?.status, limited?.body.errors[0].extensions.code], [429, 'RATE_LIMITED'], 'rate limited: 429, not 500');
  t.ok(Number(limited?.headers['retry-after']) > 0, 'with Retry-After');
});
