// A reply's Markdown as React elements, built from markdown-it's tokens: no HTML string is ever
// made or inserted. Links go through safeHref and open in a new tab without an opener or
// referrer; images are not loaded (a reply could otherwise send what it saw to any server in an
// image URL) but shown as a link to the image. Re-parsed on every change, so a streaming reply
// renders as it grows; elements are keyed by their token's place, so what is already on screen
// stays put.
import { Fragment, useMemo, type ReactNode } from 'react';
import type { Token } from 'markdown-it';
import { CodeBlock } from './code-block';
import { parseMarkdown } from './markdown-parser';
import { safeHref } from './safe-url';
import type { TaskMeta } from './task-list';

interface Frame {
  open: Token | null;
  children: ReactNode[];
}

export default function MarkdownView({ source }: { source: string }) {
  const content = useMemo(() => renderTokens(parseMarkdown(source)), [source]);
  return <div className="markdown">{content}</div>;
}

export function renderTokens(tokens: Token[]): ReactNode[] {
  const stack: Frame[] = [{ open: null, children: [] }];
  tokens.forEach((token, index) => {
    if (token.nesting === 1) {
      stack.push({ open: token, children: [] });
      return;
    }
    if (token.nesting === -1) {
      const frame = stack.pop();
      if (frame?.open) stack.at(-1)!.children.push(container(frame.open, frame.children, index));
      return;
    }
    stack.at(-1)!.children.push(leaf(token, index));
  });
  // An unclosed container cannot come from markdown-it; if one did, its content is still shown.
  while (stack.length > 1) {
    const frame = stack.pop()!;
    stack.at(-1)!.children.push(<Fragment key={`open-${stack.length}`}>{frame.children}</Fragment>);
  }
  return stack[0]!.children;
}

function container(open: Token, children: ReactNode[], key: number): ReactNode {
  const meta = (open.meta ?? {}) as TaskMeta;
  switch (open.type) {
    case 'paragraph_open':
      return open.hidden ? <Fragment key={key}>{children}</Fragment> : <p key={key}>{children}</p>;
    case 'heading_open': {
      const Heading = (/^h[1-6]$/.test(open.tag) ? open.tag : 'h6') as 'h1';
      return <Heading key={key}>{children}</Heading>;
    }
    case 'blockquote_open':
      return <blockquote key={key}>{children}</blockquote>;
    case 'bullet_list_open':
      return (
        <ul key={key} className={meta.taskList ? 'task-list' : undefined}>
          {children}
        </ul>
      );
    case 'ordered_list_open': {
      const start = Number(attr(open, 'start') ?? 1);
      return (
        <ol key={key} start={Number.isSafeInteger(start) ? start : undefined} className={meta.taskList ? 'task-list' : undefined}>
          {children}
        </ol>
      );
    }
    case 'list_item_open':
      return meta.task ? (
        <li key={key} className="task-list-item">
          <input type="checkbox" checked={meta.task.checked} disabled aria-label={meta.task.checked ? 'Done' : 'Not done'} />{' '}
          {children}
        </li>
      ) : (
        <li key={key}>{children}</li>
      );
    case 'table_open':
      return (
        <div key={key} className="markdown-table">
          <table>{children}</table>
        </div>
      );
    case 'thead_open':
      return <thead key={key}>{children}</thead>;
    case 'tbody_open':
      return <tbody key={key}>{children}</tbody>;
    case 'tr_open':
      return <tr key={key}>{children}</tr>;
    case 'th_open':
    case 'td_open': {
      const Cell = open.type === 'th_open' ? 'th' : 'td';
      const align = /text-align:(left|center|right)/.exec(attr(open, 'style') ?? '')?.[1];
      return (
        <Cell key={key} className={align ? `align-${align}` : undefined}>
          {children}
        </Cell>
      );
    }
    case 'em_open':
      return <em key={key}>{children}</em>;
    case 'strong_open':
      return <strong key={key}>{children}</strong>;
    case 's_open':
      return <del key={key}>{children}</del>;
    case 'link_open': {
      const href = safeHref(attr(open, 'href'));
      if (!href) return <span key={key}>{children}</span>;
      const title = attr(open, 'title');
      return (
        <a key={key} href={href} title={title ?? undefined} target="_blank" rel="noopener noreferrer">
          {children}
        </a>
      );
    }
    default:
      return <Fragment key={key}>{children}</Fragment>;
  }
}

function leaf(token: Token, key: number): ReactNode {
  switch (token.type) {
    case 'inline':
      return <Fragment key={key}>{renderTokens(token.children ?? [])}</Fragment>;
    case 'text':
    case 'text_special':
      return token.content;
    case 'softbreak':
      return '\n';
    case 'hardbreak':
      return <br key={key} />;
    case 'code_inline':
      return <code key={key}>{token.content}</code>;
    case 'fence':
      return <CodeBlock key={key} code={token.content} info={token.info} />;
    case 'code_block':
      return <CodeBlock key={key} code={token.content} info="" />;
    case 'hr':
      return <hr key={key} />;
    case 'image': {
      const alt = token.content || 'image';
      const href = safeHref(attr(token, 'src'));
      return href ? (
        <a key={key} className="markdown-image-link" href={href} target="_blank" rel="noopener noreferrer">
          Image: {alt}
        </a>
      ) : (
        <span key={key}>Image: {alt}</span>
      );
    }
    default:
      // html_inline / html_block cannot appear with html: false; any other token shows its source.
      return token.content;
  }
}

function attr(token: Token, name: string): string | null {
  const value = token.attrGet(name);
  return value === null ? null : String(value);
}
