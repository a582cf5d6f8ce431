// The account screens, one chunk loaded on demand by AccountRoute: citizen sign-in (phone → one-time
// code), staff sign-in, the account page, and the page of staff whose screens are still to come.
import type { AccountRouteName } from './AccountRoute';
import { AccountPage } from './AccountPage';
import { CitizenSignIn } from './CitizenSignIn';
import { StaffHome } from './StaffHome';
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
    case 'staffHome':
      return <StaffHome />;
  }
}
