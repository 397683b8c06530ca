// Which syntax role each Lezer highlighting tag plays: one table for the editor's highlight style
// and for code highlighted outside an editor (chat replies), so both colour code alike.
import { tags, type Tag } from '@lezer/highlight';
import type { SyntaxRole } from '../syntax-palette';

export interface SyntaxTagRule {
  tag: Tag[];
  role: SyntaxRole | null;
  fontStyle?: 'italic';
  fontWeight?: 'bold';
  textDecoration?: 'underline';
}

export const SYNTAX_TAG_RULES: SyntaxTagRule[] = [
  { tag: [tags.keyword, tags.modifier, tags.controlKeyword, tags.operatorKeyword], role: 'keyword' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], role: 'string' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], role: 'number' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], role: 'comment', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], role: 'function' },
  { tag: [tags.typeName, tags.className, tags.namespace], role: 'type' },
  { tag: [tags.variableName, tags.definition(tags.variableName)], role: 'variable' },
  { tag: [tags.propertyName, tags.labelName], role: 'property' },
  { tag: [tags.operator, tags.punctuation], role: 'operator' },
  { tag: [tags.tagName, tags.angleBracket], role: 'tag' },
  { tag: [tags.attributeName], role: 'attribute' },
  { tag: [tags.heading], role: 'heading', fontWeight: 'bold' },
  { tag: [tags.link, tags.url], role: 'link', textDecoration: 'underline' },
  { tag: [tags.emphasis], role: null, fontStyle: 'italic' },
  { tag: [tags.strong], role: null, fontWeight: 'bold' },
  { tag: [tags.invalid], role: 'invalid' },
];
