/**
 * Credentials in addresses the stack writes into ConfigMaps (the remote-write URL, a destination's
 * endpoint and query URL) are refused, one line per field: they belong in Secrets.
 */
import { mergeProps } from '../../settings';
import { settingsFrom } from '../../settings/props';

const problemsOf = (props: Parameters<typeof settingsFrom>[0]): string[] => settingsFrom(props, 'custom').problems();
const REFUSAL = 'holds user information (user:password@host), which would be written into a ConfigMap; credentials come from a Secret';

describe('credentials in addresses', () => {
  it('refuses user information in the remote-write URL', () => {
    expect(problemsOf({ remoteWrite: { url: 'https://tenant:s3cret@mimir.example.com/api/v1/push' } })).toEqual([
      `remoteWrite.url: ${REFUSAL} (use remoteWrite.basicAuthSecret)`,
    ]);
  });

  it("refuses user information in a destination's endpoint and query URL, one line each", () => {
    const destination = { protocol: 'otlp_http' as const, endpoint: 'https://user:token@otlp.vendor.example/otlp', queryUrl: 'https://user:token@q.vendor.example' };
    expect(problemsOf(mergeProps({ destinations: { metrics: [destination] } }))).toEqual([
      `destinations.metrics[0].endpoint: ${REFUSAL} (use headersSecret and headers)`,
      `destinations.metrics[0].queryUrl: ${REFUSAL}`,
    ]);
    expect(problemsOf({ destinations: { traces: [{ protocol: 'otlp_grpc', endpoint: 'user@tempo.example.com:443' }] } })).toEqual([
      `destinations.traces[0].endpoint: ${REFUSAL} (use headersSecret and headers)`,
    ]);
  });

  it('still accepts plain addresses, an @ in a path included', () => {
    expect(problemsOf({ remoteWrite: { url: 'https://mimir.example.com/api/v1/push', basicAuthSecret: 'mimir' } })).toEqual([]);
    expect(problemsOf({ destinations: { logs: [{ protocol: 'otlp_http', endpoint: 'https://otlp.example.com/v1/@team' }] } })).toEqual([]);
  });
});
