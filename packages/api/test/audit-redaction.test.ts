import { describe, expect, it } from 'vitest';
import { REDACTED, isSecretField, redactSecrets } from '../src/domain/audit/audit-redaction';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('redactSecrets', () => {
  it('replaces secret fields by name, in snake, camel and kebab case, at any depth', () => {
    expect(
      redactSecrets({
        email: 'a@example.com',
        password: 'p',
        current_password: 'p',
        newPassword: 'p',
        refresh_token: 't',
        'x-api-key': 'k',
        client_secret: 's',
        Authorization: 'Bearer t',
        nested: [{ credentials: { user: 'u' } }],
      }),
    ).toEqual({
      email: 'a@example.com',
      password: REDACTED,
      current_password: REDACTED,
      newPassword: REDACTED,
      refresh_token: REDACTED,
      'x-api-key': REDACTED,
      client_secret: REDACTED,
      Authorization: REDACTED,
      nested: [{ credentials: REDACTED }],
    });
  });

  it('leaves fields that only contain a secret word inside another word', () => {
    for (const key of ['max_tokens', 'passenger', 'compass', 'tokenizer', 'first_name', 'secretary']) {
      expect(isSecretField(key), key).toBe(false);
    }
  });

  it('replaces JWTs and Argon2 hashes wherever they appear in text', () => {
    expect(redactSecrets({ note: `use ${JWT} please`, hash: 'x $argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA y' })).toEqual({
      note: `use ${REDACTED} please`,
      hash: `x ${REDACTED} y`,
    });
  });

  it('bounds depth, list length, string length and total size', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
    expect(JSON.stringify(redactSecrets(deep))).toContain('[TRUNCATED]');
    const list = redactSecrets(Array.from({ length: 60 }, (_, index) => index)) as unknown[];
    expect(list).toHaveLength(51);
    expect(list[50]).toBe('[10 more items]');
    const long = redactSecrets('z'.repeat(5000)) as string;
    expect(long.length).toBeLessThan(1100);
    expect(long).toMatch(/more characters\]$/);
    const wide = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`f${index}`, 'w'.repeat(900)]));
    expect(JSON.stringify(redactSecrets(wide)).length).toBeLessThan(10_000);
  });

  it('redacts a token that straddles the clipping point', () => {
    const text = `${'q'.repeat(990)}${JWT}`;
    expect(redactSecrets(text)).not.toContain('eyJ');
  });

  it('maps no input and non-JSON values to null', () => {
    expect(redactSecrets(undefined)).toBeNull();
    expect(redactSecrets({ when: undefined, fn: () => 1, n: Number.NaN })).toEqual({ when: null, fn: null, n: null });
  });
});
