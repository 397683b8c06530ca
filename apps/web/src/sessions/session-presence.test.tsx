// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { SessionPresence, initialsOf } from './session-presence';

const ME = '11111111-1111-4111-8111-111111111111';
const ADA = { user_id: '22222222-2222-4222-8222-222222222222', full_name: 'Ada Lovelace' };
const GRACE = { user_id: '33333333-3333-4333-8333-333333333333', full_name: 'Grace Brewster Hopper' };

describe('SessionPresence', () => {
  afterEach(cleanup);

  it('takes the first and last word’s initials', () => {
    expect(initialsOf('Ada Lovelace')).toBe('AL');
    expect(initialsOf('Grace Brewster Hopper')).toBe('GH');
    expect(initialsOf('  plato ')).toBe('P');
    expect(initialsOf('')).toBe('?');
  });

  it('shows the others following the session, not the caller, and nothing when alone', () => {
    const { rerender, container } = render(
      <SessionPresence users={[{ user_id: ME, full_name: 'Me Myself' }, ADA, GRACE]} meId={ME} />,
    );
    const group = screen.getByRole('group', { name: 'Also here: Ada Lovelace, Grace Brewster Hopper' });
    expect(group.textContent).toBe('ALGH');
    rerender(<SessionPresence users={[{ user_id: ME, full_name: 'Me Myself' }]} meId={ME} />);
    expect(container.textContent).toBe('');
  });
});
