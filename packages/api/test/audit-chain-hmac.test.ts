// The audit chain's HMAC (two one-shot hashes over a padded key) against node:crypto's createHmac:
// every entry ever sealed must keep verifying, so the digest may never differ.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditKeys, entryHash, hmac, sealEntry, type AuditEntryDraft } from '../src/domain/audit/audit-chain';

describe('audit chain hmac', () => {
  it('equals createHmac for keys of every length and texts of every kind', () => {
    const texts = [
      '',
      'a',
      '{"sequence":1,"tenant_id":"t"}',
      'é日本語 \u{1f600} lone \ud800 surrogate',
      'x'.repeat(21_000),
      '€'.repeat(30_000),
      'y'.repeat(200_000),
    ];
    for (const length of [0, 1, 31, 32, 33, 63, 64, 65, 100]) {
      const key = randomBytes(length);
      for (const text of texts) expect(hmac(key, text)).toBe(createHmac('sha256', key).update(text).digest('hex'));
    }
  });

  it('seals entries that verify against their stored JSON, keyed and unkeyed', () => {
    const keys = auditKeys([randomBytes(32)]);
    const draft: AuditEntryDraft = {
      tenant_id: 't',
      user_id: 'u',
      event_type: 'request',
      endpoint: '/api/v5/users/me',
      method: 'GET',
      status_code: 200,
      error_code: null,
      ip_address: '127.0.0.1',
      user_agent: 'ü-agent',
      request_body: { note: 'naïve' },
      response_time_ms: 1.25,
      request_id: 'r-1',
      procedure: 'users.me',
      details: null,
      created_at: '2026-01-01T00:00:00.000Z',
    };
    for (const key of [keys.current, undefined]) {
      const { entry, json } = sealEntry(draft, 7, 'a'.repeat(64), key);
      const stored = JSON.parse(json) as typeof entry;
      expect(stored.hash).toBe(entry.hash);
      expect(entryHash({ ...stored, key_id: stored.key_id ?? null }, keys)).toBe(entry.hash);
      const { hash: _hash, ...hashed } = stored;
      const text = JSON.stringify(hashed);
      expect(entry.hash).toBe(
        key ? createHmac('sha256', key.key).update(text).digest('hex') : createHash('sha256').update(text).digest('hex'),
      );
    }
  });
});
