// Refuses passwords that are easy to guess — common ones, keyboard walks, repeats, the user's own
// name or email — with zxcvbn's offline estimator and its common-password dictionaries. The
// estimate is CPU work that grows quickly with length on some inputs (up to ~200 ms here), so the
// server runs it on a worker thread (see apps/server/src/password-strength-worker.ts); tests and
// scripts may run it in-thread.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { AppError } from '../../errors/app-error';

export interface PasswordStrength {
  /** 0 (guessable in a few tries) to 4 (very unlikely to be guessed). */
  score: number;
  /** Why it is weak, in a sentence, when the estimator says. */
  warning: string | null;
}

export interface PasswordStrengthChecker {
  estimate(password: string, userInputs: readonly string[]): Promise<PasswordStrength>;
}

/** Accepted from this score up: "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;
/** The estimator looks at this many characters (a longer password is never judged weaker). */
const ESTIMATED_CHARS = 64;

let factory: ZxcvbnFactory | undefined;

/** The estimate itself, in this thread (loads the dictionaries on first use, ~0.5 s). */
export function estimatePasswordStrength(password: string, userInputs: readonly string[]): PasswordStrength {
  factory ??= new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
    // Bounds the l33t matcher's combinations, the estimator's slowest part on long inputs.
    l33tMaxSubstitutions: 8,
    maxLength: ESTIMATED_CHARS,
  });
  const result = factory.check(password.slice(0, ESTIMATED_CHARS), [...userInputs]);
  return { score: result.score, warning: result.feedback.warning ?? null };
}

export const inThreadPasswordStrength: PasswordStrengthChecker = {
  estimate: (password, userInputs) => Promise.resolve(estimatePasswordStrength(password, userInputs)),
};

/**
 * Throws a VALIDATION_ERROR on `field` when the password is too easy to guess, saying why. The
 * user's own details count as guessable words.
 */
export async function assertStrongPassword(
  checker: PasswordStrengthChecker,
  password: string,
  field: string,
  personal: readonly (string | null | undefined)[],
): Promise<void> {
  const words = personal.flatMap((value) => (value ? [value, value.split('@')[0]!, ...value.split(/[@.\s_-]+/)] : []));
  // Names run together ("alicelidell") and an email's local part are as guessable as the parts.
  const joined = [personal.filter((value): value is string => !!value && !value.includes('@')).join('')];
  const userInputs = [...words, ...joined].map((word) => word.toLowerCase()).filter((word) => word.length >= 3);
  const { score, warning } = await checker.estimate(password.normalize('NFC'), userInputs);
  if (score >= MIN_PASSWORD_SCORE) return;
  const why = warning ?? 'It is close to common passwords or easy patterns.';
  const message = `This password is too easy to guess. ${why} Use a longer phrase of unrelated words.`;
  throw new AppError('VALIDATION_ERROR', 'Invalid input', [{ path: field, message }]);
}
