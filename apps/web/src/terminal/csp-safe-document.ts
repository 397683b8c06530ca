// xterm.js styles itself with <style> elements it fills with colours and cell sizes, and colours
// some cells with `setAttribute('style', …)`; the page's Content Security Policy (style-src 'self')
// rightly refuses both. xterm makes most of its elements through the document it is given
// (`documentOverride`), so it gets this one: its <style> elements are inert stand-ins whose text is
// mirrored into constructable stylesheets adopted by the page, and a style attribute is set
// through the CSSOM instead — both of which the policy allows. The scrollbar's <style> comes from
// the real document while the terminal opens (xterm 6 ignores the override there): `open` is
// wrapped so that one is a stand-in too.

/** A stand-in's tag: an unknown element, hidden by app.css. */
const STAND_IN_TAG = 'xterm-style';

function setAttributeThroughCssom(this: HTMLElement, name: string, value: string): void {
  if (name.toLowerCase() === 'style') this.style.cssText = value;
  else Element.prototype.setAttribute.call(this, name, value);
}

export interface CspSafeDocument {
  document: Document;
  /** Runs `open` (xterm's `terminal.open`) with the real document's createElement this one's. */
  opening(open: () => void): void;
  /** Removes the adopted stylesheets (with the terminal). */
  dispose(): void;
}

export function cspSafeDocument(real: Document = document): CspSafeDocument {
  const sheets = new Map<Element, CSSStyleSheet>();
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const standIn = record.target instanceof Element ? record.target : record.target.parentElement;
      const sheet = standIn && sheets.get(standIn);
      if (sheet) sheet.replaceSync(standIn.textContent ?? '');
    }
  });

  const nativeCreateElement = Document.prototype.createElement;
  const createElement = (tagName: string, options?: ElementCreationOptions): HTMLElement => {
    if (tagName.toLowerCase() === 'style') {
      const standIn = nativeCreateElement.call(real, STAND_IN_TAG, options);
      const sheet = new CSSStyleSheet();
      sheets.set(standIn, sheet);
      real.adoptedStyleSheets = [...real.adoptedStyleSheets, sheet];
      observer.observe(standIn, { childList: true, characterData: true, subtree: true });
      return standIn;
    }
    const element = nativeCreateElement.call(real, tagName, options);
    element.setAttribute = setAttributeThroughCssom;
    return element;
  };

  // Everything else is the real document's (bound, as native methods need their own `this`).
  const proxy = new Proxy(real, {
    get(target, property) {
      if (property === 'createElement') return createElement;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });

  return {
    document: proxy,
    opening(open) {
      const patched = real as { createElement: unknown };
      patched.createElement = createElement;
      try {
        open();
      } finally {
        delete patched.createElement;
      }
    },
    dispose() {
      observer.disconnect();
      const mine = new Set(sheets.values());
      real.adoptedStyleSheets = real.adoptedStyleSheets.filter((sheet) => !mine.has(sheet));
      sheets.clear();
    },
  };
}
