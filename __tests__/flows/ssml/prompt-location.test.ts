import { findForbiddenCharacter, mediaUriProblem, promptIdProblem } from "../../../flows/ssml";

describe("prompt sources: prompt ARNs, S3 locations and characters", () => {
  it.each([
    "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000/prompt/00000000-0000-4000-8000-00000000cafe",
    "arn:aws-us-gov:connect:us-gov-west-1:111111111111:instance/abc/prompt/def",
    "00000000-0000-4000-8000-00000000cafe",
    "$.Attributes.holdPrompt",
    "${data.aws_connect_prompt.music.arn}",
  ])("accepts the prompt %s", (promptId) => {
    expect(promptIdProblem(promptId)).toBeUndefined();
  });

  it.each([
    "javascript:alert(1)",
    "Music_Jazz_MyTimeIsYourTime.wav",
    "arn:aws:connect:us-east-1:111111111111:instance/abc/queue/def",
    "arn:aws:lambda:us-east-1:111111111111:function:f",
  ])("rejects the prompt %s, saying what a prompt ARN looks like", (promptId) => {
    expect(promptIdProblem(promptId)).toMatch(/is not a prompt ARN \(arn:aws:connect:<region>:<account>:instance\/<instance id>\/prompt\/<prompt id>\)/);
  });

  it.each([
    "s3://hold-music/jazz.wav",
    "https://hold-music.s3.us-east-1.amazonaws.com/jazz.wav",
    "https://hold-music.s3.amazonaws.com/$['Attributes']['Language']/1.wav",
    "https://s3.eu-west-1.amazonaws.com/hold-music/jazz.wav",
    "https://${aws_s3_bucket.music.bucket}.s3.amazonaws.com/jazz.wav",
  ])("accepts the S3 location %s", (uri) => {
    expect(mediaUriProblem(uri)).toBeUndefined();
  });

  it.each(["javascript:alert(1)", "https://evil.example.com/a.wav", "s3://b/a.wav", "s3://hold-music/", "file:///etc/passwd", "hold.wav"])(
    "rejects the S3 location %s", (uri) => {
      expect(mediaUriProblem(uri)).toMatch(/is not an S3 object location\. Write s3:\/\/<bucket>\/<key>/);
    });

  it("finds NUL, other control characters and lone surrogates, and allows tabs, line breaks and paired surrogates", () => {
    expect(findForbiddenCharacter("a\u0000b")).toBe("a NUL character (U+0000) at character 2");
    expect(findForbiddenCharacter("bell\u0007")).toBe("the control character U+0007 at character 5");
    expect(findForbiddenCharacter("x\u009b")).toBe("the control character U+009B at character 2");
    expect(findForbiddenCharacter("\udc00 tail")).toBe("a lone surrogate (U+DC00, half of a character pair) at character 1");
    expect(findForbiddenCharacter("tab\tline\nreturn\r music \u{1F3B5}")).toBeUndefined();
  });
});
