import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fp from 'fastify-plugin';

/**
 * GraphiQL served entirely by the service: party networks are often closed to the internet,
 * so the page, React and GraphiQL come from pinned npm packages on this machine, and a strict
 * Content-Security-Policy lets the browser load nothing from anywhere else. The page has its
 * own sign-in (the access token goes into the requests' headers; an API key can be put in the
 * headers editor instead), and loads the schema by introspection once signed in.
 */
const require = createRequire(import.meta.url);

type Asset = { body: Buffer; type: string };

/** A file of an installed package (its UMD builds are not among the package's exports). */
function asset(pkg: string, file: string, type: string): Asset {
  return { body: readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file)), type };
}

const GRAPHIQL_VERSION = (require('graphiql/package.json') as { version: string }).version;

function assets(): Map<string, Asset> {
  return new Map([
    ['react.js', asset('react', 'umd/react.production.min.js', 'text/javascript; charset=utf-8')],
    ['react-dom.js', asset('react-dom', 'umd/react-dom.production.min.js', 'text/javascript; charset=utf-8')],
    ['graphiql.js', asset('graphiql', 'graphiql.min.js', 'text/javascript; charset=utf-8')],
    ['graphiql.css', asset('graphiql', 'graphiql.min.css', 'text/css; charset=utf-8')],
    ['page.js', { body: Buffer.from(PAGE_SCRIPT), type: 'text/javascript; charset=utf-8' }],
    ['page.css', { body: Buffer.from(PAGE_STYLE), type: 'text/css; charset=utf-8' }],
  ]);
}

/** Everything from this origin; styles inline too (GraphiQL sets some), nothing else anywhere. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Paths are relative to /graphiql, so the page works behind a proxy that mounts the service under a prefix.
const PAGE = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · Công tác xây dựng Đảng</title>
<link rel="stylesheet" href="graphiql/assets/${GRAPHIQL_VERSION}/graphiql.css">
<link rel="stylesheet" href="graphiql/assets/${GRAPHIQL_VERSION}/page.css">
</head>
<body>
<header id="bar">
  <strong>GraphiQL</strong>
  <form id="sign-in" autocomplete="on">
    <input name="username" autocomplete="username" placeholder="Tên đăng nhập (username)" required>
    <input name="password" type="password" autocomplete="current-password" placeholder="Mật khẩu (password)" required>
    <button type="submit">Đăng nhập</button>
  </form>
  <span id="who" hidden></span>
  <button id="sign-out" type="button" hidden>Đăng xuất</button>
  <span id="status" role="status"></span>
</header>
<main id="graphiql"></main>
<script src="graphiql/assets/${GRAPHIQL_VERSION}/react.js"></script>
<script src="graphiql/assets/${GRAPHIQL_VERSION}/react-dom.js"></script>
<script src="graphiql/assets/${GRAPHIQL_VERSION}/graphiql.js"></script>
<script src="graphiql/assets/${GRAPHIQL_VERSION}/page.js"></script>
</body>
</html>
`;

const PAGE_STYLE = `html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
#bar { display: flex; gap: .75rem; align-items: center; padding: .4rem .75rem; border-bottom: 1px solid #ddd; font-size: 14px; }
#bar form { display: flex; gap: .4rem; }
#bar input { padding: .25rem .4rem; }
#status { color: #b00020; }
#graphiql { flex: 1; min-height: 0; }
`;

/**
 * The page's script: sign in through POST api/v1/auth/token, keep the access token for the
 * tab (sessionStorage), send it with every request unless the headers editor gives its own
 * Authorization or X-Api-Key, and render GraphiQL again (so the schema reloads) when it changes.
 */
const PAGE_SCRIPT = `(function () {
  'use strict';
  var KEY = 'party-building.graphiql.token';
  var form = document.getElementById('sign-in');
  var who = document.getElementById('who');
  var out = document.getElementById('sign-out');
  var status = document.getElementById('status');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));

  function token() { return sessionStorage.getItem(KEY); }

  function fetcher(params, options) {
    var headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    var given = (options && options.headers) || {};
    var own = false;
    Object.keys(given).forEach(function (name) {
      headers[name] = given[name];
      if (/^(authorization|x-api-key)$/i.test(name)) own = true;
    });
    if (!own && token()) headers.authorization = 'Bearer ' + token();
    return fetch('graphql', { method: 'POST', headers: headers, body: JSON.stringify(params), credentials: 'same-origin' }).then(function (response) {
      if (response.status === 401) status.textContent = 'Chưa đăng nhập hoặc phiên đã hết hạn (401): đăng nhập lại.';
      return response.json();
    });
  }

  function render() {
    var signedIn = !!token();
    form.hidden = signedIn;
    who.hidden = !signedIn;
    out.hidden = !signedIn;
    root.render(React.createElement(GraphiQL, { fetcher: fetcher, key: signedIn ? token() : 'anonymous', shouldPersistHeaders: false }));
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    status.textContent = '';
    var data = new FormData(form);
    fetch('api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.detail || body.title || String(response.status));
        sessionStorage.setItem(KEY, body.accessToken);
        sessionStorage.setItem(KEY + '.refresh', body.refreshToken);
        who.textContent = String(data.get('username'));
        form.reset();
        render();
      });
    }).catch(function (error) { status.textContent = 'Không đăng nhập được: ' + error.message; });
  });

  out.addEventListener('click', function () {
    var refresh = sessionStorage.getItem(KEY + '.refresh');
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(KEY + '.refresh');
    // Sign out for real: the refresh token and its access tokens stop working.
    if (refresh) fetch('api/v1/auth/revoke', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: refresh }) }).catch(function () {});
    render();
  });

  render();
})();
`;

export const graphiqlPlugin = fp(
  async (app) => {
    const files = assets();
    app.get('/graphiql', { schema: { hide: true }, config: { public: true } }, async (_request, reply) =>
      reply.header('content-security-policy', CSP).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(PAGE),
    );
    app.get('/graphiql/assets/:version/:file', { schema: { hide: true }, config: { public: true } }, async (request, reply) => {
      const { version, file } = request.params as { version: string; file: string };
      const found = version === GRAPHIQL_VERSION ? files.get(file) : undefined;
      if (!found) return reply.callNotFound();
      // The version is in the path: a new release is a new URL, so the files are cached for good.
      return reply.header('cache-control', 'public, max-age=31536000, immutable').type(found.type).send(found.body);
    });
  },
  { name: 'graphiql', fastify: '5.x' },
);
