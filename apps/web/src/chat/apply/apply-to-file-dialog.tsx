// "Apply to file": the person confirms or picks the workspace file, sees the difference between
// the file now and the block, and applying writes over exactly the version shown. When the file
// changed meanwhile the dialog says so and shows the difference against its new content.
import { Suspense, lazy, useEffect, useState, type FormEvent } from 'react';
import { useEditorLook } from '../../editor/use-editor-look';
import { ModalDialog } from '../../shell/modal-dialog';
import { describeFilesError } from '../../workspace/files-error-message';
import type { WorkspaceFiles } from '../../workspace/workspace-files';
import { acceptApply, planApply, NotTextError, type ApplyPlan } from './apply-to-file';

const DiffView = lazy(() => import('../../editor/codemirror/diff-view'));

export interface ApplyToFileDialogProps {
  files: WorkspaceFiles;
  code: string;
  suggestedPath: string;
  onApplied(path: string): void;
  onClose(): void;
}

type Step =
  | { kind: 'choose' }
  | { kind: 'reading' }
  | { kind: 'review'; plan: ApplyPlan; changedMeanwhile: boolean }
  | { kind: 'writing'; plan: ApplyPlan };

export function ApplyToFileDialog({ files, code, suggestedPath, onApplied, onClose }: ApplyToFileDialogProps) {
  const look = useEditorLook();
  const [path, setPath] = useState(suggestedPath);
  const [step, setStep] = useState<Step>(suggestedPath ? { kind: 'reading' } : { kind: 'choose' });
  const [failure, setFailure] = useState<string | null>(null);

  const load = (target: string) => {
    planApply(files, target, code).then(
      (plan) => setStep({ kind: 'review', plan, changedMeanwhile: false }),
      (error: unknown) => {
        setFailure(error instanceof NotTextError ? `${target} is not a text file.` : describeFilesError(error));
        setStep({ kind: 'choose' });
      },
    );
  };

  const review = (target: string) => {
    setFailure(null);
    setStep({ kind: 'reading' });
    load(target);
  };

  // A block that names its file (or with a file open) goes straight to the difference.
  useEffect(() => {
    if (suggestedPath) load(suggestedPath);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the dialog opens: later renders (a new `load`) must not read the file again and reset a diff the user is looking at
  }, []);

  const apply = (plan: ApplyPlan) => {
    setFailure(null);
    setStep({ kind: 'writing', plan });
    acceptApply(files, plan).then(
      (outcome) => {
        if (outcome.status === 'written') onApplied(plan.path);
        else setStep({ kind: 'review', plan: outcome.plan, changedMeanwhile: true });
      },
      (error: unknown) => {
        setFailure(describeFilesError(error));
        setStep({ kind: 'review', plan, changedMeanwhile: false });
      },
    );
  };

  const submitPath = (event: FormEvent) => {
    event.preventDefault();
    const target = path.trim().replace(/^\/+/, '');
    if (target) review(target);
  };

  const plan = step.kind === 'review' || step.kind === 'writing' ? step.plan : null;
  const unchanged = plan !== null && plan.current === plan.proposed;

  return (
    <ModalDialog
      title="Apply to file"
      className="modal-wide apply-dialog"
      onCancel={onClose}
      actions={
        plan ? (
          <>
            <button
              type="button"
              className="button button-primary"
              disabled={step.kind === 'writing' || unchanged}
              onClick={() => apply(plan)}
            >
              {step.kind === 'writing' ? 'Applying…' : plan.etag === null ? `Create ${plan.path}` : `Apply to ${plan.path}`}
            </button>
            <button type="button" className="button" onClick={() => setStep({ kind: 'choose' })}>
              Another file
            </button>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
          </>
        ) : (
          <>
            <button type="submit" form="apply-path" className="button button-primary" disabled={step.kind === 'reading'}>
              {step.kind === 'reading' ? 'Reading…' : 'Show changes'}
            </button>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
          </>
        )
      }
    >
      {failure && (
        <p className="field-message field-error" role="alert">
          {failure}
        </p>
      )}
      {plan ? (
        <>
          {step.kind === 'review' && step.changedMeanwhile && (
            <p className="apply-note apply-conflict" role="alert">
              <strong>{plan.path} changed since the difference was shown.</strong> Nothing was written; below is the difference
              against its new content.
            </p>
          )}
          <p className="apply-note">
            {plan.etag === null
              ? `${plan.path} does not exist yet: applying creates it.`
              : unchanged
                ? `${plan.path} already holds this code.`
                : `Left: ${plan.path} now. Right: after applying.`}
          </p>
          <Suspense fallback={<div className="diff-view" aria-busy="true" />}>
            <DiffView key={plan.etag ?? 'new'} path={plan.path} before={plan.current} after={plan.proposed} look={look} />
          </Suspense>
        </>
      ) : (
        <form id="apply-path" className="apply-path" onSubmit={submitPath}>
          <label htmlFor="apply-path-input">Workspace file</label>
          <input
            id="apply-path-input"
            value={path}
            placeholder="src/app.ts"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setPath(event.target.value)}
          />
        </form>
      )}
    </ModalDialog>
  );
}
