// Replies are CommonMark + GFM (tables, strikethrough, task lists, bare-URL autolinks), parsed to
// tokens that markdown-view turns into React elements. Raw HTML is off: "<script>" is text.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { safeHref } from './safe-url';
import { taskLists } from './task-list';

const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false });
// GFM's extended autolinks: "www." starts a link, as http. linkify-it's own fuzzy links would
// also take file names for domains (main.py, index.md: .py and .md are country domains).
const WWW_TAIL =
  /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?:[/?#][^\s<>"]*[^\s<>".,;:!?)\]'*_~])?/i;
md.linkify.add('www.', {
  validate: (text, pos) => WWW_TAIL.exec(text.slice(pos))?.[0].length ?? 0,
  normalize: (match) => {
    match.url = `http://${match.url}`;
  },
});
// markdown-it's own check is a blocklist; ours allows only http(s) and mailto. Links it refuses
// stay as their source text.
md.validateLink = (url) => safeHref(url) !== null;
md.use(taskLists);

export function parseMarkdown(source: string): Token[] {
  return md.parse(source, {});
}
