import type { ReactNode } from 'react';
import { CoditectLogo } from '../shell/icons';

/** The signed-out screens: one centred card on the IDE's background. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth-screen">
      <section className="auth-card" aria-labelledby="auth-title">
        <div className="auth-brand">
          <CoditectLogo />
          <span>Coditect</span>
        </div>
        <h1 id="auth-title">{title}</h1>
        {children}
      </section>
    </main>
  );
}
