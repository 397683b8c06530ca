import { describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { describeApiError, formatWait } from './api-error';

function serverError(message: string, data: Record<string, unknown>) {
  return TRPCClientError.from({ error: { message, code: -32600, data } });
}

describe('describeApiError', () => {
  it('shows the server’s own message for domain errors', () => {
    const failure = describeApiError(
      serverError('Invalid email or password', { appCode: 'INVALID_CREDENTIALS', httpStatus: 401 }),
    );
    expect(failure).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: 'Invalid email or password',
      fieldErrors: {},
      retryAfterSeconds: undefined,
    });
  });

  it('says how long to wait after a 429', () => {
    const failure = describeApiError(serverError('Too many requests', { appCode: 'RATE_LIMIT_EXCEEDED', retryAfter: 754 }));
    expect(failure.message).toBe('Too many requests. Try again in 13 minutes.');
    expect(failure.retryAfterSeconds).toBe(754);
    // Sign-in forms count attempts: someone may be guessing a password.
    const signIn = serverError('Too many requests', { appCode: 'RATE_LIMIT_EXCEEDED', retryAfter: 60 });
    expect(describeApiError(signIn, { rateLimited: 'attempts' }).message).toBe('Too many attempts. Try again in 1 minute.');
  });

  it('maps validation details to fields, first message per field', () => {
    const failure = describeApiError(
      serverError('Invalid input', {
        appCode: 'VALIDATION_ERROR',
        details: [
          { path: 'email', message: 'Enter a valid email address' },
          { path: 'email', message: 'second message' },
          { path: 'password', message: 'Password must be at least 8 characters' },
        ],
      }),
    );
    expect(failure.message).toBe('Check the highlighted fields.');
    expect(failure.fieldErrors).toEqual({
      email: 'Enter a valid email address',
      password: 'Password must be at least 8 characters',
    });
  });

  it('shows the message of an issue with the whole input (empty path) without highlighting a field', () => {
    const failure = describeApiError(
      serverError('Invalid input', {
        appCode: 'VALIDATION_ERROR',
        details: [{ path: '', message: 'Unknown field: everywhere' }],
      }),
    );
    expect(failure.message).toBe('Unknown field: everywhere');
    expect(failure.fieldErrors).toEqual({});
  });

  it('never shows internals of a 500', () => {
    expect(describeApiError(serverError('stack trace here', { appCode: 'INTERNAL_ERROR' })).message).toBe(
      'Something went wrong on the server. Try again.',
    );
  });

  it('treats anything without our error data as the server being unreachable', () => {
    expect(describeApiError(new TypeError('Failed to fetch')).code).toBe('NETWORK_ERROR');
    expect(describeApiError(TRPCClientError.from(new Error('Unexpected token <'))).code).toBe('NETWORK_ERROR');
  });
});

describe('formatWait', () => {
  it.each([
    [0.2, '1 second'],
    [45, '45 seconds'],
    [60, '1 minute'],
    [899, '15 minutes'],
    [3600, '1 hour'],
    [5400, '2 hours'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatWait(seconds)).toBe(text);
  });
});
