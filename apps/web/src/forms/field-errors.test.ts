import { describe, expect, it } from 'vitest';
import { ZChangePasswordRequest, ZLoginRequest, ZRegisterRequest, ZUpdateMeRequest } from '@coditect/api/contract';
import { validateWith } from './field-errors';

describe('validateWith the contract schemas', () => {
  it('gives one message per field, in the server’s words', () => {
    const result = validateWith(ZRegisterRequest, {
      email: 'not-an-email',
      password: 'short',
      first_name: ' ',
      last_name: 'Lovelace',
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        email: 'Enter a valid email address',
        password: 'Password must be at least 8 characters',
        first_name: 'Required',
      },
    });
  });

  it('returns the parsed (trimmed) data when valid', () => {
    const result = validateWith(ZRegisterRequest, {
      email: ' ada@example.com ',
      password: 'correct horse',
      first_name: 'Ada',
      last_name: 'Lovelace',
    });
    expect(result).toEqual({
      ok: true,
      data: { email: 'ada@example.com', password: 'correct horse', first_name: 'Ada', last_name: 'Lovelace' },
    });
  });

  it('files form-wide rules under ""', () => {
    expect(validateWith(ZUpdateMeRequest, {})).toEqual({ ok: false, errors: { '': 'Provide first_name and/or last_name' } });
  });

  it('covers sign-in and password change', () => {
    expect(validateWith(ZLoginRequest, { email: '', password: '' })).toEqual({
      ok: false,
      errors: { email: 'Required', password: 'Required' },
    });
    expect(validateWith(ZChangePasswordRequest, { current_password: 'x', new_password: 'tiny' })).toMatchObject({
      ok: false,
      errors: { new_password: 'Password must be at least 8 characters' },
    });
  });
});
