import { checkSsml, SsmlProblemKind } from "../../../flows/ssml";

// The SSML faults issue 11 (fault 4) found accepted silently, plus the forms real exports use.
const kinds = (ssml: string): string[] => checkSsml(ssml).map((problem) => problem.kind);

describe("checkSsml: what Polly will read", () => {
  it.each([
    ["a bare ampersand", "<speak>Tom & Jerry</speak>", SsmlProblemKind.Malformed, /bare "&" at character 12.*&amp;/],
    ["an unclosed <prosody>", '<speak><prosody rate="slow">Hello</speak>', SsmlProblemKind.Malformed, /not well-formed XML: line 1, column \d+: unexpected close tag/],
    ["a broken attribute quote", '<speak><break time="1s/></speak>', SsmlProblemKind.Malformed, /not well-formed XML/],
    ["a nested <speak>", "<speak>Hello <speak>again</speak></speak>", SsmlProblemKind.Forbidden, /<speak> inside another/],
    ["a <script>", "<speak><script>alert(1)</script></speak>", SsmlProblemKind.Forbidden, /<script> element, which is not speech markup/],
    ["a NUL character", "<speak>Hello\u0000</speak>", SsmlProblemKind.Malformed, /a NUL character \(U\+0000\) at character 13/],
    ["a lone surrogate", "<speak>Hello \ud83d</speak>", SsmlProblemKind.Malformed, /a lone surrogate \(U\+D83D/],
    ["an entity XML does not predefine", "<speak>&nbsp;</speak>", SsmlProblemKind.Malformed, /undefined entity/],
    ["a DTD that declares an entity", '<!DOCTYPE speak [<!ENTITY boom "boom">]><speak>&boom;</speak>', SsmlProblemKind.Malformed, /<!DOCTYPE>/],
    ["two roots", "<speak>a</speak><speak>b</speak>", SsmlProblemKind.Malformed, /only one root/],
  ])("rejects %s", (_case, ssml, kind, message) => {
    const problems = checkSsml(ssml);
    expect(problems[0]).toEqual({ kind, message: expect.stringMatching(message) });
  });

  it("flags a pause over Polly's 10 s, in seconds or milliseconds, and accepts 10 s exactly", () => {
    expect(kinds('<speak><break time="1000s"/></speak>')).toEqual([SsmlProblemKind.BreakTooLong]);
    expect(kinds('<speak><break time="10001ms"/></speak>')).toEqual([SsmlProblemKind.BreakTooLong]);
    expect(kinds('<speak><break time="10s"/><break time="10000ms"/></speak>')).toEqual([]);
  });

  it("flags tags, attributes and values Polly does not support in Connect", () => {
    expect(checkSsml("<speak><blink>hi</blink></speak>")).toEqual([{ kind: SsmlProblemKind.Unsupported, message: expect.stringContaining("<blink>") }]);
    expect(checkSsml('<speak><prosody speed="fast">hi</prosody></speak>')).toEqual([{ kind: SsmlProblemKind.Unsupported, message: expect.stringContaining('"speed"') }]);
    expect(kinds('<speak><break strength="huge"/></speak>')).toEqual([SsmlProblemKind.Unsupported]);
    expect(kinds('<speak><break time="two seconds"/></speak>')).toEqual([SsmlProblemKind.Unsupported]);
  });

  it("flags SSML without a <speak> root, and still checks its tags", () => {
    expect(kinds('<break time="1s"/>')).toEqual([SsmlProblemKind.NoSpeakRoot]);
    expect(kinds('Hello <break time="20s"/>')).toEqual([SsmlProblemKind.NoSpeakRoot, SsmlProblemKind.BreakTooLong]);
  });

  it("accepts the SSML Connect documents, escapes, an XML declaration, and run-time references", () => {
    for (const ssml of [
      '<speak>\n<break time="500ms"/>\nSmall comfort message.\n</speak>',
      '<?xml version="1.0"?><speak xml:lang="en-US">Tom &amp; Jerry &lt;3 &#169;</speak>',
      '<speak><amazon:effect name="whispered">psst</amazon:effect><say-as interpret-as="digits">123</say-as><prosody rate="slow" volume="loud">x</prosody></speak>',
      '<speak>Your balance is $.External.balance<break time="$.Attributes.pause"/> and ${var.greeting}</speak>',
    ]) {
      expect(checkSsml(ssml)).toEqual([]);
    }
  });
});
