// One chat turn from the browser's side: llm.chat's events turned into what the panel shows —
// the reply as it streams in, the messages the server recorded, and how the turn ended. Stop
// closes the subscription; the server then aborts the model and keeps the partial reply
// (interrupted). Nothing here invents a message: only what the server recorded is handed on.
import type { inferRouterInputs } from '@trpc/server';
import type { AppRouter } from '@coditect/api';
import type { TChatEvent, TMessage } from '@coditect/api/contract';
import { apiErrorCode, describeApiError, type ApiErrorCode } from '../api/api-error';

export type ChatInput = inferRouterInputs<AppRouter>['llm']['chat'];

export interface ChatSubscriptionHandlers {
  onData(event: { id: string; data: TChatEvent }): void;
  onError(error: unknown): void;
  onComplete(): void;
  onConnectionStateChange(state: { state: 'idle' | 'connecting' | 'pending'; error: unknown }): void;
}

export type SubscribeToChat = (input: ChatInput, handlers: ChatSubscriptionHandlers) => { unsubscribe(): void };

export interface ChatFailure {
  /**
   * provider: the model provider failed or was unreachable (the turn's `error` event);
   * refused: the server refused the turn before recording anything (archived, rate limited…);
   * connection: the stream from our server broke.
   */
  kind: 'provider' | 'refused' | 'connection';
  code: ApiErrorCode;
  message: string;
  /** A refused message's text, to put back in the composer. */
  unsent?: string;
}

export type ChatTurnStatus =
  | { phase: 'idle' }
  /** Sent; the server has not recorded the user's message yet (null: a reply being regenerated). */
  | { phase: 'sending'; content: string | null }
  | { phase: 'streaming'; reply: string }
  /** Stopped by the user; `reply` is what had arrived (the server keeps it, marked interrupted). */
  | { phase: 'stopped'; reply: string }
  /** `reply`: what had arrived and is not among the recorded messages. */
  | { phase: 'failed'; failure: ChatFailure; reply: string };

export interface ChatTurnCallbacks {
  /** A message the server recorded: the user's, the reply, or a partial reply. */
  onRecorded(message: TMessage): void;
  /** The server removed the conversation's messages from this offset on (regenerate, edit and resend). */
  onReplaced(fromOffset: number): void;
  onStatus(status: ChatTurnStatus): void;
}

export class ChatTurn {
  private current: ChatTurnStatus = { phase: 'idle' };
  /** The running turn's identity: events of a turn that was stopped or replaced are ignored. */
  private turn: object | undefined;
  private subscription: { unsubscribe(): void } | undefined;

  constructor(
    private readonly subscribe: SubscribeToChat,
    private readonly callbacks: ChatTurnCallbacks,
  ) {}

  status(): ChatTurnStatus {
    return this.current;
  }

  isRunning(): boolean {
    return this.current.phase === 'sending' || this.current.phase === 'streaming';
  }

  /** Starts a turn; false when one is still running. */
  send(input: ChatInput): boolean {
    if (this.isRunning()) return false;
    const turn = {};
    this.turn = turn;
    this.set({ phase: 'sending', content: input.content ?? null });
    const subscription = this.subscribe(input, {
      onData: ({ data }) => {
        if (this.turn === turn) this.onEvent(data);
      },
      onError: (error) => {
        if (this.turn === turn) this.onError(error);
      },
      onComplete: () => {
        // The server always ends a turn with assistant_message or error before completing.
        if (this.turn === turn) this.fail(connectionLost());
      },
      onConnectionStateChange: ({ state, error }) => {
        // The browser would reconnect, and the server refuses to replay a turn: end it here.
        if (this.turn === turn && state === 'connecting' && error) this.fail(connectionLost());
      },
    });
    if (this.turn === turn) this.subscription = subscription;
    else subscription.unsubscribe(); // it ended while being set up
    return true;
  }

  /** Closes the stream: the server stops the model and keeps what it had said. */
  stop(): void {
    if (!this.isRunning()) return;
    const reply = this.current.phase === 'streaming' ? this.current.reply : '';
    this.close();
    this.set({ phase: 'stopped', reply });
  }

  /** The cut-short reply on screen is now among the loaded messages: it no longer shows apart. */
  replyRecorded(): void {
    if (this.current.phase === 'stopped') this.set({ phase: 'idle' });
    else if (this.current.phase === 'failed' && this.current.reply) this.set({ ...this.current, reply: '' });
  }

  /** Back to idle after a stopped or failed turn (its outcome acknowledged or superseded). */
  dismiss(): void {
    if (!this.isRunning()) this.set({ phase: 'idle' });
  }

  private onEvent(event: TChatEvent): void {
    switch (event.type) {
      case 'replaced':
        this.callbacks.onReplaced(event.from_offset);
        // Regenerating: no message of the user's comes; the reply does.
        if (this.current.phase === 'sending' && this.current.content === null) this.set({ phase: 'streaming', reply: '' });
        return;
      case 'user_message':
        this.callbacks.onRecorded(event.message);
        this.set({ phase: 'streaming', reply: '' });
        return;
      case 'delta':
        if (this.current.phase === 'streaming') this.set({ phase: 'streaming', reply: this.current.reply + event.content });
        return;
      case 'assistant_message':
        this.close();
        this.callbacks.onRecorded(event.message);
        this.set({ phase: 'idle' });
        return;
      case 'error': {
        const reply = this.current.phase === 'streaming' ? this.current.reply : '';
        this.close();
        if (event.partial_message) this.callbacks.onRecorded(event.partial_message);
        this.set({
          phase: 'failed',
          failure: { kind: 'provider', code: event.code, message: event.message },
          reply: event.partial_message ? '' : reply,
        });
        return;
      }
    }
  }

  private onError(error: unknown): void {
    if (this.current.phase !== 'sending') return this.fail(connectionLost());
    const unsent = this.current.content === null ? {} : { unsent: this.current.content };
    this.close();
    this.set({
      phase: 'failed',
      failure: { kind: 'refused', code: apiErrorCode(error), message: describeApiError(error).message, ...unsent },
      reply: '',
    });
  }

  private fail(failure: ChatFailure): void {
    const reply = this.current.phase === 'streaming' ? this.current.reply : '';
    // Broken before the server said it recorded the message: offer the text again.
    const unsent = this.current.phase === 'sending' && this.current.content !== null ? { unsent: this.current.content } : {};
    this.close();
    this.set({ phase: 'failed', failure: { ...failure, ...unsent }, reply });
  }

  private close(): void {
    const subscription = this.subscription;
    this.turn = undefined;
    this.subscription = undefined;
    subscription?.unsubscribe();
  }

  private set(status: ChatTurnStatus): void {
    this.current = status;
    this.callbacks.onStatus(status);
  }
}

function connectionLost(): ChatFailure {
  return {
    kind: 'connection',
    code: 'NETWORK_ERROR',
    message: 'The connection to the server broke during the reply. What was recorded shows when the conversation reloads.',
  };
}
