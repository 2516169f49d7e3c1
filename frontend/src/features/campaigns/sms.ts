/** An SMS as the server sends it: the text, then the opt-out line Chinese rules require, billed per
 * part (domain/marketing/templates.py sms_text and sms_parts). Counted here on the template as
 * typed; the rendered preview answers for a real customer. Pure. */
import type { ContentLanguage } from "./content";

export const SMS_OPT_OUT: Record<ContentLanguage, string> = { "zh-CN": "回T退订", en: "Reply T to opt out" };
const GSM = { single: 160, part: 153 };
const UCS2 = { single: 70, part: 67 };

export function smsText(body: string, language: ContentLanguage): string {
  return `${body.trimEnd()} ${SMS_OPT_OUT[language]}`;
}

export interface SmsCount {
  characters: number;
  parts: number;
  /** Holds a character outside ASCII (Chinese): 70 to a message instead of 160. */
  wide: boolean;
}

/** Characters as the server counts them (code points, not UTF-16 units) and the parts they take. */
export function smsCount(text: string): SmsCount {
  const chars = [...text];
  const wide = chars.some((ch) => (ch.codePointAt(0) ?? 0) > 0x7f);
  const { single, part } = wide ? UCS2 : GSM;
  const parts = chars.length <= single ? 1 : Math.ceil(chars.length / part);
  return { characters: chars.length, parts, wide };
}
