import { Link } from 'wouter';
import { SETTING_CATEGORIES, type JsonValue, type TSettingCategory } from '@coditect/api/contract';
import { CATEGORY_LABELS, settingDefinitions } from './settings-catalog';
import { SettingControl } from './setting-control';
import { useSettings } from './settings-provider';
import { SettingsSyncIndicator } from './settings-sync-indicator';

export function settingsPath(category: TSettingCategory): string {
  return `/settings/${category}`;
}

const SAMPLE_CODE = `export function greet(name: string) {
  return \`Hello, \${name}!\`;
}`;

export function SettingsPage({ category }: { category: TSettingCategory }) {
  const { settings, stored, status, set, reset, retry } = useSettings();
  const values = settings[category] as Record<string, JsonValue>;

  return (
    <div className="page">
      <header className="page-header page-header-split">
        <div>
          <h1>Settings</h1>
          <p className="page-lede">Changes apply at once and are kept with your account.</p>
        </div>
        <SettingsSyncIndicator status={status} onRetry={retry} />
      </header>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Setting categories">
          {SETTING_CATEGORIES.map((each) => (
            <Link key={each} href={settingsPath(each)} aria-current={each === category ? 'page' : undefined}>
              {CATEGORY_LABELS[each]}
            </Link>
          ))}
        </nav>
        <section className="settings-panel" aria-labelledby="settings-category">
          <h2 id="settings-category">{CATEGORY_LABELS[category]}</h2>
          {settingDefinitions(category).map(([key, definition]) => (
            <SettingControl
              key={`${category}.${key}`}
              definition={definition}
              value={values[key] ?? definition.default}
              isDefault={stored[category]?.[key] === undefined}
              onChange={(value) => set(category, key, value)}
              onReset={() => reset(category, key)}
            />
          ))}
          {(category === 'editor' || category === 'theme') && (
            <figure className="preview">
              <figcaption>Preview</figcaption>
              <pre className={settings.editor.word_wrap ? 'code-preview code-wrap' : 'code-preview'} data-testid="editor-preview">
                {SAMPLE_CODE.split('\n').map((line, index) => (
                  <span key={index} className="code-line">
                    {settings.editor.line_numbers && <span className="line-number">{index + 1}</span>}
                    {line.replace(/^ {2}/, ' '.repeat(settings.editor.tab_size))}
                    {'\n'}
                  </span>
                ))}
              </pre>
            </figure>
          )}
          {category === 'terminal' && (
            <figure className="preview">
              <figcaption>Preview</figcaption>
              <pre className="terminal-preview">
                <span className="terminal-prompt">{settings.terminal.shell || 'sh'} $</span> pnpm test
                <span className={settings.terminal.cursor_blink ? 'terminal-cursor terminal-cursor-blink' : 'terminal-cursor'} />
              </pre>
            </figure>
          )}
        </section>
      </div>
    </div>
  );
}
