import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../../test-support/memory-storage';
import { forgetReturnTo, readReturnTo, rememberReturnTo } from './return-to';

describe('return-to', () => {
  beforeEach(() => vi.stubGlobal('sessionStorage', memoryStorage()));
  afterEach(() => vi.unstubAllGlobals());

  it('keeps the page to come back to until forgotten', () => {
    expect(readReturnTo()).toBeUndefined();
    rememberReturnTo('/invitations/accept?token=abc');
    expect(readReturnTo()).toBe('/invitations/accept?token=abc');
    forgetReturnTo();
    expect(readReturnTo()).toBeUndefined();
  });

  it('never sends the browser to another origin', () => {
    for (const path of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)']) {
      rememberReturnTo(path);
      expect(readReturnTo()).toBeUndefined();
    }
  });
});
