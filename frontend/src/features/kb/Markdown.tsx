import { Typography } from "antd";
import type { ReactNode } from "react";
import { type Block, type Inline, parseMarkdown } from "./markdown";

// Keys are positions: the nodes are derived from the text on every render and never reorder.
function renderInline(node: Inline, key: string): ReactNode {
  switch (node.kind) {
    case "text":
      return <span key={key}>{node.text}</span>;
    case "strong":
      return <strong key={key}>{inlines(node.children)}</strong>;
    case "em":
      return <em key={key}>{inlines(node.children)}</em>;
    case "code":
      return (
        <Typography.Text key={key} code>
          {node.text}
        </Typography.Text>
      );
    case "link": {
      const external = !node.href.startsWith("/") && !node.href.startsWith(`${window.location.origin}/`);
      return (
        <a
          key={key}
          href={node.href}
          {...(external ? { target: "_blank", rel: "noopener noreferrer nofollow" } : {})}
        >
          {inlines(node.children)}
        </a>
      );
    }
  }
}

function inlines(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, i) => renderInline(node, `${node.kind}-${i}`));
}

function listItems(items: Inline[][]): ReactNode[] {
  return items.map((item, i) => renderItem(item, `li-${i}`));
}

function renderItem(item: Inline[], key: string): ReactNode {
  return <li key={key}>{inlines(item)}</li>;
}

function renderBlock(block: Block, key: string): ReactNode {
  switch (block.kind) {
    case "heading":
      return (
        <Typography.Title key={key} level={(block.level + 1) as 2 | 3 | 4 | 5}>
          {inlines(block.children)}
        </Typography.Title>
      );
    case "paragraph":
      return <Typography.Paragraph key={key}>{inlines(block.children)}</Typography.Paragraph>;
    case "list":
      return block.ordered ? (
        <ol key={key}>{listItems(block.items)}</ol>
      ) : (
        <ul key={key}>{listItems(block.items)}</ul>
      );
    case "quote":
      return <blockquote key={key}>{inlines(block.children)}</blockquote>;
    case "code":
      return (
        <pre key={key}>
          <code>{block.text}</code>
        </pre>
      );
    case "rule":
      return <hr key={key} />;
  }
}

/** Article Markdown as React elements only (see markdown.ts): safe for any author's text. */
export function Markdown({ source, testId }: { source: string; testId?: string }) {
  return (
    <Typography data-testid={testId}>
      {parseMarkdown(source).map((block, i) => renderBlock(block, `${block.kind}-${i}`))}
    </Typography>
  );
}
