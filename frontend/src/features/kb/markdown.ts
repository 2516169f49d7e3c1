/**
 * A small Markdown subset parsed into plain data, rendered by <Markdown> as React elements.
 * No HTML string is ever produced or injected: raw HTML in an article shows as text, and links
 * keep only http(s), mailto and same-site paths.
 */

export type Inline =
  | { kind: "text"; text: string }
  | { kind: "strong"; children: Inline[] }
  | { kind: "em"; children: Inline[] }
  | { kind: "code"; text: string }
  | { kind: "link"; href: string; children: Inline[] };

export type Block =
  | { kind: "heading"; level: 1 | 2 | 3 | 4; children: Inline[] }
  | { kind: "paragraph"; children: Inline[] }
  | { kind: "list"; ordered: boolean; items: Inline[][] }
  | { kind: "quote"; children: Inline[] }
  | { kind: "code"; text: string }
  | { kind: "rule" };

/** The href when it is safe to follow, else null (the link text is then shown as plain text). */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  if (/^(https?:\/\/|mailto:)/i.test(href)) return href;
  if (href.startsWith("/") && !href.startsWith("//")) return href;
  return null;
}

const INLINE_RULES: [RegExp, (m: RegExpExecArray) => Inline][] = [
  [/^`([^`]+)`/, (m) => ({ kind: "code", text: m[1] ?? "" })],
  [/^\*\*(.+?)\*\*/, (m) => ({ kind: "strong", children: parseInline(m[1] ?? "") })],
  [/^\*([^*\s][^*]*)\*/, (m) => ({ kind: "em", children: parseInline(m[1] ?? "") })],
  [
    /^\[([^\]]+)\]\(([^)\s]+)\)/,
    (m) => {
      const href = safeHref(m[2] ?? "");
      const children = parseInline(m[1] ?? "");
      return href ? { kind: "link", href, children } : { kind: "strong", children };
    },
  ],
];

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let buffer = "";
  let i = 0;
  outer: while (i < text.length) {
    const rest = text.slice(i);
    for (const [pattern, build] of INLINE_RULES) {
      const m = pattern.exec(rest);
      if (m) {
        if (buffer) out.push({ kind: "text", text: buffer });
        buffer = "";
        out.push(build(m));
        i += m[0].length;
        continue outer;
      }
    }
    buffer += text[i];
    i += 1;
  }
  if (buffer) out.push({ kind: "text", text: buffer });
  return out;
}

const HEADING = /^(#{1,4})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length) blocks.push({ kind: "paragraph", children: parseInline(paragraph.join(" ")) });
    paragraph = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    const trimmed = line.trim();
    if (trimmed.startsWith("```")) {
      endParagraph();
      const code: string[] = [];
      i += 1;
      while (i < lines.length && !(lines[i] ?? "").trim().startsWith("```")) {
        code.push(lines[i] ?? "");
        i += 1;
      }
      blocks.push({ kind: "code", text: code.join("\n") });
      i += 1;
      continue;
    }
    const heading = HEADING.exec(trimmed);
    if (heading) {
      endParagraph();
      const level = Math.min(heading[1]?.length ?? 1, 4) as 1 | 2 | 3 | 4;
      blocks.push({ kind: "heading", level, children: parseInline(heading[2] ?? "") });
    } else if (/^(-{3,}|\*{3,})$/.test(trimmed)) {
      endParagraph();
      blocks.push({ kind: "rule" });
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      endParagraph();
      const ordered = !BULLET.test(line);
      const pattern = ordered ? NUMBERED : BULLET;
      const items: Inline[][] = [];
      while (i < lines.length && pattern.test(lines[i] ?? "")) {
        items.push(parseInline(pattern.exec(lines[i] ?? "")?.[1] ?? ""));
        i += 1;
      }
      blocks.push({ kind: "list", ordered, items });
      continue;
    } else if (trimmed.startsWith(">")) {
      endParagraph();
      const quote: string[] = [];
      while (i < lines.length && (lines[i] ?? "").trim().startsWith(">")) {
        quote.push((lines[i] ?? "").trim().replace(/^>\s?/, ""));
        i += 1;
      }
      blocks.push({ kind: "quote", children: parseInline(quote.join(" ")) });
      continue;
    } else if (!trimmed) {
      endParagraph();
    } else {
      paragraph.push(trimmed);
    }
    i += 1;
  }
  endParagraph();
  return blocks;
}
