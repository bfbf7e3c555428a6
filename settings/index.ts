/**
 * The settings of the stack, at the bottom of the import graph (it imports nothing of overlays/,
 * config/, infra/ or cli/): their schema (`schema.ts`, and the collector's component types after its
 * Go config structs), defaults and validation (`StackSettings`), units (`units.ts`), and the props
 * users write (`LgtmStackProps`, `mergeProps`).
 */
export { StackSettings } from './stack-settings';
export { SettingsError } from './validation';
export { LgtmStackProps, DeepPartial, mergeProps, settingsFrom } from './props';
