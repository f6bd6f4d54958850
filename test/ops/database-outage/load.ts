import { setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'supertest';
import { type SignedUpUser, type TestApp } from '../../support/test-app';

// Steady client traffic during the outage, and the time limits every answer must keep.
export const CONNECT_TIMEOUT_MS = 1_000;
export const QUERY_TIMEOUT_MS = 2_000;
// A request that fails fast gives up on its first unreachable connection.
export const FAIL_FAST_MS = CONNECT_TIMEOUT_MS + 2_000;
// Nothing, ever, may take longer than a connect plus a query timeout (and some slack).
export const MAX_LATENCY_MS = CONNECT_TIMEOUT_MS + QUERY_TIMEOUT_MS + 1_000;
export const RECOVERY_DEADLINE_MS = 15_000;
export const CLOSE_DEADLINE_MS = 5_000;

export type Phase = 'up' | 'stopping' | 'down' | 'restarting' | 'recovered';
export interface Sample {
  /** The phase when the request was sent and when its answer came. */
  phases: [Phase, Phase];
  kind: 'write' | 'read';
  status: number;
  ms: number;
}

/** Writes and reads, one of each at a time, for as long as the scenario runs. */
export class Load {
  phase: Phase = 'up';
  readonly samples: Sample[] = [];
  readonly acknowledged: string[] = [];
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(
    private readonly t: TestApp,
    private readonly user: SignedUpUser,
  ) {
    this.loops = [this.loop('write'), this.loop('read')];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Runs `action` while `writers` more clients write back to back, so transactions are in flight when it strikes. */
  async during<T>(action: () => Promise<T>, writers = 5): Promise<T> {
    let busy = true;
    const loops = Array.from({ length: writers }, () => this.loop('write', () => busy && this.running, 0));
    await sleep(100);
    try {
      return await action();
    } finally {
      busy = false;
      await Promise.all(loops);
    }
  }

  private async loop(kind: Sample['kind'], keepGoing = () => this.running, pauseMs = 25): Promise<void> {
    for (let n = 0; keepGoing(); n++) {
      const phase = this.phase;
      const request =
        kind === 'write'
          ? this.t
              .http()
              .post('/api/posts')
              .set(this.user.auth)
              .send(post(`load ${phase} ${n}`))
          : this.t.http().get('/api/posts?limit=5');
      const { response, ms } = await timed(request.timeout(MAX_LATENCY_MS * 2));
      this.samples.push({ phases: [phase, this.phase], kind, status: response?.status ?? 0, ms });
      if (kind === 'write' && response?.status === 201) this.acknowledged.push(response.body.id);
      await sleep(pauseMs);
    }
  }

  /** One line per phase (or change of phase that requests spanned): statuses and slowest answer. */
  summary(): string[] {
    const groups = new Map<string, Sample[]>();
    for (const sample of this.samples) {
      const [sent, answered] = sample.phases;
      const label = sent === answered ? `while ${sent}` : `across ${sent} → ${answered}`;
      groups.set(label, [...(groups.get(label) ?? []), sample]);
    }
    return [...groups].map(([label, samples]) => {
      const counts = new Map<string, number>();
      for (const { kind, status } of samples) counts.set(`${kind} ${status}`, (counts.get(`${kind} ${status}`) ?? 0) + 1);
      const statuses = [...counts].map(([key, count]) => `${count}× ${key}`).join(', ');
      return `load ${label}: ${statuses}; max ${Math.max(...samples.map((sample) => sample.ms))} ms`;
    });
  }
}

export function post(title: string) {
  return { title, content: 'Written while the database comes and goes', published: true };
}

/** Awaits a supertest request, measuring it; a network error or client timeout gives no response. */
export async function timed(request: PromiseLike<Response>): Promise<{ response?: Response; ms: number }> {
  const started = performance.now();
  try {
    const response = await request;
    return { response, ms: Math.round(performance.now() - started) };
  } catch {
    return { ms: Math.round(performance.now() - started) };
  }
}
