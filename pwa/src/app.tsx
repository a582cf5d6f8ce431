import { useEffect, useState } from 'preact/hooks';
import { ActingBanner } from './ActingBanner';
import { hasSession } from './api';
import { loadConfig, storedConfig, type RuntimeConfig } from './config';
import { AccountRoute } from './features/account/AccountRoute';
import { AdminToolsRoute } from './features/admin-tools/AdminToolsRoute';
import { CatalogueAdminRoute } from './features/catalogue-admin/CatalogueAdminRoute';
import { DashboardRoute } from './features/dashboard/DashboardRoute';
import { HeaderLinks } from './features/account/HeaderLinks';
import { whoIsSignedIn } from './features/account/session';
import { FieldRoute } from './features/browse/FieldRoute';
import { CourierRoute } from './features/courier/CourierRoute';
import { FeedbackRoute } from './features/feedback/FeedbackRoute';
import { DossiersRoute } from './features/dossiers/DossiersRoute';
import { FilingRoute } from './features/filing/FilingRoute';
import { LanguageSwitch } from './features/language/LanguageSwitch';
import { LeaderRoute } from './features/leader/LeaderRoute';
import { LookupRoute } from './features/lookup/LookupRoute';
import { NotFoundPage } from './features/not-found/NotFoundPage';
import { OfficeRoute } from './features/office/OfficeRoute';
import { OfflineBanner } from './features/offline/OfflineBanner';
import { PaymentRoute } from './features/payments/PaymentRoute';
import { ProcedurePage } from './features/procedure/ProcedurePage';
import { warmCatalogue } from './features/search/offlineCatalogue';
import { SearchPage } from './features/search/SearchPage';
import { StaffAdminRoute } from './features/staff-admin/StaffAdminRoute';
import { UpdatePrompt } from './features/update/UpdatePrompt';
import { VerifyRoute } from './features/verify/VerifyRoute';
import { VolunteerRoute } from './features/volunteers/VolunteerRoute';
import { onLangChange, t } from './i18n';
import { href, useRoute, type Route } from './router';

/** Resolves once a service worker controls the page, so what we fetch lands in its caches. */
function whenControlled(): Promise<void> {
  if (!('serviceWorker' in navigator)) return new Promise(() => undefined);
  if (navigator.serviceWorker.controller) return Promise.resolve();
  return new Promise((resolve) =>
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
  );
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <SearchPage />;
    case 'procedure':
      return <ProcedurePage code={route.code} />;
    case 'field':
      return <FieldRoute code={route.code} />;
    case 'signIn':
    case 'staffSignIn':
    case 'account':
    case 'staffHome':
      return <AccountRoute route={route} />;
    case 'file':
      return <FilingRoute code={route.code} />;
    case 'editDossier':
      return <FilingRoute id={route.id} />;
    case 'supplement':
      return <FilingRoute id={route.id} supplement />;
    case 'dossiers':
      return <DossiersRoute />;
    case 'dossier':
      return <DossiersRoute id={route.id} />;
    case 'payment':
      return <PaymentRoute id={route.id} />;
    case 'verify':
      return <VerifyRoute code={route.code} />;
    case 'lookup':
      return <LookupRoute trackingCode={route.trackingCode} />;
    case 'courier':
    case 'courierShipment':
      return <CourierRoute route={route} />;
    case 'dashboard':
      return <DashboardRoute />;
    case 'rating':
    case 'feedback':
    case 'feedbackLookup':
    case 'qa':
      return <FeedbackRoute route={route} />;
    case 'office':
    case 'officeDossier':
    case 'officeCash':
    case 'officeHandover':
    case 'officeFeedback':
    case 'officeRatings':
      return <OfficeRoute route={route} />;
    case 'assist':
      return <VolunteerRoute />;
    case 'catalogueAdmin':
      return <CatalogueAdminRoute route={route} />;
    case 'adminCalendar':
    case 'adminTemplates':
    case 'adminAudit':
      return <AdminToolsRoute route={route} />;
    case 'leaderView':
      return <LeaderRoute />;
    case 'staffAdmin':
    case 'setPassword':
      return <StaffAdminRoute route={route} />;
    case 'notFound':
      return <NotFoundPage />;
  }
}

export function App() {
  const route = useRoute();
  const [config, setConfig] = useState<RuntimeConfig | null>(storedConfig);
  const [, setLangVersion] = useState(0);

  useEffect(() => {
    void loadConfig().then(setConfig);
    void whenControlled().then(() => warmCatalogue().catch(() => undefined)); // best effort; retried next start
    // Submissions queued offline are sent as soon as the app starts (and on `online`/visible).
    if (hasSession()) void import('./features/filing/engine').then((m) => m.startBackground()).catch(() => undefined);
    // A courier's steps recorded offline likewise, whichever screen the app opens on.
    const who = whoIsSignedIn();
    if (who?.kind === 'staff' && who.role === 'courier') void import('./features/courier/sync').then((m) => m.startSync()).catch(() => undefined);
    return onLangChange(() => setLangVersion((n) => n + 1)); // re-render every t() call
  }, []);

  return (
    <>
      <header class="app-header">
        <a class="brand" href={href.home}>
          <img src="/icons/icon-192.png" alt="" width="32" height="32" />
          <span class="brand__text">
            {config?.app_name || t('app.name')}
            <small>{t('app.tagline')}</small>
          </span>
        </a>
        <div class="header-actions">
          <HeaderLinks />
          <LanguageSwitch />
        </div>
      </header>
      <OfflineBanner />
      <ActingBanner />
      <UpdatePrompt />
      <main id="main" class="app-main">
        <Page route={route} />
      </main>
      <footer class="app-footer">
        <p>{t('footer.text')}</p>
        <p>
          <a href={href.dashboard}>{t('footer.dashboard')}</a>
        </p>
        {config && (
          <p>
            {t('footer.version', { version: config.version })}
            {config.environment !== 'production' && <span class="env-badge">{config.environment}</span>}
          </p>
        )}
      </footer>
    </>
  );
}
