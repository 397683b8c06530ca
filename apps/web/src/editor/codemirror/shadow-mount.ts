// Where an editor is mounted: inside an open shadow root of its host element. In a shadow root
// CodeMirror styles itself with constructable stylesheets; in the document it would add <style>
// elements, which the page's Content Security Policy (style-src 'self') rightly refuses. CSS
// custom properties (the theme's colours, fonts) still reach inside.

const HOST_CSS = `
:host { display: block; position: relative; height: 100%; min-height: 0; }
.cm-mount { height: 100%; }
.cm-editor { height: 100%; }
.cm-editor.cm-focused { outline: none; }
.cm-mergeView { height: 100%; overflow: auto; }
`;

let hostSheet: CSSStyleSheet | undefined;

export function shadowMount(host: HTMLElement): { root: ShadowRoot; parent: HTMLElement; unmount(): void } {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  if (!hostSheet) {
    hostSheet = new CSSStyleSheet();
    hostSheet.replaceSync(HOST_CSS);
  }
  if (!root.adoptedStyleSheets.includes(hostSheet)) root.adoptedStyleSheets = [hostSheet, ...root.adoptedStyleSheets];
  const parent = document.createElement('div');
  parent.className = 'cm-mount';
  root.append(parent);
  return { root, parent, unmount: () => parent.remove() };
}
