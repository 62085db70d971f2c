// Every screen of the web app in one table: its route, who may open it, and its tab. The router (main.js) and the
// tabs (ui.js) both read it; the server checks every call again, so this table only decides what is shown.
const TEACHING = ['TEACHER', 'ADMIN'];
const STAFF = ['TEACHER', 'ADMIN', 'MANAGEMENT'];

export const ROUTES = [
  { route: 'now', roles: ['STUDENT'], tab: 'Now' },
  { route: 'history', roles: ['STUDENT'], tab: 'History' },
  { route: 'claims', roles: ['STUDENT'], tab: 'Claims' },
  { route: 'today', roles: TEACHING, tab: 'Today' },
  { route: 'session', roles: TEACHING },
  { route: 'project', roles: TEACHING },
  { route: 'dash', roles: STAFF, tab: 'Dashboard' },
  { route: 'devices', roles: TEACHING, tab: 'Devices' },
  { route: 'register', roles: TEACHING, tab: 'Register' },
  { route: 'review', roles: TEACHING, tab: 'Claims' },
  { route: 'student', roles: STAFF },
  { route: 'runs', roles: ['ADMIN', 'MANAGEMENT'], tab: 'Reports' },
  { route: 'roster', roles: ['ADMIN'], tab: 'Roster' },
  { route: 'users', roles: ['ADMIN'], tab: 'Users' },
  { route: 'lms', roles: TEACHING, tab: 'LMS' },
  { route: 'rings', roles: STAFF, tab: 'Rings' },
];

/** Where each role lands after sign-in, and from a route it may not open. */
export const HOME = { STUDENT: '#/now', TEACHER: '#/today', ADMIN: '#/today', MANAGEMENT: '#/dash' };

export function allowed(route, role) {
  return ROUTES.some((r) => r.route === route && r.roles.includes(role));
}

/** The role's tabs, in the table's order. */
export function tabsOf(role) {
  return ROUTES.filter((r) => r.tab && r.roles.includes(role)).map((r) => ({ href: `#/${r.route}`, label: r.tab }));
}
