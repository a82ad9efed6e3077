import { silences, soundKinds, TimelineKind, type TimelineEntry } from "../../sim/report/timeline";

const entry = (kind: TimelineEntry["kind"], atMs: number, durationMs: number): TimelineEntry => ({ kind, atMs, durationMs, callerId: "c", blockId: "b", text: "" }) as TimelineEntry;
const longestBeyondLambda = (entries: TimelineEntry[], toMs: number, channel = "VOICE") => Math.max(0, ...silences(entries, 0, toMs, soundKinds(channel)).map((gap) => gap.beyondLambdaMs));

describe("silence in the strict sense (music counts as sound, a pause does not)", () => {
  it("counts an SSML pause as silence on voice, and excuses only synchronous Lambda time", () => {
    // GIVEN 1 s of speech, a 2 s pause, a 0.5 s synchronous Lambda, then music; an asynchronous Lambda runs throughout
    const entries = [
      entry(TimelineKind.asyncLambda, 0, 10_000),
      entry(TimelineKind.speech, 0, 1000),
      entry(TimelineKind.pause, 1000, 2000),
      entry(TimelineKind.lambda, 3000, 500),
      entry(TimelineKind.audio, 3500, 6500),
    ];
    // THEN the quiet stretch is the pause (2 s): the synchronous call is excused, the asynchronous one is not
    expect(longestBeyondLambda(entries, 10_000)).toBe(2000);
    // while the designer's sense of silence (pauses are part of a prompt) sees none beyond the Lambda
    expect(Math.max(0, ...silences(entries, 0, 10_000).map((gap) => gap.beyondLambdaMs))).toBe(0);
  });

  it("on chat, measures the stretches between messages", () => {
    const entries = [entry(TimelineKind.message, 0, 0), entry(TimelineKind.message, 12_000, 0), entry(TimelineKind.message, 20_000, 0)];
    expect(longestBeyondLambda(entries, 20_000, "CHAT")).toBe(12_000);
  });
});
