import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../auth/session-context';
import { SignInPage } from '../auth/sign-in-page';

const NAV = [
  { to: '/', label: 'Overview', end: true },
  { to: '/streams', label: 'Streams', end: false },
  { to: '/subscriptions', label: 'Subscriptions', end: false },
  { to: '/sagas', label: 'Sagas', end: false },
  { to: '/tail', label: 'Live tail', end: false },
];

/** Every view: the navigation, and the view of the URL; without a session, the sign-in form at the same URL. */
export function Shell() {
  const { session, signOut } = useSession();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // A new view (not a new ?revision= of the same one): focus goes to it, as a page load would put it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
  }, [pathname]);
  if (!session) return <SignInPage />;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">◆</span> Chronicle
        </span>
        <nav aria-label="Views" className="topnav">
          {NAV.map((item) => (
            <NavLink key={item.to} to={item.to} end={item.end}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <span className="topbar__user">
          <span className="muted">{session.email}</span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </div>
  );
}
