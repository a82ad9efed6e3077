import { promptSegments, speechDurationMs, ssmlSegments } from "../../sim/connect/prompt-timing";

describe("prompt timing", () => {
  it("times SSML breaks exactly and estimates the words around them at 150 words per minute", () => {
    // GIVEN SSML with two breaks and five words
    const ssml = '<speak><break time="2s"/>Thanks for your patience today.<break time="500ms"/></speak>';
    // WHEN it is split into segments
    const segments = ssmlSegments(ssml);
    // THEN breaks are exact pauses and the words take 5 × 400 ms
    expect(segments).toEqual([
      { kind: "pause", durationMs: 2000, text: "" },
      { kind: "speech", durationMs: 2000, text: "Thanks for your patience today." },
      { kind: "pause", durationMs: 500, text: "" },
    ]);
  });

  it("estimates plain text by its words", () => {
    expect(speechDurationMs("one two three")).toBe(1200);
    expect(speechDurationMs("one two three", { wordsPerMinute: 60 })).toBe(3000);
  });

  it("gives a recorded prompt its stated length, or the default", () => {
    const options = { audioDurationsMs: { "arn:prompt/hold": 7000 }, defaultAudioMs: 4000 };
    expect(promptSegments({ kind: "audio", value: "arn:prompt/hold" }, options)[0].durationMs).toBe(7000);
    expect(promptSegments({ kind: "audio", value: "arn:prompt/other" }, options)[0].durationMs).toBe(4000);
  });
});
