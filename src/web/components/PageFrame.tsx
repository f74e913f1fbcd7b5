// The frame of a page outside the signed-in shells (sign-in pages, the status page, a reminder's
// link): a top bar with the brand and what else it is given, then the page's narrow column.
import type { ReactNode } from 'react';

export function PageFrame({ brand, bar, mainClass, children }: { brand: string; bar?: ReactNode; mainClass?: string; children: ReactNode }) {
  return (
    <>
      <header className="topbar">
        <span className="brand">{brand}</span>
        {bar}
      </header>
      <main id="main" className={mainClass ? `page narrow ${mainClass}` : 'page narrow'}>
        {children}
      </main>
    </>
  );
}
