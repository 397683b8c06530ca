// An assistant's text rendered as Markdown. The renderer (markdown-it and the highlighting) loads
// with the first reply shown; until then the text appears as written.
import { Suspense, lazy } from 'react';
import { useColorScheme } from '../settings/settings-provider';
import { CodeThemeContext } from './markdown/code-block';

const MarkdownView = lazy(() => import('./markdown/markdown-view'));

export function ReplyContent({ source }: { source: string }) {
  return (
    <CodeThemeContext value={useColorScheme()}>
      <Suspense fallback={<div className="markdown-pending">{source}</div>}>
        <MarkdownView source={source} />
      </Suspense>
    </CodeThemeContext>
  );
}
