/**
 * Kubernetes events (k8s_objects, events.k8s.io in watch mode, through the cluster receiver): warnings
 * by reason over time and the event stream. The body is the watch event as JSON; LogQL's `json`
 * flattens it (`object_type`, `object_reason`, `object_note`, `object_regarding_kind`…).
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { EVENTS_SERVICE_NAME } from '../cluster-receiver';
import { DS, baseDashboard, finish, listLegend, lokiQuery } from './common';

/** Fixed uid: links and bookmarks survive re-provisioning. */
export const KUBERNETES_EVENTS_UID = 'otel-k8s-events';

const EVENTS = `{service_name="${EVENTS_SERVICE_NAME}"} | json | object_regarding_namespace=~"$namespace"`;
const LINE = '{{.object_type}} {{.object_regarding_kind}} {{.object_regarding_namespace}}/{{.object_regarding_name}} {{.object_reason}}: {{.object_note}}';

/** The Kubernetes events dashboard model. */
export function kubernetesEventsDashboard(): dashboard.Dashboard {
  const b = baseDashboard('Kubernetes events', KUBERNETES_EVENTS_UID, ['kubernetes', 'events'])
    .withVariable(new dashboard.TextBoxVariableBuilder('namespace').label('Namespace (regex)').defaultValue('.*'))
    .withPanel(new timeseries.PanelBuilder().title('Warning events by reason').unit('short').legend(listLegend()).span(24).height(8)
      .withTarget(lokiQuery(`sum by (object_reason) (count_over_time(${EVENTS} | object_type="Warning" [$__interval]))`).legendFormat('{{object_reason}}')))
    .withPanel(new logs.PanelBuilder().title('Warnings').datasource(DS.loki).span(24).height(10)
      .withTarget(lokiQuery(`${EVENTS} | object_type="Warning" | line_format "${LINE}"`)))
    .withPanel(new logs.PanelBuilder().title('All events').datasource(DS.loki).span(24).height(10)
      .withTarget(lokiQuery(`${EVENTS} | line_format "${LINE}"`)));
  return finish(b.build());
}
