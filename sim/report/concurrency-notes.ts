/**
 * What the report tells the reader when the account's concurrency ran out, with the figure to change:
 * a function that filled its reserved concurrency (the long poll, on the bridge) and the sizing rule's
 * reserve for the scenario's arrivals, or the unreserved executions that `start` and `poll` share.
 * Throttling is not a failure here (a throttled long poll becomes a fallback turn), so without a note a
 * crowd that all succeeded would hide the seconds of lag it cost.
 */
import { DEFAULT_VOICE_COMFORT_EVERY_SECONDS } from "../../flows/async/event/event-wait";

/** What the notes are made from. */
export interface ConcurrencyFacts {
  /** Throttled invocations by function name, as the account counted them (`targets` among them). */
  readonly throttles: { readonly [functionName: string]: number };
  /** Reserved concurrency by function name. */
  readonly reserved: { readonly [functionName: string]: number };
  /** The callers' start times, ms. */
  readonly arrivalsMs: ReadonlyArray<number>;
}

/** The key under which the operations' targets are counted (lambda-account.ts). */
const TARGETS = "targets";
/** The README's margin over the arrivals. */
const HEADROOM = 1.2;

/** The notes, one per throttled function, in name order. */
export function concurrencyNotes(facts: ConcurrencyFacts): string[] {
  const notes: string[] = [];
  for (const [name, count] of Object.entries(facts.throttles).sort(([a], [b]) => a.localeCompare(b))) {
    if (name === TARGETS || count === 0) continue;
    const reserve = facts.reserved[name];
    if (reserve === undefined) {
      notes.push(`${name} was throttled ${count} times: the executions the bridge's functions share without a reserve ran out; give the account more (account.lambdaConcurrency) or reserve less for the long poll`);
      continue;
    }
    const perSecond = peakArrivalsPerSecond(facts.arrivalsMs);
    const rule = Math.ceil(HEADROOM * perSecond * DEFAULT_VOICE_COMFORT_EVERY_SECONDS);
    const advice = rule > reserve ? `; if it is the long poll, the README's sizing rule gives about ${rule} for up to ${perSecond} callers arriving a second (${HEADROOM} × arrivals a second × the ${DEFAULT_VOICE_COMFORT_EVERY_SECONDS} s round), as far as the account spares it beside start` : "";
    notes.push(`${name} was throttled ${count} times at its reserved concurrency of ${reserve}: a throttled long poll's round became a fallback turn (hold audio, then one read), adding up to a few seconds of lag${advice}`);
  }
  return notes;
}

/** The most callers who started within any one second. */
function peakArrivalsPerSecond(arrivalsMs: ReadonlyArray<number>): number {
  const sorted = [...arrivalsMs].sort((a, b) => a - b);
  let peak = 0;
  for (let first = 0, last = 0; last < sorted.length; last += 1) {
    while (sorted[last] - sorted[first] >= 1000) first += 1;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}
