/**
 * A crowd that all succeeded can still have waited on throttled long polls: the report says which
 * function ran out and what the sizing rule would give it.
 */
import { simulate } from "../../sim/call-simulator";
import { concurrencyNotes } from "../../sim/report/concurrency-notes";
import { SIMULATED_LONG_POLL_ARN, simulatedDemoFlow } from "../../sim/world/demo-world";
import { functionNameOf } from "../../sim/aws/function-name";

const LONG_POLL = functionNameOf(SIMULATED_LONG_POLL_ARN);

describe("concurrency notes", () => {
  it("names a reserved function that was throttled and the sizing rule's reserve for the peak arrivals", () => {
    // GIVEN 20 callers within one second, then 5 more spread over the next ten, and a long poll reserving 5
    const arrivalsMs = [...Array.from({ length: 20 }, (_, index) => index * 50), ...Array.from({ length: 5 }, (_, index) => 2_000 + index * 2_000)];
    const notes = concurrencyNotes({ throttles: { "bridge-long-poll": 40, targets: 3 }, reserved: { "bridge-long-poll": 5 }, arrivalsMs });
    // THEN one note, for the long poll (not the targets), with 1.2 × 20 a second × 30 s = 720
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^bridge-long-poll was throttled 40 times at its reserved concurrency of 5: .*fallback turn/);
    expect(notes[0]).toMatch(/sizing rule gives about 720 for up to 20 callers arriving a second/);
  });

  it("leaves the rule out when the reserve already meets it, and says when the shared executions ran out", () => {
    const notes = concurrencyNotes({ throttles: { "bridge-long-poll": 2, "bridge-start": 7 }, reserved: { "bridge-long-poll": 500 }, arrivalsMs: [0, 100, 200] });
    expect(notes).toHaveLength(2);
    expect(notes[0]).not.toMatch(/sizing rule/);
    expect(notes[1]).toMatch(/^bridge-start was throttled 7 times: the executions the bridge's functions share without a reserve ran out; give the account more/);
  });

  it("says nothing when nothing was throttled", () => {
    expect(concurrencyNotes({ throttles: {}, reserved: { "bridge-long-poll": 5 }, arrivalsMs: [0] })).toEqual([]);
  });

  it("reaches the simulation's report when a crowd fills the long poll's reserve", async () => {
    // GIVEN 40 callers arriving 10 a second on an account of 100, the long poll reserving 5
    const result = await simulate({
      flow: simulatedDemoFlow(),
      scenario: { name: "reserve-too-small", seed: 11, account: { lambdaConcurrency: 100 }, backend: { latencyMs: 20_000 }, callers: [{ count: 40, atMs: 0, spacingMs: 100 }] },
      reservedConcurrency: { [LONG_POLL]: 5 },
    });
    // THEN every caller succeeds, and the note says what the reserve should have been (1.2 × 10 × 30)
    expect(result.callers.every((caller) => caller.outcome.kind === "success")).toBe(true);
    expect(result.notes.find((note) => note.startsWith(LONG_POLL))).toMatch(/reserved concurrency of 5: .*sizing rule gives about 360 for up to 10 callers/);
  }, 60_000);
});
