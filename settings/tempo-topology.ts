/**
 * Tempo 3's microservices mode, validated before any construct exists: shared by the `tempo.*`
 * settings and the `Tempo` construct's props.
 */
import type { TempoMicroservicesSettings } from './schema';
import { checkInteger } from './validation';

/** Defaults of the optional fields. */
export const TEMPO_MICROSERVICES_DEFAULTS = { kafkaTopic: 'tempo-ingest', partitions: 2, replicas: 2 } as const;

/** Partitions the stack lets one Tempo write to: live-stores and block-builders are one StatefulSet pod each. */
export const MAX_TEMPO_PARTITIONS = 64;

/** Every problem with microservices settings, one line per field; `prefix` names the fields. */
export function tempoMicroservicesProblems(ms: TempoMicroservicesSettings | undefined, onObjectStorage: boolean, prefix = 'tempo.microservices.'): string[] {
  if (!ms) return [];
  const problems: string[] = [];
  if (typeof ms.kafkaAddress !== 'string' || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?:\d{1,5}$/.test(ms.kafkaAddress)) {
    problems.push(`${prefix}kafkaAddress: ${JSON.stringify(ms.kafkaAddress)} is not a broker host:port (e.g. kafka.kafka.svc:9092); microservices mode needs the Kafka-compatible queue you run`);
  }
  const topic = ms.kafkaTopic ?? TEMPO_MICROSERVICES_DEFAULTS.kafkaTopic;
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(topic)) problems.push(`${prefix}kafkaTopic: '${topic}' is not a Kafka topic name (letters, digits, '.', '_', '-'; at most 249)`);
  problems.push(...checkInteger(`${prefix}partitions`, ms.partitions ?? TEMPO_MICROSERVICES_DEFAULTS.partitions, 1, MAX_TEMPO_PARTITIONS));
  problems.push(...checkInteger(`${prefix}replicas`, ms.replicas ?? TEMPO_MICROSERVICES_DEFAULTS.replicas, 1, 50));
  if (!onObjectStorage) {
    problems.push(`${prefix.replace(/\.$/, '')}: needs objectStorage (S3, GCS or Azure): every component reads and writes the same blocks`);
  }
  return problems;
}
