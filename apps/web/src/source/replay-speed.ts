import type { ReplaySpeed } from '@tagstream/protocol';

/** The speeds offered in the picker: real time, the demo's 10×, a minute per second, and as fast as possible. */
export const SPEED_CHOICES: readonly ReplaySpeed[] = [1, 10, 60, 'max'];

/** `10×`, or `max`. */
export function speedLabel(speed: ReplaySpeed): string {
  return speed === 'max' ? 'max' : `${speed}×`;
}

/** A select's value back into a speed; null for anything that is not one. */
export function parseSpeed(value: string): ReplaySpeed | null {
  if (value === 'max') return 'max';
  const speed = Number(value);
  return Number.isFinite(speed) && speed > 0 ? speed : null;
}

/** The choices, plus the current speed when it was set elsewhere (the CLI's `--speed 100`). */
export function speedChoicesWith(current: ReplaySpeed | null): ReplaySpeed[] {
  const choices = [...SPEED_CHOICES];
  if (current !== null && !choices.includes(current)) {
    choices.splice(choices.length - 1, 0, current);
    choices.sort((a, b) => (a === 'max' ? 1 : b === 'max' ? -1 : a - b));
  }
  return choices;
}
