// Full-text search over one user's messages: an inverted index kept in the tenant's space and
// written in the same transaction as each message, so it works the same on FoundationDB.
//   ['search', user, term, newest-first ms, conversation, newest-first seq] → 0   (a posting)
//   ['search_terms', conversation, seq]                       → { user, ms, terms }
// A deleted conversation's postings are purged afterwards, in bounded steps (search-purger.ts).
// Terms are words of 2–40 letters, digits or underscores, lower-cased and without diacritics. A
// query's words must all be in a message: the postings of its rarest word are read newest first and
// each candidate is checked against its message's term list, at most SCAN_LIMIT postings per page
// — past that the page says `truncated` rather than take longer.
import type { ScopedTransaction, Tuple } from '@coditect/store';
import type { TenantTransaction } from '../../storage/tenant-scope';

/** Distinct terms indexed per message (a 100,000-character message has fewer in practice). */
const MAX_TERMS_PER_MESSAGE = 4_000;
const MAX_QUERY_TERMS = 8;
const SCAN_LIMIT = 3_000;
const SCAN_BATCH = 500;
/** Newest first: postings sort by this minus the message's time. */
const TIME_CEILING = 99_999_999_999_999;
const SEQ_CEILING = 999_999_999;
/** In the identity space: [PURGE, tenant, conversation] marks a deleted conversation's postings for purging. */
const PURGE = 'search_purge';
/** Term lists read at a time while purging. */
const PURGE_PAGE = 50;

interface TermList {
  user: string;
  ms: number;
  terms: string[];
}

export interface SearchHit {
  conversationId: string;
  seq: number;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Where the next page starts (the term followed and its last posting); null at the end. */
  next: { driver: string; key: Tuple } | null;
  /** The scan stopped at its limit: older matches may exist (ask for the next page). */
  truncated: boolean;
}

const WORD = /[\p{L}\p{N}_]{2,40}/gu;

export function searchTerms(text: string): string[] {
  const normalized = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const terms = new Set<string>();
  for (const match of normalized.matchAll(WORD)) {
    terms.add(match[0]);
    if (terms.size >= MAX_TERMS_PER_MESSAGE) break;
  }
  return [...terms];
}

/** The query's distinct words (the longest first, when there are too many); at most MAX_QUERY_TERMS. */
export function queryTerms(query: string): string[] {
  return searchTerms(query)
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .slice(0, MAX_QUERY_TERMS);
}

export const messageSearch = {
  index(tx: ScopedTransaction, userId: string, conversationId: string, seq: number, content: string, createdAt: string): void {
    const ms = Date.parse(createdAt);
    const terms = searchTerms(content);
    for (const term of terms) tx.set(['search', userId, term, TIME_CEILING - ms, conversationId, SEQ_CEILING - seq], 0);
    tx.set(['search_terms', conversationId, seq], { user: userId, ms, terms } satisfies TermList);
  },

  /** The postings of one message (it is being replaced). */
  async removeMessage(tx: ScopedTransaction, conversationId: string, seq: number): Promise<void> {
    const list = await tx.get<TermList>(['search_terms', conversationId, seq]);
    if (!list) return;
    for (const term of list.terms) {
      tx.clear(['search', list.user, term, TIME_CEILING - list.ms, conversationId, SEQ_CEILING - seq]);
    }
    tx.clear(['search_terms', conversationId, seq]);
  },

  /**
   * Forgets a deleted conversation's postings in steps: a conversation of any size is deleted in one
   * small transaction (its postings, one per message and word, could pass a transaction's size and
   * time limits), and its term lists stay behind, marked in `identity`, until purgeStep has cleared
   * them with their postings. Meanwhile a search may still find a posting whose message is gone;
   * the search skips it.
   */
  markForPurge(identity: ScopedTransaction, tenantId: string, conversationId: string): void {
    identity.set([PURGE, tenantId, conversationId], 0);
  },

  /** The conversations waiting for their postings to be purged, as [tenant, conversation]. */
  async pendingPurges(identity: ScopedTransaction, limit: number): Promise<Array<[string, string]>> {
    const marks = await identity.getRange<number>([PURGE], { limit });
    return marks.map(({ key }) => [String(key[1]), String(key[2])]);
  },

  /**
   * Clears the postings of the conversation's next messages (and their term lists), about
   * `maxPostings` of them (a message's lists are never split); once none is left, the purge mark
   * too. Answers whether the conversation is done.
   */
  async purgeStep(tx: TenantTransaction, tenantId: string, conversationId: string, maxPostings: number): Promise<boolean> {
    let cleared = 0;
    let after: Tuple | undefined;
    for (;;) {
      const rows = await tx.getRange<TermList>(['search_terms', conversationId], {
        limit: PURGE_PAGE,
        ...(after ? { after } : {}),
      });
      for (const { key, value } of rows) {
        if (cleared > 0 && cleared + value.terms.length > maxPostings) return false;
        const seq = Number(key[2]);
        for (const term of value.terms) {
          tx.clear(['search', value.user, term, TIME_CEILING - value.ms, conversationId, SEQ_CEILING - seq]);
        }
        tx.clear(['search_terms', conversationId, seq]);
        cleared += value.terms.length + 1;
        after = key;
      }
      if (rows.length < PURGE_PAGE) break;
    }
    tx.identity.clear([PURGE, tenantId, conversationId]);
    return true;
  },

  /**
   * One page of the user's messages holding every term, newest first. The scan follows the term
   * with the fewest postings (each term's first SCAN_BATCH postings are counted to find it), or
   * `after.driver` when going on from a page.
   */
  async find(
    tx: ScopedTransaction,
    userId: string,
    terms: string[],
    limit: number,
    after?: { driver: string; key: Tuple },
  ): Promise<SearchPage> {
    if (terms.length === 0) return { hits: [], next: null, truncated: false };
    let driver = after?.driver;
    let first: Array<{ key: Tuple }> | undefined;
    if (driver === undefined) {
      const samples = await Promise.all(
        terms.map((term) => tx.getRange<number>(['search', userId, term], { limit: SCAN_BATCH })),
      );
      const rarest = samples.reduce((best, sample, index) => (sample.length < samples[best]!.length ? index : best), 0);
      driver = terms[rarest]!;
      first = samples[rarest];
    }
    const others = terms.filter((term) => term !== driver);
    const hits: SearchHit[] = [];
    let cursor: Tuple | undefined = after?.key;
    let scanned = 0;
    for (;;) {
      const batch =
        first ??
        (await tx.getRange<number>(['search', userId, driver], { limit: SCAN_BATCH, ...(cursor ? { after: cursor } : {}) }));
      first = undefined;
      for (const { key } of batch) {
        scanned += 1;
        cursor = key;
        const conversationId = String(key[4]);
        const seq = SEQ_CEILING - Number(key[5]);
        if (others.length > 0) {
          const list = await tx.get<TermList>(['search_terms', conversationId, seq]);
          if (!list || !others.every((term) => list.terms.includes(term))) continue;
        }
        hits.push({ conversationId, seq });
        if (hits.length === limit) return { hits, next: { driver, key }, truncated: false };
      }
      if (batch.length < SCAN_BATCH) return { hits, next: null, truncated: false };
      if (scanned >= SCAN_LIMIT) return { hits, next: cursor ? { driver, key: cursor } : null, truncated: true };
    }
  },
};
