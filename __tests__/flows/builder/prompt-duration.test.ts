import { isPromptDurationExact, promptDurationMs } from "../../../flows/prompt-duration";

describe("prompt durations", () => {
  test.each([
    { what: "a timed SSML break in seconds", prompt: { ssml: '<speak><break time="2s"/></speak>' }, ms: 2000, exact: true },
    { what: "timed SSML breaks in milliseconds add up", prompt: { ssml: '<speak><break time="500ms"/><break time="1.5s"/></speak>' }, ms: 2000, exact: true },
    { what: "a bare SSML break is a medium pause", prompt: { ssml: "<speak><break/></speak>" }, ms: 750, exact: false },
    { what: "a strong SSML break", prompt: { ssml: '<speak><break strength="x-strong"/></speak>' }, ms: 1250, exact: false },
    { what: "text at 150 words a minute", prompt: { text: "Thank you for waiting, I am still working on it." }, ms: 4000, exact: false },
    { what: "a $. reference counts as four words", prompt: { text: "Your balance is $.External.balance" }, ms: 2800, exact: false },
    { what: "SSML text plus a break", prompt: { ssml: '<speak>Still working <break time="1s"/></speak>' }, ms: 1800, exact: false },
    { what: "a recording with a stated length", prompt: { s3Uri: "https://b/hold.wav", lengthSeconds: 12.5 }, ms: 12500, exact: true },
    { what: "a library prompt without a length is unknown", prompt: { promptId: "arn:aws:connect:::prompt/p" }, ms: undefined, exact: false },
  ])("$what", ({ prompt, ms, exact }) => {
    // GIVEN / WHEN / THEN
    expect(promptDurationMs(prompt)).toBe(ms);
    expect(isPromptDurationExact(prompt)).toBe(exact);
  });
});
