// The provider's models (llm.models) in a select. The choice is the `llm.default_model` setting,
// kept with the user's other settings; a model the provider no longer offers falls back to its first.
import type { TListModelsResponse } from '@coditect/api/contract';

export function chosenModel(models: TListModelsResponse['models'] | undefined, preferred: string): string | null {
  if (!models || models.length === 0) return null;
  return models.some((model) => model.id === preferred) ? preferred : models[0]!.id;
}

export function ModelPicker(props: {
  models: TListModelsResponse['models'] | undefined;
  value: string | null;
  loading: boolean;
  onChange(model: string): void;
}) {
  const { models, value, loading, onChange } = props;
  return (
    <div className="model-picker">
      <label htmlFor="chat-model">Model</label>
      <select
        id="chat-model"
        value={value ?? ''}
        disabled={!models || models.length === 0}
        aria-busy={loading || undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {value === null && <option value="">{loading ? 'Loading models…' : 'No model available'}</option>}
        {models?.map((model) => (
          <option key={model.id} value={model.id}>
            {model.id}
          </option>
        ))}
      </select>
    </div>
  );
}
