// A team's own cdk8s app: two observability stacks (one per team namespace) and a shop service
// whose telemetry goes to team A's stack. `npm pack` in the repository root, then `npm install`
// and `npm run synth` here; writes dist/app.k8s.yaml (or CDK8S_OUTDIR).
const { App, Chart, YamlOutputType } = require('cdk8s');
const { Deployment } = require('cdk8s-plus-28');
const { LgtmStack, mergeProps, presets } = require('otel-lgtm-cdk8s');

const app = new App({ yamlOutputType: YamlOutputType.FILE_PER_APP });

// The demo service and its namespace are the stack's own example: these teams bring their own workloads.
const noDemo = { app: { enabled: false }, loadGenerator: { enabled: false }, verifyJob: { enabled: false } };

// Each stack takes its Chart's namespace (cdk8s convention); a `stackNamespace` prop would win over it.
const teamA = new LgtmStack(new Chart(app, 'team-a', { namespace: 'observability-a' }), 'lgtm', mergeProps(presets.staging, noDemo, {
  name: 'team-a', clusterName: 'shared', retention: { logs: '14d' },
}));
// Cluster telemetry (node agents, cluster state) is per cluster, not per team: team A's stack runs it.
new LgtmStack(new Chart(app, 'team-b', { namespace: 'observability-b' }), 'lgtm', mergeProps(noDemo, {
  name: 'team-b', clusterName: 'shared', persistence: { enabled: false },
  clusterTelemetry: { enabled: false },
}));

const shop = new Chart(app, 'shop', { namespace: 'shop' });
const checkout = new Deployment(shop, 'checkout', { containers: [{ image: 'shop/checkout:1.4.2', portNumber: 8080 }] });
teamA.instrument(checkout, { serviceName: 'checkout' });

app.synth();
