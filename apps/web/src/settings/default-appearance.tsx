import { useLayoutEffect } from 'react';
import { applySettings } from './apply-settings';
import { effectiveSettings } from './settings-catalog';

/** Signed out: the default look. */
export function DefaultAppearance() {
  useLayoutEffect(() => applySettings(effectiveSettings({})), []);
  return null;
}
