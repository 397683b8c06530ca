/** The × that removes one item of a list; `label` says which ("Remove src/app.ts"). */
export function RemoveButton({ label, onRemove }: { label: string; onRemove(): void }) {
  return (
    <button type="button" className="button button-quiet button-icon" aria-label={label} onClick={onRemove}>
      ×
    </button>
  );
}
