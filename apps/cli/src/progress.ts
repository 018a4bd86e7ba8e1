import { SingleBar, Presets } from 'cli-progress';
import type { Ingestor } from '@tagstream/ingestor';

/** A replay progress bar on a terminal (cli-progress); returns a function that removes it. */
export function attachProgressBar(ingestor: Ingestor): () => void {
  const bar = new SingleBar(
    {
      format: 'replay |{bar}| {value}/{total} tweets · {time} · {consumers} consumer(s)',
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  const timer = setInterval(() => {
    const s = ingestor.status();
    const r = s.replay;
    if (!r) return;
    const payload = { time: r.tweetTimeIso ?? '…', consumers: s.consumers };
    if (!started) {
      bar.start(r.total, r.position, payload);
      started = true;
    } else bar.update(r.position, payload);
  }, 250);
  return () => {
    clearInterval(timer);
    if (started) bar.stop();
    started = false;
  };
}
