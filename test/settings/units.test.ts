import { Duration } from 'cdk8s';
import { UnitError, goDuration, parseDuration, parseMemory, parseQuantity, unitProblems } from '../../settings/units';

describe('parseDuration (the one duration parser)', () => {
  it.each([['15d', 15 * 86400], ['48h', 172800], ['1h30m', 5400], ['2w', 1209600], ['1y', 31536000], ['45s', 45]])('%s is %i s', (text, seconds) => {
    expect(parseDuration(text).toSeconds()).toBe(seconds);
  });

  it('keeps milliseconds', () => expect(parseDuration('1s500ms').toMilliseconds()).toBe(1500));

  it.each(['', '7days', '1.5h', '30m1h', '-1d', '5 m'])('refuses %j with one line naming the accepted form', (text) => {
    expect(() => parseDuration(text)).toThrow(UnitError);
    expect(() => parseDuration(text)).toThrow(`'${text}' is not a duration (integers with units y, w, d, h, m, s, ms, largest first; e.g. 15d, 48h, 1h30m)`);
  });
});

describe('goDuration', () => {
  it.each([['7d', '168h'], ['48h', '48h'], ['90m', '90m'], ['1h30m', '90m'], ['45s', '45s'], ['2w', '336h'], ['1s500ms', '1500ms']])('%s → %s', (from, to) => {
    expect(goDuration(parseDuration(from))).toBe(to);
  });

  it('takes any cdk8s Duration', () => expect(goDuration(Duration.minutes(2))).toBe('2m'));
});

describe('parseQuantity and parseMemory', () => {
  it.each([['250m', 0.25], ['2', 2], ['512Mi', 512 * 2 ** 20], ['1Gi', 2 ** 30], ['1.5G', 1.5e9], ['1e3', 1000]])('%s = %d', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it('gives memory as a cdk8s Size', () => expect(parseMemory('1Gi').toMebibytes()).toBe(1024));

  it.each(['512MB', '1 Gi', 'lots', ''])('refuses %j', (text) => {
    expect(() => parseQuantity(text)).toThrow(`'${text}' is not a Kubernetes quantity (a number with an optional suffix m, k, M, G, Ki, Mi, Gi, Ti; e.g. 250m, 512Mi, 10Gi)`);
  });
});

describe('unitProblems', () => {
  it('names the field', () => {
    expect(unitProblems('retention.logs', '7days', parseDuration)).toEqual(["retention.logs: '7days' is not a duration (integers with units y, w, d, h, m, s, ms, largest first; e.g. 15d, 48h, 1h30m)"]);
    expect(unitProblems('retention.logs', '7d', parseDuration)).toEqual([]);
  });
});
