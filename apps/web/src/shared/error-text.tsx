/** An error under the control that caused it, announced when it appears. */
export function ErrorText({ message, id }: { message: string | null; id?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="field-error" id={id}>
      {message}
    </p>
  );
}
