// xterm.js styles itself with <style> elements it fills with colours and cell sizes, and colours
// cells (a selection, 24-bit colours) with `span.setAttribute('style', …)`; the page's Content
// Security Policy (style-src 'self') rightly refuses both. Some of those elements come from the
// global `document` whatever xterm is given (its row factory and scrollbar do), so while a terminal
// is open the document's createElement makes <style> elements inert stand-ins, whose text is
// mirrored into constructable stylesheets adopted by the page, and spans whose style attribute is
// set through the CSSOM instead — both of which the policy allows. Nothing else in the app creates
// <style> elements or sets style attributes; the patch is removed when the last terminal closes.

/** A stand-in's tag: an unknown element, hidden by app.css. */
const STAND_IN_TAG = 'xterm-style';

function setAttributeThroughCssom(this: HTMLElement, name: string, value: string): void {
  if (name.toLowerCase() === 'style') this.style.cssText = value;
  else Element.prototype.setAttribute.call(this, name, value);
}

const sheets = new Map<Element, CSSStyleSheet>();
let users = 0;
let observer: MutationObserver | undefined;

function createElement(this: Document, tagName: string, options?: ElementCreationOptions): HTMLElement {
  const native = Document.prototype.createElement;
  const tag = tagName.toLowerCase();
  if (tag === 'style') {
    const standIn = native.call(this, STAND_IN_TAG, options);
    const sheet = new CSSStyleSheet();
    sheets.set(standIn, sheet);
    this.adoptedStyleSheets = [...this.adoptedStyleSheets, sheet];
    observer?.observe(standIn, { childList: true, characterData: true, subtree: true });
    return standIn;
  }
  const element = native.call(this, tagName, options);
  if (tag === 'span') element.setAttribute = setAttributeThroughCssom;
  return element;
}

/** Makes the document's elements CSP-safe for xterm until the returned function is called (after `terminal.dispose()`). */
export function holdCspSafeDocument(doc: Document = document): () => void {
  if (users === 0) {
    observer = new MutationObserver((records) => {
      for (const record of records) {
        const standIn = record.target instanceof Element ? record.target : record.target.parentElement;
        const sheet = standIn && sheets.get(standIn);
        if (sheet) sheet.replaceSync(standIn.textContent ?? '');
      }
    });
    (doc as { createElement: unknown }).createElement = createElement;
  }
  users += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    // The stylesheets of stand-ins that left the page (the terminal just disposed) go too.
    const gone = new Set<CSSStyleSheet>();
    for (const [standIn, sheet] of sheets) {
      if (standIn.isConnected) continue;
      gone.add(sheet);
      sheets.delete(standIn);
    }
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((sheet) => !gone.has(sheet));
    users -= 1;
    if (users === 0) {
      delete (doc as { createElement?: unknown }).createElement;
      observer?.disconnect();
      observer = undefined;
    }
  };
}
