// The account screens, one chunk loaded on demand by AccountRoute: citizen sign-in (phone → one-time
// code), staff sign-in, and the account page.
import type { AccountRouteName } from './AccountRoute';
import { AccountPage } from './AccountPage';
import { CitizenSignIn } from './CitizenSignIn';
import { StaffSignIn } from './StaffSignIn';
import './messages';

export function AccountScreen({ route }: { route: AccountRouteName }) {
  switch (route.name) {
    case 'signIn':
      return <CitizenSignIn />;
    case 'staffSignIn':
      return <StaffSignIn />;
    case 'account':
      return <AccountPage />;
  }
}
