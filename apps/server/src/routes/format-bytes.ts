/** `1536` → `1.5 KiB`, `2147483648` → `2 GiB`: sizes as people read them in messages. */
export function formatBytes(n: number): string {
  const units = ['GiB', 'MiB', 'KiB'];
  for (let i = 0; i < units.length; i++) {
    const size = 1024 ** (units.length - i);
    if (n >= size) return `${Math.round((n / size) * 10) / 10} ${units[i]!}`;
  }
  return `${n} bytes`;
}
