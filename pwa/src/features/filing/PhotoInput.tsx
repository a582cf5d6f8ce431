// A button that opens the camera (capture) or the gallery; the chosen files go to `onFiles`.
export function PhotoInput(props: { label: string; capture: boolean; multiple?: boolean; onFiles: (files: File[]) => void; class?: string }) {
  return (
    <label class={props.class ?? 'button button--secondary photo-button'}>
      {props.label}
      <input
        class="visually-hidden"
        type="file"
        accept={props.capture ? 'image/*' : 'image/*,.heic,.heif'}
        capture={props.capture ? 'environment' : undefined}
        multiple={props.multiple}
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = ''; // the same file can be picked again
          if (files.length) props.onFiles(files);
        }}
      />
    </label>
  );
}
