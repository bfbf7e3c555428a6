import { stringify } from 'yaml';

/** Serializes a config object the one way every config file in the stack is written. */
export function toYaml(config: object): string {
  // No anchors: a shared sub-object must read as plain repeated YAML, not &a1/*a1.
  return stringify(config, { lineWidth: 0, sortMapEntries: false, aliasDuplicateObjects: false });
}
