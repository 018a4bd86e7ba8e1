/**
 * A hashtag as text: isolated from its surroundings' direction (`<bdi>`, so an Arabic tag does not
 * reorder the row around it), cut with an ellipsis by CSS when too long, whole in the tooltip.
 * React escapes it; markup-looking tags stay text.
 */
export function TagName({ text }: { text: string }) {
  return (
    <bdi className="tag-name" title={text}>
      {text}
    </bdi>
  );
}
