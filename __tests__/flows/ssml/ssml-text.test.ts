import { asyncInvoke } from "../../../flows/async";
import { textOf } from "../../../flows/async/channel";
import { Flow } from "../../../flows/flow";
import { ssmlText } from "../../../flows/ssml";
import { outcomes } from "../macro/flow-table";

// Issue 17 H6: the chat text of a voice prompt comes from the XML parser, so markup never reaches a chat
// message (a regex stopped at the first ">", and `<mark name="a>b secret"/>` leaked `b secret"/>`).
const START = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-start";
const POLL = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-poll";
const MUSIC = { promptId: "arn:aws:connect:us-east-1:111111111111:instance/11111111-2222-3333-4444-555555555555/prompt/66666666-7777-8888-9999-000000000000", lengthSeconds: 180 };

describe("the words of an SSML prompt, for chat", () => {
  it.each([
    ["a > inside an attribute value", '<speak>One moment.<mark name="a>b secret"/></speak>', "One moment."],
    ["a comment, even one holding a >", "<speak>One moment.<!-- internal > note: secret --></speak>", "One moment."],
    ["a CDATA section", "<speak>One moment.<![CDATA[secret]]></speak>", "One moment."],
    ["a processing instruction", "<speak>One moment.<?secret data?></speak>", "One moment."],
    ["a forbidden tag's content", "<speak>One moment.<script>secret()</script></speak>", "One moment."],
  ])("leaves out %s", (_case, ssml, expected) => {
    // GIVEN a prompt whose markup holds a secret
    // WHEN its chat text is taken
    const text = ssmlText(ssml);
    // THEN only the spoken words are there
    expect(text).toBe(expected);
    expect(text).not.toContain("secret");
  });

  it("decodes the predefined entities and character references into the characters they stand for", () => {
    expect(ssmlText("<speak>Tom &amp; Jerry say &quot;hi&quot; &#8212; &lt;3</speak>")).toBe('Tom & Jerry say "hi" \u2014 <3');
  });

  it("separates sentences, paragraphs and pauses, and keeps marked-up words in place", () => {
    expect(ssmlText('<speak><p><s>Hello <emphasis level="strong">there</emphasis>!</s><s>Wait,<break time="1s"/>please.</s></p></speak>'))
      .toBe("Hello there! Wait, please.");
  });

  it.each([
    ["only pauses", '<speak><break time="2s"/></speak>'],
    ["not well-formed XML", '<speak>Hi <mark name="x></speak>'],
    ["an entity XML does not predefine", "<speak>&secret;</speak>"],
    ["a DTD declaring an entity", '<!DOCTYPE speak [<!ENTITY s "secret">]><speak>&s;</speak>'],
  ])("gives no text for %s, rather than markup", (_case, ssml) => {
    expect(ssmlText(ssml)).toBeUndefined();
  });

  it("is what the macro sends chat contacts for an SSML initial or comfort message", () => {
    // GIVEN a macro whose voice messages are SSML with markup around a secret
    const flow = new Flow({
      name: "Chat text",
      startWith: asyncInvoke("balance", {
        strategy: "event", startFunctionArn: START, pollFunctionArn: POLL, input: {}, maxWaitSeconds: 60, holdPrompt: MUSIC,
        initialMessage: { ssml: '<speak>One moment.<mark name="a>b secret"/></speak>' },
        comfortMessage: { ssml: "<speak>Still working.<!-- internal > note: secret --></speak>" },
        ...outcomes(),
      }),
    });
    // WHEN the flow is built
    const texts = flow.toJson().Actions.map((action) => action.Parameters.Text).filter((text) => typeof text === "string");
    // THEN the chat messages are the words alone
    expect(texts).toEqual(expect.arrayContaining(["One moment.", "Still working."]));
    expect(texts.join(" ")).not.toContain("secret");
    expect(textOf({ ssml: '<speak>One moment.<mark name="a>b secret"/></speak>' })).toBe("One moment.");
  });
});
