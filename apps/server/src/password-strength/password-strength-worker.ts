// The worker thread that estimates password strength (see password-strength-thread.ts): one
// request at a time, answered with the same id.
import { parentPort } from 'node:worker_threads';
import { estimatePasswordStrength } from '@coditect/api';

interface StrengthRequest {
  id: number;
  password: string;
  userInputs: string[];
}

parentPort?.on('message', ({ id, password, userInputs }: StrengthRequest) => {
  try {
    parentPort!.postMessage({ id, ...estimatePasswordStrength(password, userInputs) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
