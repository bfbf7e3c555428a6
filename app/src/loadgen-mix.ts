/**
 * The traffic mix: which path the next request goes to.
 */
import type { LoadgenSettings } from './loadgen-config';

/** A source of uniform numbers in [0, 1); `Math.random` unless a test fixes it. */
export type Random = () => number;

/**
 * Picks a path: `/error` with `errorPercent`, `/work?ms=<0..maxWorkMs>` with
 * `workPercent`, `/` otherwise.
 */
export function pickPath(
  settings: Pick<LoadgenSettings, 'errorPercent' | 'workPercent' | 'maxWorkMs'>,
  random: Random = Math.random,
): string {
  const roll = random() * 100;
  if (roll < settings.errorPercent) return '/error';
  if (roll < settings.errorPercent + settings.workPercent) {
    return `/work?ms=${Math.floor(random() * (settings.maxWorkMs + 1))}`;
  }
  return '/';
}
