// The dossier's papers: each document's page thumbnails; a page opens full size in a dialog that zooms
// with its buttons or with + and − on the keyboard. The photo scrolls inside the dialog, so the zoom and
// close buttons stay in view on a 1280×720 screen.
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { Localized, localized } from '../../Localized';
import { Modal } from './Modal';
import type { Dossier } from './types';

const clampZoom = (zoom: number) => Math.min(4, Math.max(0.5, zoom));

function PhotoDialog({ url, label, onClose }: { url: string; label: string; onClose: () => void }) {
  const [zoom, setZoom] = useState(1);
  function onKey(event: KeyboardEvent) {
    if (event.key === '+' || event.key === '=') setZoom((z) => clampZoom(z + 0.5));
    if (event.key === '-') setZoom((z) => clampZoom(z - 0.5));
  }
  return (
    <Modal title={label} onClose={onClose} wide>
      <div class="office-zoom" tabIndex={0} onKeyDown={onKey}>
        <img src={url} alt={label} style={{ width: `${zoom * 100}%` }} />
      </div>
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => setZoom((z) => clampZoom(z - 0.5))}>{t('office.zoomOut')}</button>
        <button type="button" class="button button--secondary" onClick={() => setZoom((z) => clampZoom(z + 0.5))}>{t('office.zoomIn')}</button>
        <button type="button" class="button" onClick={onClose}>{t('office.close')}</button>
      </div>
    </Modal>
  );
}

export function PageViewer({ documents }: { documents: Dossier['documents'] }) {
  const [open, setOpen] = useState<{ url: string; label: string } | null>(null);
  return (
    <>
      <h2>{t('office.documents')}</h2>
      {documents.map((slot) => (
        <div key={slot.code} class="office-slot">
          <h3><Localized vi={slot.name} en={slot.name_en} /></h3>
          {slot.pages.length === 0 && <p class="hint">{t('office.noPages')}</p>}
          <div class="office-thumbs">
            {slot.pages.map((page, index) => {
              const label = t('office.page', { n: index + 1, doc: localized(slot.name, slot.name_en) });
              const { thumbnail_url: thumbnail, image_url: image } = page;
              return thumbnail && image ? (
                <button key={page.id} type="button" class="office-thumb" aria-label={label} onClick={() => setOpen({ url: image, label })}>
                  <img src={thumbnail} alt="" loading="lazy" />
                </button>
              ) : null;
            })}
          </div>
        </div>
      ))}
      {open && <PhotoDialog url={open.url} label={open.label} onClose={() => setOpen(null)} />}
    </>
  );
}
