// Load shedding as clients see it: past a bound, new requests get a 503 problem with
// Retry-After at once, the probes still answer, and /metrics counts what was shed.
import { afterEach, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { newUserInput } from '../support/fixtures.js';

const started: TestService[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((service) => service.close()));
});

async function service(env: Record<string, string>) {
  const running = await startService(env);
  started.push(running);
  return running;
}

const shedCount = async (running: TestService, reason: string) => {
  const text = (await running.api.get('/metrics').expect(200)).body as string;
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`http_requests_shed_total{reason="${reason}"}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
};

describe('load shedding', () => {
  it('refuses requests past the in-flight bound at once, and keeps the probes answering', async () => {
    const running = await service({ SHED_MAX_IN_FLIGHT: '2' });
    // Registrations hash a password (tens of ms each): ten at once overrun two in flight.
    const burst = Array.from({ length: 10 }, () =>
      running.api.post('/api/users').send({ user: newUserInput() }),
    );
    const health = running.api.get('/health');
    const answers = await Promise.all(burst);
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(2);
    const refused = answers.filter((res) => res.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const res of refused) {
      expect(res.body).toMatchObject({ type: '/problems/service-unavailable', status: 503 });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect((await health).status).toBe(200);
    expect(await shedCount(running, 'in-flight')).toBe(refused.length);
    // Once the burst is over, the service serves again.
    await running.api.post('/api/users').send({ user: newUserInput() }).expect(201);
  });

  it('refuses requests while the event loop lags, and recovers', async () => {
    const running = await service({ SHED_EVENT_LOOP_DELAY_MS: '50' });
    await running.api.get('/api/tags').expect(200);
    // Keep the loop the service runs on lagging well past the bound, as a CPU-bound burst does.
    const busy = (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        // spin
      }
    };
    const lag = setInterval(() => busy(150), 170);
    let refused = await running.api.get('/api/tags');
    const deadline = Date.now() + 5_000;
    while (refused.status !== 503 && Date.now() < deadline) {
      refused = await running.api.get('/api/tags');
    }
    clearInterval(lag);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();
    await running.api.get('/health').expect(200);
    expect(await shedCount(running, 'event-loop-delay')).toBeGreaterThan(0);
    const recovery = Date.now() + 5_000;
    let status = 503;
    while (status === 503 && Date.now() < recovery) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await running.api.get('/api/tags')).status;
    }
    expect(status).toBe(200);
  });
});
