/**
 * Time as a dependency. Handlers never read `Date.now()` or start timers themselves, so tests can fix
 * the time and the simulator can run a 60 s call on a virtual clock in milliseconds.
 */

/** Returns the current time in epoch milliseconds. */
export type Clock = () => number;

/** Waits `ms` milliseconds (of the clock's time). */
export type Sleep = (ms: number) => Promise<void>;

/** The wall clock. */
export const systemClock: Clock = () => Date.now();

/** A real timer. */
export const timerSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
