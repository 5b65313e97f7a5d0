import fp from 'fastify-plugin';
import { sendProblem } from './problem.js';

/** What a starting process is doing before it can serve: reported by /health/ready. */
export type StartupPhase = 'starting database' | 'applying migrations' | 'preparing accounts' | 'loading demo data' | 'ready';

export class StartupState {
  phase: StartupPhase;
  /** The current step's progress, e.g. "1200/4976 members". */
  detail: string | null = null;

  constructor(phase: StartupPhase = 'ready') {
    this.phase = phase;
  }

  get ready(): boolean {
    return this.phase === 'ready';
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Ready once the database, migrations and first data are in place (server.ts sets it). */
    startup: StartupState;
  }
}

/**
 * The port opens as soon as the process runs: /health/live answers at once, /health/ready and
 * every other route answer 503 with what is still being done (and Retry-After) until the
 * service can serve. A service built ready (tests, tools) never says otherwise.
 */
export const startupPlugin = fp<{ state?: StartupState }>(
  async (app, options) => {
    app.decorate('startup', options.state ?? new StartupState());
    app.addHook('onRequest', async (request, reply) => {
      if (app.startup.ready || request.url.startsWith('/health/')) return;
      reply.header('retry-after', '5');
      return sendProblem(reply, request, 503, 'SERVICE_STARTING', `the service is starting (${describe(app.startup)}): retry shortly`, {
        phase: app.startup.phase,
        progress: app.startup.detail,
      });
    });
  },
  { name: 'startup', dependencies: ['problem'], fastify: '5.x' },
);

export function describe(state: StartupState): string {
  return state.detail ? `${state.phase}: ${state.detail}` : state.phase;
}
