import { schemaProblems } from '../support/k8s-schema';
import {
  manifestProblems, namedPortProblems, nameProblems, portNameProblems, referenceProblems, selectorProblems, volumeProblems,
} from '../support/manifest-rules';
import { ENVIRONMENTS } from '../../overlays';
import { ENVIRONMENT_NAMES, Manifest, clone, objectsOf, synthesize } from '../support/synth';

describe.each(ENVIRONMENT_NAMES)('manifests of %s', (name) => {
  const objects = objectsOf(synthesize(name));

  it('validate against the Kubernetes API schemas', () => {
    expect(schemaProblems(objects)).toEqual([]);
  });

  it('meet the rules the schemas miss (names, port names, selectors, volumes, references, named ports)', () => {
    expect(manifestProblems(objects, ENVIRONMENTS[name]().externalSecrets())).toEqual([]);
  });
});

describe('the manifest checks catch what they claim to', () => {
  // Secrets prod expects to exist in the cluster (Grafana admin, alert receivers).
  const external = ENVIRONMENTS.prod().externalSecrets();
  const objects = objectsOf(synthesize('prod'));
  const find = (objs: Manifest[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name)!;

  it('schema: a string where an integer belongs', () => {
    const broken = clone(objects);
    find(broken, 'Deployment', 'demo-app').spec.replicas = 'two';
    expect(schemaProblems(broken)).toEqual([expect.stringMatching(/^Deployment\/demo-app: .*replicas must be integer/)]);
  });

  it('schema: a missing required field', () => {
    const broken = clone(objects);
    delete find(broken, 'Deployment', 'demo-app').spec.selector;
    expect(schemaProblems(broken).join()).toMatch(/selector/);
  });

  it('names: an uppercase Service name', () => {
    const broken = clone(objects);
    find(broken, 'Service', 'tempo').metadata.name = 'Tempo';
    expect(nameProblems(broken)).toEqual(['Service/Tempo: name \'Tempo\' is not a DNS-1123 label']);
  });

  it('port names: longer than 15 characters', () => {
    const broken = clone(objects);
    find(broken, 'Service', 'tempo').spec.ports[0].name = 'http-query-frontend';
    expect(portNameProblems(broken)).toHaveLength(1);
  });

  it('selectors: a selector the template labels do not match', () => {
    const broken = clone(objects);
    find(broken, 'StatefulSet', 'loki').spec.selector.matchLabels['app.kubernetes.io/name'] = 'lokii';
    expect(selectorProblems(broken)).toHaveLength(1);
  });

  it('volumes: a mount of an undefined volume', () => {
    const broken = clone(objects);
    find(broken, 'Deployment', 'demo-app').spec.template.spec.containers[0].volumeMounts = [{ name: 'cache', mountPath: '/cache' }];
    expect(volumeProblems(broken)).toEqual(["Deployment/demo-app: container demo-app mounts undefined volume 'cache'"]);
  });

  it('references: a ConfigMap that is not in the output', () => {
    const broken = clone(objects).filter((o) => !(o.kind === 'ConfigMap' && o.metadata.name === 'grafana-datasources'));
    expect(referenceProblems(broken, external)).toEqual([expect.stringContaining("missing ConfigMap 'grafana-datasources'")]);
  });

  it('references: a Secret that is neither in the output nor declared external', () => {
    const broken = clone(objects);
    find(broken, 'StatefulSet', 'grafana').spec.template.spec.containers[0].env.push({
      name: 'GF_SMTP_PASSWORD', valueFrom: { secretKeyRef: { name: 'smtp', key: 'password' } },
    });
    expect(referenceProblems(broken, external)).toEqual([expect.stringContaining("missing Secret 'smtp'")]);
    expect(referenceProblems(objects, external.filter((s) => s !== 'grafana-admin'))).toEqual([
      expect.stringContaining("missing Secret 'grafana-admin'"), expect.stringContaining("missing Secret 'grafana-admin'"),
    ]);
  });

  it('named ports: a probe on a port the container does not declare', () => {
    const broken = clone(objects);
    find(broken, 'StatefulSet', 'tempo').spec.template.spec.containers[0].readinessProbe.httpGet.port = 'metrics';
    expect(namedPortProblems(broken)).toEqual(["StatefulSet/tempo: readinessProbe uses unknown port 'metrics'"]);
  });
});
