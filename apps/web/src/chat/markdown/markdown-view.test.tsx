// @vitest-environment happy-dom
// What a hostile or careless reply can do once rendered: nothing. Each case checks the produced
// DOM — no element with an on* attribute, no script or embedding element, and every href/src an
// http(s) or mailto URL — and that the text the model wrote is still shown.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, waitFor } from '@testing-library/react';
import MarkdownView from './markdown-view';

afterEach(cleanup);

function renderReply(source: string): HTMLElement {
  return render(<MarkdownView source={source} />).container;
}

function expectInert(root: HTMLElement) {
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of element.getAttributeNames()) expect(attribute, element.outerHTML).not.toMatch(/^on/i);
    for (const name of ['href', 'src', 'action', 'formaction', 'xlink:href']) {
      const value = element.getAttribute(name);
      if (value !== null) expect(value, element.outerHTML).toMatch(/^(https?:|mailto:)/);
    }
  }
  expect(root.querySelectorAll('script, iframe, object, embed, img, style, form, svg, math, base, meta')).toHaveLength(0);
  for (const link of root.querySelectorAll('a')) {
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
  }
}

describe('raw HTML is text', () => {
  it.each([
    ['<img src=x onerror=alert(1)>'],
    ['<script>alert(1)</script>'],
    ['<iframe src="javascript:alert(1)"></iframe>'],
    ['<a href="javascript:alert(1)">x</a>'],
    ['<div onclick="alert(1)">click</div>\n\nafter'],
    ['<svg onload=alert(1)>'],
    ['text <b onmouseover=alert(1)>bold</b> inline'],
    ['<style>body{display:none}</style>'],
  ])('%s', (source) => {
    const root = renderReply(source);
    expectInert(root);
    expect(root.textContent).toContain(source.split('\n')[0]);
  });
});

describe('links cannot run script', () => {
  it.each([
    ['[x](javascript:alert(1))'],
    ['[x](JaVaScRiPt:alert(1))'],
    ['[x](javascript&#58;alert(1))'],
    ['[x](javascript&colon;alert(1))'],
    ['[x](&#106;avascript:alert(1))'],
    ['[x](java%0ascript:alert(1))'],
    ['[x](<java\tscript:alert(1)>)'],
    ['[x](<\u0001javascript:alert(1)>)'],
    ['[x]( javascript:alert(1))'],
    ['[x](vbscript:msgbox(1))'],
    ['[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['[x](file:///etc/passwd)'],
    ['[x][ref]\n\n[ref]: javascript:alert(1)'],
    ['<javascript:alert(1)>'],
    ['![x](javascript:alert(1))'],
    ['![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
    ['[**bold _and `code`_**](javascript:alert(1))'],
  ])('%s', (source) => {
    const root = renderReply(source);
    expectInert(root);
    expect(root.querySelectorAll('a')).toHaveLength(0);
  });

  it('shows a refused link as its source, nested emphasis still rendered', () => {
    const root = renderReply('[**bold _and `code`_**](javascript:alert(1))');
    expect(root.querySelector('strong em code')?.textContent).toBe('code');
    expect(root.textContent).toBe('[bold and code](javascript:alert(1))');
  });

  it('renders http(s) and mailto links, autolinks and bare URLs, opening without an opener', () => {
    const root = renderReply(
      '[docs](https://example.com/a?b=1 "The docs") <https://example.org> www.example.net and mailto:me@example.com, not main.py\n\n[**strong _em_**](http://example.com)',
    );
    expectInert(root);
    const links = [...root.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      'https://example.com/a?b=1',
      'https://example.org/',
      'http://www.example.net/',
      'mailto:me@example.com',
      'http://example.com/',
    ]);
    expect(links[0]!.getAttribute('title')).toBe('The docs');
    expect(links[4]!.querySelector('strong > em')?.textContent).toBe('em');
  });

  it('shows an image as a link to it, never loading it', () => {
    const root = renderReply('![a chart](https://example.com/chart.png)');
    expectInert(root);
    const link = root.querySelector('a.markdown-image-link');
    expect(link?.getAttribute('href')).toBe('https://example.com/chart.png');
    expect(link?.textContent).toBe('Image: a chart');
  });
});

describe('code keeps markup as text', () => {
  it('in code spans and fences', () => {
    const root = renderReply(
      '`<img src=x onerror=alert(1)>` and\n\n```html\n<script>alert(1)</script>\n<a href="javascript:alert(1)">x</a>\n```',
    );
    expectInert(root);
    expect(root.querySelector('p code')?.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(root.querySelector('pre code')?.textContent).toBe('<script>alert(1)</script>\n<a href="javascript:alert(1)">x</a>');
  });
});

describe('GFM', () => {
  it('renders tables with alignment, task lists and strikethrough', () => {
    const root = renderReply(
      '| name | size |\n| :--- | ---: |\n| a.ts | 10 |\n\n- [x] done\n- [ ] ~~todo~~ later\n\n1. one\n2. two',
    );
    expect([...root.querySelectorAll('th')].map((cell) => cell.textContent)).toEqual(['name', 'size']);
    expect(root.querySelector('td.align-right')?.textContent).toBe('10');
    const items = [...root.querySelectorAll('ul.task-list > li.task-list-item')];
    expect(items.map((item) => item.textContent?.trim())).toEqual(['done', 'todo later']);
    expect(items.map((item) => (item.querySelector('input[type=checkbox]') as HTMLInputElement).checked)).toEqual([true, false]);
    expect(items[1]!.querySelector('del')?.textContent).toBe('todo');
    expect(root.querySelectorAll('ol > li')).toHaveLength(2);
  });

  it('leaves "[ ]" that does not start an item alone', () => {
    const root = renderReply('- an [ ] inside\n\n[ ] not a list');
    expect(root.querySelector('input')).toBeNull();
    expect(root.textContent).toContain('[ ] not a list');
  });
});

describe('code blocks', () => {
  it('highlight with the editor language packs and offer a copy button', async () => {
    const root = renderReply('```ts\nconst answer: number = 42; // why\n```');
    expect(root.querySelector('pre')?.getAttribute('data-language')).toBe('typescript');
    await waitFor(() => expect(root.querySelector('.syntax-keyword')?.textContent).toBe('const'));
    expect(root.querySelector('.syntax-number')?.textContent).toBe('42');
    expect(root.querySelector('.syntax-comment')?.textContent).toBe('// why');
    expect(root.querySelector('pre code')?.textContent).toBe('const answer: number = 42; // why');
    expect(root.querySelector('button[aria-label="Copy code"]')).not.toBeNull();
  });

  it('render an unterminated fence (a reply still streaming) as a code block', () => {
    const root = renderReply('Here:\n\n```python\ndef f():\n    return 1');
    expect(root.querySelector('pre code')?.textContent).toBe('def f():\n    return 1');
    expect(root.querySelector('p')?.textContent).toBe('Here:');
  });

  it('keep the elements already shown while a reply grows', () => {
    const view = render(<MarkdownView source={'# Title\n\nfirst'} />);
    const heading = view.container.querySelector('h1');
    view.rerender(<MarkdownView source={'# Title\n\nfirst paragraph\n\n- item'} />);
    expect(view.container.querySelector('h1')).toBe(heading);
    expect(view.container.querySelector('li')?.textContent).toBe('item');
  });
});
