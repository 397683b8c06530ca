// The typed tRPC client as a browser would build it: subscriptions over SSE (httpSubscriptionLink,
// a single-use stream ticket in connectionParams, fetched per connection), everything else batched
// over HTTP.
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClientError } from '@trpc/client';
import type { inferRouterInputs } from '@trpc/server';
import { EventSource } from 'eventsource';
import type { AppRouter, TChatEvent } from '@coditect/api';

export type ChatInput = inferRouterInputs<AppRouter>['llm']['chat'];

export type ChatAuth =
  | { via: 'ticket'; token: string }
  | { via: 'header'; token: string }
  /** The access token itself in connectionParams, as clients did before stream tickets (refused). */
  | { via: 'urlToken'; token: string }
  | { via: 'none' };

/** A fresh stream ticket for `token`'s session, or none when the server refuses one. */
export async function streamTicket(baseUrl: string, token: string): Promise<string | undefined> {
  const response = await fetch(`${baseUrl}/api/v5/auth/stream-ticket`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 201) return undefined;
  return ((await response.json()) as { data: { ticket: string } }).data.ticket;
}

export function chatClient(baseUrl: string, auth: ChatAuth) {
  const url = `${baseUrl}/trpc`;
  const subscriptions = httpSubscriptionLink<AppRouter, typeof EventSource>({
    url,
    EventSource,
    ...(auth.via === 'ticket'
      ? {
          connectionParams: async () => {
            const ticket = await streamTicket(baseUrl, auth.token);
            return ticket === undefined ? null : { ticket };
          },
        }
      : {}),
    ...(auth.via === 'urlToken' ? { connectionParams: () => ({ token: auth.token }) } : {}),
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
