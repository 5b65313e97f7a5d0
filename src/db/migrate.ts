import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

/**
 * Runs a Prisma CLI command (Prisma Migrate on the JS schema engine, set up in
 * prisma.config.ts) against `databaseUrl`, and resolves with its output.
 *
 * `finishedWhen`: the 6.19 JS schema engine leaves a 10-second timer pending after its work
 * (seen on every `migrate deploy`), so the CLI lingers that long after printing its result.
 * When the line that ends the command's output appears, the CLI has nothing left to do and
 * is stopped.
 */
export function runPrisma(args: string[], databaseUrl: string, finishedWhen?: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let finished = false;
    const collect = (chunk: Buffer) => {
      output += chunk;
      if (!finished && finishedWhen?.test(output)) {
        finished = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 || finished) resolve(output);
      else reject(new Error(`prisma ${args.join(' ')} failed (exit ${code}):\n${output}`));
    });
  });
}

/** Applies pending migrations (`prisma migrate deploy`). */
export async function applyMigrations(databaseUrl: string): Promise<string> {
  return runPrisma(
    ['migrate', 'deploy'],
    databaseUrl,
    /All migrations have been successfully applied\.|No pending migrations to apply\./,
  );
}
