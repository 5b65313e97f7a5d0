import t from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { buildTestApp } from './helper.js';

t.test('health, request ids and unknown routes', async (t) => {
  const { request } = await buildTestApp(t);

  const live = await request({ method: 'GET', url: '/health/live' });
  t.same(live.body, { status: 'ok' });
  t.equal(live.status, 200);

  const ready = await request({ method: 'GET', url: '/health/ready', headers: { 'x-request-id': 'trace-42' } });
  t.same(ready.body, { status: 'ready' });
  t.equal(ready.headers['x-request-id'], 'trace-42', 'a sane incoming request id is kept');

  const generated = await request({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'bad id with spaces' } });
  t.match(generated.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'an unusable one is replaced');

  const missing = await request({ method: 'GET', url: '/api/v1/nothing-here' });
  t.equal(missing.status, 404);
  t.equal(missing.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.same(missing.body, {
    type: 'urn:problem:not-found',
    title: 'Not found',
    status: 404,
    code: 'NOT_FOUND',
    detail: 'No route GET /api/v1/nothing-here',
    instance: '/api/v1/nothing-here',
    requestId: missing.headers['x-request-id'],
  });

  const graphiql = await request({ method: 'GET', url: '/graphiql' });
  t.equal(graphiql.status, 200);
  t.match(graphiql.body, /graphiql/i);
  const docs = await request({ method: 'GET', url: '/docs/' });
  t.equal(docs.status, 200);
  t.match(docs.headers['x-content-type-options'], 'nosniff', 'security headers are set');
});

t.test('readiness fails while the database does not answer', async (t) => {
  // Nothing listens on port 1: the pool cannot connect.
  const app = await buildApp({ ...loadConfig({ LOG_LEVEL: 'silent' }), DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
  t.teardown(() => app.close());
  const ready = await app.inject({ method: 'GET', url: '/health/ready' });
  t.equal(ready.statusCode, 503);
  t.same(ready.json(), { status: 'database unavailable' });
  const live = await app.inject({ method: 'GET', url: '/health/live' });
  t.equal(live.statusCode, 200, 'the process itself is still alive');
});
