/**
 * The load generator: settings parsing, the traffic mix, and a short real
 * round against the app on 127.0.0.1.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app/src/app';
import { ConfigError } from '../../app/src/env';
import { readLoadgenSettings, type LoadgenSettings } from '../../app/src/loadgen-config';
import { pickPath } from '../../app/src/loadgen-mix';
import { connectionsFor, runLoad } from '../../app/src/loadgen';

describe('settings', () => {
  test('defaults', () => {
    expect(readLoadgenSettings({}, [])).toEqual({
      targetUrl: 'http://127.0.0.1:8080',
      rate: 10,
      durationSeconds: 30,
      requests: 0,
      rounds: 1,
      errorPercent: 5,
      workPercent: 30,
      maxWorkMs: 500,
    });
  });

  test('environment variables, overridden by flags', () => {
    const env = {
      LOADGEN_TARGET_URL: 'http://demo-app.demo.svc:8080/ignored/path',
      LOADGEN_RATE: '20',
      LOADGEN_DURATION_SECONDS: '60',
      LOADGEN_ROUNDS: '0',
      LOADGEN_ERROR_PERCENT: '10',
      LOADGEN_WORK_PERCENT: '40',
      LOADGEN_MAX_WORK_MS: '2000',
    };
    expect(readLoadgenSettings(env, [])).toMatchObject({
      targetUrl: 'http://demo-app.demo.svc:8080',
      rate: 20,
      durationSeconds: 60,
      rounds: 0,
      errorPercent: 10,
      workPercent: 40,
      maxWorkMs: 2000,
    });
    expect(readLoadgenSettings(env, ['--rate', '5', '--url', 'https://x.example', '--requests', '100'])).toMatchObject({
      targetUrl: 'https://x.example',
      rate: 5,
      requests: 100,
      durationSeconds: 60,
    });
    expect(readLoadgenSettings({}, ['--help'])).toBe('help');
  });

  test.each([
    [{ LOADGEN_RATE: '0' }, 'LOADGEN_RATE must be an integer from 1 to 10000 (got "0")'],
    [{ LOADGEN_RATE: '2.5' }, 'LOADGEN_RATE must be an integer from 1 to 10000'],
    [{ LOADGEN_DURATION_SECONDS: '-3' }, 'LOADGEN_DURATION_SECONDS must be an integer from 1 to 86400'],
    [{ LOADGEN_ROUNDS: 'forever' }, 'LOADGEN_ROUNDS must be an integer from 0 to 1000000'],
    [{ LOADGEN_ERROR_PERCENT: '101' }, 'LOADGEN_ERROR_PERCENT must be an integer from 0 to 100'],
    [{ LOADGEN_WORK_PERCENT: 'x' }, 'LOADGEN_WORK_PERCENT must be an integer from 0 to 100'],
    [{ LOADGEN_MAX_WORK_MS: '10001' }, 'LOADGEN_MAX_WORK_MS must be an integer from 0 to 10000'],
    [{ LOADGEN_ERROR_PERCENT: '60', LOADGEN_WORK_PERCENT: '50' }, 'LOADGEN_ERROR_PERCENT + LOADGEN_WORK_PERCENT must be at most 100'],
    [{ LOADGEN_TARGET_URL: 'demo-app:8080' }, 'LOADGEN_TARGET_URL must be an absolute http:// or https:// URL'],
    [{ LOADGEN_TARGET_URL: 'file:///etc/passwd' }, 'LOADGEN_TARGET_URL must be an absolute http:// or https:// URL'],
  ])('%j is rejected', (env, message) => {
    expect(() => readLoadgenSettings(env, [])).toThrow(ConfigError);
    expect(() => readLoadgenSettings(env, [])).toThrow(message);
  });

  test('unknown flags and bad flag values are rejected with the flag name', () => {
    expect(() => readLoadgenSettings({}, ['--bogus'])).toThrow(/Unknown option '--bogus'/);
    expect(() => readLoadgenSettings({}, ['--rate', 'many'])).toThrow('--rate must be an integer from 1 to 10000');
  });
});

describe('mix', () => {
  test('paths follow the configured percentages and work latencies stay in range', () => {
    const settings = { errorPercent: 10, workPercent: 30, maxWorkMs: 250 };
    // A seeded generator (mulberry32) so the test is deterministic.
    let seed = 42;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const counts = { '/': 0, '/error': 0, '/work': 0 };
    for (let n = 0; n < 10_000; n++) {
      const path = pickPath(settings, random);
      if (path.startsWith('/work?ms=')) {
        const ms = Number(path.slice('/work?ms='.length));
        expect(Number.isInteger(ms) && ms >= 0 && ms <= 250).toBe(true);
        counts['/work']++;
      } else counts[path as '/' | '/error']++;
    }
    expect(counts['/error'] / 10_000).toBeCloseTo(0.1, 1);
    expect(counts['/work'] / 10_000).toBeCloseTo(0.3, 1);
    expect(counts['/'] / 10_000).toBeCloseTo(0.6, 1);
  });

  test('connections cover the rate at the slowest work latency, bounded', () => {
    const base = readLoadgenSettings({}, []) as LoadgenSettings;
    expect(connectionsFor({ ...base, rate: 20, maxWorkMs: 2000 })).toBe(45);
    expect(connectionsFor({ ...base, rate: 10_000, maxWorkMs: 10_000 })).toBe(1000);
    expect(connectionsFor({ ...base, rate: 100, maxWorkMs: 1000, requests: 7 })).toBe(7);
  });
});

describe('a real round', () => {
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    app = buildApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(() => app.close());

  test('a bounded request count is sent and summarized with status counts and percentiles', async () => {
    const settings = { ...(readLoadgenSettings({}, []) as LoadgenSettings), targetUrl: base, rate: 200, requests: 60, errorPercent: 20, workPercent: 30, maxWorkMs: 20 };
    const printed: unknown[] = [];
    const [summary] = await runLoad(settings, (s) => printed.push(s), new AbortController().signal);
    expect(printed).toHaveLength(1);
    expect(summary!.requests).toBeGreaterThanOrEqual(60);
    expect(Object.keys(summary!.statusCounts).sort()).toEqual(['200', '500']);
    expect(summary!.statusCounts['500']).toBeGreaterThan(0);
    expect(summary!.errors).toBe(0);
    expect(summary!.latencyMs.p99).toBeGreaterThanOrEqual(summary!.latencyMs.p50);
  });

  test('rounds=0 keeps going until stopped, then ends the current round early', async () => {
    const settings = { ...(readLoadgenSettings({}, []) as LoadgenSettings), targetUrl: base, rate: 50, durationSeconds: 2, rounds: 0, maxWorkMs: 5 };
    const controller = new AbortController();
    let finished = 0;
    // Stop as round 2's first request arrives: the round is under way, its whole duration ahead.
    const stopInRound2 = () => {
      if (finished === 1) controller.abort();
    };
    app.server.on('request', stopInRound2);
    const result = await runLoad(settings, (s) => (finished = s.round), controller.signal).finally(() => app.server.off('request', stopInRound2));
    expect(result.map((s) => s.round)).toEqual([1, 2]);
    expect(result[0]!.durationSeconds).toBeGreaterThanOrEqual(settings.durationSeconds);
    // autocannon notices a stop at its next one-second tick: the round ends before its 2 s are up.
    expect(result[1]!.durationSeconds).toBeLessThan(settings.durationSeconds);
    expect(result[1]!.requests).toBeGreaterThan(0);
  });
});
