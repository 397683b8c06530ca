// One terminal on screen: xterm.js (links clickable) attached to the shell over its WebSocket.
// It fits the panel (the fit addon measures, a resize frame tells the shell), takes its font size,
// cursor and colours from the settings as they change, and copies and pastes with Ctrl+Shift+C/V
// (Ctrl+C stays the shell's interrupt).
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import '@xterm/xterm/css/xterm.css';
import { useSocketTokens } from '../api/socket-tokens';
import { OWN_KEYS_ATTRIBUTE } from '../commands/keyboard-shortcut';
import { useColorScheme, useSettings } from '../settings/settings-provider';
import { useLatest } from '../shell/use-latest';
import { holdCspSafeDocument } from './csp-safe-document';
import { PtyConnection, type PtyState } from './pty-connection';
import { terminalFontFamily, terminalTheme } from './terminal-theme';

export interface TerminalHandle {
  copy(): void;
  paste(): void;
  focus(): void;
}

interface Props {
  sessionId: string;
  terminalId: string;
  title: string;
  active: boolean;
  onState(state: PtyState): void;
  handle: Ref<TerminalHandle>;
}

export function TerminalView({ sessionId, terminalId, title, active, onState, handle }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<{ term: Terminal; fit: () => void } | null>(null);
  const tokens = useSocketTokens();
  const { settings } = useSettings();
  const scheme = useColorScheme();
  const onStateRef = useLatest(onState);
  const initial = useLatest({ fontSize: settings.terminal.font_size, cursorBlink: settings.terminal.cursor_blink, scheme });

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const releaseDocument = holdCspSafeDocument();
    const term = new Terminal({
      fontSize: initial.current.fontSize,
      fontFamily: terminalFontFamily(),
      cursorBlink: initial.current.cursorBlink,
      theme: terminalTheme(initial.current.scheme),
      scrollback: 5000,
    });
    const fitAddon = new FitAddon();
    term.loadAddon(fitAddon);
    term.loadAddon(new WebLinksAddon((_event, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
    term.open(host);

    const connection = new PtyConnection({
      sessionId,
      terminalId,
      tokens,
      handlers: {
        // The server replays the recent screen after each attach: start from a clean one.
        onReady: () => term.reset(),
        onOutput: (bytes) => term.write(bytes),
        onState: (state) => onStateRef.current(state),
      },
    });
    term.onData((data) => connection.write(data));
    term.onBinary((data) => connection.write(Uint8Array.from(data, (char) => char.charCodeAt(0))));
    term.onResize(({ cols, rows }) => connection.resize(cols, rows));
    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) return true;
      if (event.code === 'KeyC') {
        const selection = term.getSelection();
        if (selection) void navigator.clipboard?.writeText(selection).catch(() => undefined);
        event.preventDefault();
        return false;
      }
      // Not a key for the shell: the browser's own paste follows, which xterm takes in.
      return event.code !== 'KeyV';
    });

    let frame = 0;
    const fit = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        // Hidden (another tab shown, the panel closed): nothing to measure.
        if (host.offsetParent === null) return;
        fitAddon.fit();
        connection.resize(term.cols, term.rows);
      });
    };
    const observer = new ResizeObserver(fit);
    observer.observe(host);
    fit();
    termRef.current = { term, fit };
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      termRef.current = null;
      connection.dispose();
      term.dispose();
      releaseDocument();
    };
  }, [sessionId, terminalId, tokens, onStateRef, initial]);

  useEffect(() => {
    const current = termRef.current;
    if (!current) return;
    current.term.options.fontSize = settings.terminal.font_size;
    current.term.options.cursorBlink = settings.terminal.cursor_blink;
    current.fit();
  }, [settings.terminal.font_size, settings.terminal.cursor_blink]);

  useEffect(() => {
    if (termRef.current) termRef.current.term.options.theme = terminalTheme(scheme);
  }, [scheme]);

  useEffect(() => {
    if (!active || !termRef.current) return;
    termRef.current.fit();
    termRef.current.term.focus();
  }, [active]);

  useImperativeHandle(
    handle,
    () => ({
      copy() {
        const selection = termRef.current?.term.getSelection();
        if (selection) void navigator.clipboard?.writeText(selection).catch(() => undefined);
        termRef.current?.term.focus();
      },
      paste() {
        void navigator.clipboard
          ?.readText()
          .then((text) => termRef.current?.term.paste(text))
          .catch(() => undefined);
        termRef.current?.term.focus();
      },
      focus() {
        termRef.current?.term.focus();
      },
    }),
    [],
  );

  return (
    <div
      ref={hostRef}
      className="terminal-view"
      role="tabpanel"
      id={`terminal-panel-${terminalId}`}
      aria-label={`Terminal: ${title}`}
      hidden={!active}
      data-terminal-id={terminalId}
      // Ctrl+B, Ctrl+F, Ctrl+R… are the shell's here (commands/keyboard-shortcut.ts).
      {...{ [OWN_KEYS_ATTRIBUTE]: '' }}
    />
  );
}
