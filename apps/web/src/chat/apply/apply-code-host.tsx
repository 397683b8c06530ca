// Offers "Apply to file" on the code blocks of the chat of a session whose files are open here,
// and runs the dialog; an applied file opens in the editor, which shows its new content.
import { useEffect, useState, type ReactNode } from 'react';
import { useReadySession } from '../../sessions/open-session';
import { ApplyCodeContext, type ApplyCode } from '../markdown/code-block';
import type { FenceInfo } from '../markdown/fence-info';
import { ApplyToFileDialog } from './apply-to-file-dialog';
import { codeForFile, suggestApplyPath } from './apply-to-file';

interface Request {
  code: string;
  fence: FenceInfo;
}

export function ApplyCodeHost({ children }: { children: ReactNode }) {
  const session = useReadySession();
  const [request, setRequest] = useState<Request | null>(null);
  const [applied, setApplied] = useState<string | null>(null);
  useEffect(() => {
    if (!applied) return;
    const timer = setTimeout(() => setApplied(null), 4000);
    return () => clearTimeout(timer);
  }, [applied]);
  const apply: ApplyCode | null = session
    ? (code, fence) => {
        setApplied(null);
        setRequest({ code, fence });
      }
    : null;

  return (
    <ApplyCodeContext value={apply}>
      {children}
      {applied && (
        <p className="chat-applied" role="status">
          Applied to {applied}
        </p>
      )}
      {session && request && (
        <ApplyToFileDialog
          files={session.files}
          code={codeForFile(request.code, request.fence.namedByFirstLine)}
          suggestedPath={suggestApplyPath(request.fence.path, session.session.editor_state.active_file)}
          onClose={() => setRequest(null)}
          onApplied={(path) => {
            setRequest(null);
            setApplied(path);
            session.openAt(path, 0, 0);
          }}
        />
      )}
    </ApplyCodeContext>
  );
}
