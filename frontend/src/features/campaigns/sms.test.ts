import { describe, expect, it } from "vitest";
import { smsCount, smsText } from "./sms";

describe("SMS counting (as the server counts)", () => {
  it("adds the opt-out line of the message's language", () => {
    expect(smsText("王芳您好，凭券到店享8折  ", "zh-CN")).toBe("王芳您好，凭券到店享8折 回T退订");
    expect(smsText("Hi Amy", "en")).toBe("Hi Amy Reply T to opt out");
  });

  it("takes 70 characters a message once it holds Chinese, 67 a part beyond", () => {
    expect(smsCount("好".repeat(70))).toEqual({ characters: 70, parts: 1, wide: true });
    expect(smsCount("好".repeat(71))).toEqual({ characters: 71, parts: 2, wide: true });
    expect(smsCount("好".repeat(134)).parts).toBe(2);
    expect(smsCount("好".repeat(135)).parts).toBe(3);
  });

  it("takes 160 plain characters a message, 153 a part beyond", () => {
    expect(smsCount("a".repeat(160))).toEqual({ characters: 160, parts: 1, wide: false });
    expect(smsCount("a".repeat(161)).parts).toBe(2);
    expect(smsCount(`${"a".repeat(159)}é`).wide).toBe(true);
  });

  it("counts code points, as Python's len does, not UTF-16 units", () => {
    expect(smsCount("🎁好").characters).toBe(2);
  });

  it("matches the server's count of the rendered demo message", () => {
    // POST /campaigns/{id}/render answered sms_characters 23, sms_parts 1 for this text.
    expect(smsCount(smsText("姚伟您好，凭券 SMS8 到店享8折", "zh-CN"))).toEqual({
      characters: 23,
      parts: 1,
      wide: true,
    });
  });
});
