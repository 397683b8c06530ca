// The typed tRPC client as a browser would build it: subscriptions over SSE (httpSubscriptionLink,
// the access token in connectionParams), everything else batched over HTTP.
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClientError } from '@trpc/client';
import type { inferRouterInputs } from '@trpc/server';
import { EventSource } from 'eventsource';
import type { AppRouter, TChatEvent } from '@coditect/api';

export type ChatInput = inferRouterInputs<AppRouter>['llm']['chat'];

export type ChatAuth = { via: 'connectionParams'; token: string } | { via: 'header'; token: string } | { via: 'none' };

export function chatClient(baseUrl: string, auth: ChatAuth) {
  const url = `${baseUrl}/trpc`;
  const subscriptions = httpSubscriptionLink<AppRouter, typeof EventSource>({
    url,
    EventSource,
    ...(auth.via === 'connectionParams' ? { connectionParams: () => ({ token: auth.token }) } : {}),
    ...(auth.via === 'header'
      ? {
          eventSourceOptions: () => ({
            fetch: (input: string | URL | Request, init?: RequestInit) =>
              fetch(input, {
                ...init,
                headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${auth.token}` },
              }),
          }),
        }
      : {}),
  });
  const headers = auth.via === 'none' ? {} : { authorization: `Bearer ${auth.token}` };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({ condition: (op) => op.type === 'subscription', true: subscriptions, false: httpBatchLink({ url, headers }) }),
    ],
  });
}

export interface ChatOutcome {
  events: Array<{ id: string; data: TChatEvent }>;
  error?: TRPCClientError<AppRouter>;
}

type Client = ReturnType<typeof chatClient>;

/** Runs one chat turn to its end (completion or error). */
export function runChat(client: Client, input: ChatInput): Promise<ChatOutcome> {
  return new Promise((resolve) => {
    const events: ChatOutcome['events'] = [];
    const subscription = client.llm.chat.subscribe(input, {
      onData: (event) => events.push(event),
      onError: (error) => {
        subscription.unsubscribe();
        resolve({ events, error: error as TRPCClientError<AppRouter> });
      },
      onComplete: () => resolve({ events }),
    });
  });
}

/** Starts a chat turn and leaves it (closes the subscription) once `leaveAfter` events arrived. */
export function leaveChat(client: Client, input: ChatInput, leaveAfter: number): Promise<ChatOutcome> {
  return new Promise((resolve, reject) => {
    const events: ChatOutcome['events'] = [];
    let left = false;
    const subscription = client.llm.chat.subscribe(input, {
      onData: (event) => {
        events.push(event);
        if (events.length === leaveAfter) {
          left = true;
          subscription.unsubscribe();
          resolve({ events });
        }
      },
      onError: (error) => reject(error),
      onComplete: () => {
        if (!left) reject(new Error(`the chat ended after ${events.length} events, before the client left`));
      },
    });
  });
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
