// A failure told to the person in words they can act on; role="alert" makes screen readers say it at once.
export function ErrorText({ message }: { message: string }) {
  return (
    <p class="status status--error" role="alert">
      {message}
    </p>
  );
}
