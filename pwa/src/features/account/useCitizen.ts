// Screens of a citizen's own dossiers: nobody signed in goes to sign in (and back here); staff go to their own work.
import { useEffect } from 'preact/hooks';
import { href, rememberReturn } from '../../router';
import { landingOf, whoIsSignedIn } from './session';

/** Whether a citizen is signed in (else the person is being sent where they belong). */
export function useSignedInCitizen(): boolean {
  const who = whoIsSignedIn();
  useEffect(() => {
    if (!who) {
      rememberReturn(location.hash);
      location.hash = href.signIn;
    } else if (who.kind === 'staff') location.replace(landingOf(who));
  }, [who?.kind]);
  return who !== null && who.kind !== 'staff';
}
