import { describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import type { TChatEvent, TMessage } from '@coditect/api/contract';
import { ChatTurn, type ChatInput, type ChatSubscriptionHandlers, type ChatTurnStatus } from './chat-turn';

function message(role: TMessage['role'], content: string, interrupted = false): TMessage {
  return {
    message_id: crypto.randomUUID(),
    conversation_id: '11111111-1111-4111-8111-111111111111',
    role,
    content,
    model: role === 'Assistant' ? 'fake-ok' : null,
    token_count: 4,
    interrupted,
    sent_context: null,
    created_at: '2026-05-10T12:00:00.000Z',
  };
}

/** llm.chat driven by hand: the test plays the server's events. */
function harness() {
  const subscriptions: { input: ChatInput; handlers: ChatSubscriptionHandlers; closed: boolean }[] = [];
  const recorded: TMessage[] = [];
  const statuses: ChatTurnStatus[] = [];
  const replaced: number[] = [];
  const turn = new ChatTurn(
    (input, handlers) => {
      const entry = { input, handlers, closed: false };
      subscriptions.push(entry);
      return { unsubscribe: () => (entry.closed = true) };
    },
    {
      onRecorded: (each) => recorded.push(each),
      onReplaced: (from) => replaced.push(from),
      onStatus: (status) => statuses.push(status),
    },
  );
  let eventId = 0;
  const server = (index = subscriptions.length - 1) => {
    const { handlers } = subscriptions[index]!;
    return {
      emit: (data: TChatEvent) => handlers.onData({ id: `turn:${(eventId += 1)}`, data }),
      fail: (error: unknown) => handlers.onError(error),
      complete: () => handlers.onComplete(),
      reconnecting: () => handlers.onConnectionStateChange({ state: 'connecting', error: new Error('network') }),
    };
  };
  return { turn, subscriptions, recorded, replaced, statuses, server };
}

const input: ChatInput = { conversation_id: '11111111-1111-4111-8111-111111111111', content: 'Hello there', model: 'fake-ok' };

describe('ChatTurn', () => {
  it('regenerating: the old messages go when the server says so, then the new reply streams in', () => {
    const { turn, recorded, replaced, server } = harness();
    const regenerate: ChatInput = {
      ...input,
      content: undefined,
      replace_from: { offset: 3, message_id: input.conversation_id },
    };
    expect(turn.send(regenerate)).toBe(true);
    expect(turn.status()).toEqual({ phase: 'sending', content: null });
    server().emit({ type: 'replaced', from_offset: 3 });
    expect(replaced).toEqual([3]);
    expect(turn.status()).toEqual({ phase: 'streaming', reply: '' });
    server().emit({ type: 'delta', content: 'Again' });
    const reply = message('Assistant', 'Again');
    server().emit({ type: 'assistant_message', message: reply, usage: null });
    expect(recorded).toEqual([reply]);
    expect(turn.status()).toEqual({ phase: 'idle' });
  });

  it('editing: replaced, then the edited message, then the reply; a refused regenerate offers no text back', () => {
    const { turn, recorded, replaced, server } = harness();
    turn.send({ ...input, content: 'Edited', replace_from: { offset: 0, message_id: input.conversation_id } });
    server().emit({ type: 'replaced', from_offset: 0 });
    expect(turn.status()).toEqual({ phase: 'sending', content: 'Edited' });
    const user = message('User', 'Edited');
    server().emit({ type: 'user_message', message: user });
    expect(turn.status()).toEqual({ phase: 'streaming', reply: '' });
    expect(replaced).toEqual([0]);
    expect(recorded).toEqual([user]);
    turn.stop();

    turn.send({ ...input, content: undefined, replace_from: { offset: 1, message_id: input.conversation_id } });
    server().fail(new Error('refused'));
    const status = turn.status();
    expect(status.phase).toBe('failed');
    if (status.phase === 'failed') expect(status.failure).not.toHaveProperty('unsent');
  });

  it('streams the reply and hands on exactly the messages the server recorded', () => {
    const { turn, recorded, server, subscriptions } = harness();
    expect(turn.send(input)).toBe(true);
    expect(turn.status()).toEqual({ phase: 'sending', content: 'Hello there' });
    const user = message('User', 'Hello there');
    server().emit({ type: 'user_message', message: user });
    server().emit({ type: 'delta', content: 'You' });
    server().emit({ type: 'delta', content: ' said' });
    expect(turn.status()).toEqual({ phase: 'streaming', reply: 'You said' });
    const reply = message('Assistant', 'You said');
    server().emit({ type: 'assistant_message', message: reply, usage: { prompt_tokens: 7, completion_tokens: 2 } });
    expect(recorded).toEqual([user, reply]);
    expect(turn.status()).toEqual({ phase: 'idle' });
    expect(subscriptions[0]!.closed).toBe(true);
  });

  it('runs one turn at a time', () => {
    const { turn, subscriptions } = harness();
    turn.send(input);
    expect(turn.send({ ...input, content: 'again' })).toBe(false);
    expect(subscriptions).toHaveLength(1);
  });

  it('stop closes the subscription, keeps what arrived on screen and ignores late events', () => {
    const { turn, recorded, server, subscriptions } = harness();
    turn.send(input);
    server().emit({ type: 'user_message', message: message('User', 'Hello there') });
    server().emit({ type: 'delta', content: 'You said:' });
    turn.stop();
    expect(subscriptions[0]!.closed).toBe(true);
    expect(turn.status()).toEqual({ phase: 'stopped', reply: 'You said:' });
    server().emit({ type: 'delta', content: ' late' });
    server().emit({ type: 'assistant_message', message: message('Assistant', 'late'), usage: null });
    expect(turn.status()).toEqual({ phase: 'stopped', reply: 'You said:' });
    expect(recorded).toHaveLength(1);
  });

  it('reports a provider failure as it came, with the partial reply the server kept and no invented message', () => {
    const { turn, recorded, server } = harness();
    turn.send(input);
    server().emit({ type: 'user_message', message: message('User', 'Hello there') });
    server().emit({ type: 'delta', content: 'You' });
    const partial = message('Assistant', 'You', true);
    server().emit({
      type: 'error',
      code: 'SERVICE_UNAVAILABLE',
      message: 'The model provider closed the stream',
      partial_message: partial,
    });
    expect(turn.status()).toEqual({
      phase: 'failed',
      failure: { kind: 'provider', code: 'SERVICE_UNAVAILABLE', message: 'The model provider closed the stream' },
      reply: '',
    });
    expect(recorded.map((each) => each.role)).toEqual(['User', 'Assistant']);
    expect(recorded[1]!.interrupted).toBe(true);

    turn.send(input);
    server().emit({ type: 'user_message', message: message('User', 'Hello there') });
    server().emit({
      type: 'error',
      code: 'SERVICE_UNAVAILABLE',
      message: 'The model provider is unreachable',
      partial_message: null,
    });
    expect(recorded.map((each) => each.role)).toEqual(['User', 'Assistant', 'User']);
    expect(turn.status()).toMatchObject({
      phase: 'failed',
      failure: { kind: 'provider', message: 'The model provider is unreachable' },
    });
  });

  it('gives a refused message back to the composer with the server’s reason', () => {
    const { turn, recorded, server } = harness();
    turn.send(input);
    server().fail(
      TRPCClientError.from({ error: { message: 'This conversation is archived', code: -32600, data: { appCode: 'CONFLICT' } } }),
    );
    expect(turn.status()).toEqual({
      phase: 'failed',
      failure: { kind: 'refused', code: 'CONFLICT', message: 'This conversation is archived', unsent: 'Hello there' },
      reply: '',
    });
    expect(recorded).toEqual([]);
  });

  it('ends the turn when the stream breaks instead of letting the browser reconnect and replay', () => {
    const { turn, server, subscriptions } = harness();
    turn.send(input);
    server().emit({ type: 'user_message', message: message('User', 'Hello there') });
    server().emit({ type: 'delta', content: 'You' });
    server().reconnecting();
    expect(turn.status()).toMatchObject({ phase: 'failed', failure: { kind: 'connection' }, reply: 'You' });
    expect(subscriptions[0]!.closed).toBe(true);

    turn.send(input);
    server().complete();
    expect(turn.status()).toMatchObject({ phase: 'failed', failure: { kind: 'connection', unsent: 'Hello there' } });
  });
});

describe('ChatTurn after a turn was cut short', () => {
  it('stops showing the reply apart once the server’s copy is loaded, keeping a failure’s message', () => {
    const { turn, server } = harness();
    turn.send(input);
    server().emit({ type: 'user_message', message: message('User', 'Hello there') });
    server().emit({ type: 'delta', content: 'You said' });
    turn.stop();
    turn.replyRecorded();
    expect(turn.status()).toEqual({ phase: 'idle' });

    turn.send(input);
    server().emit({ type: 'user_message', message: message('User', 'Hello there') });
    server().emit({ type: 'delta', content: 'You' });
    server().reconnecting();
    turn.replyRecorded();
    expect(turn.status()).toMatchObject({ phase: 'failed', failure: { kind: 'connection' }, reply: '' });
  });
});
