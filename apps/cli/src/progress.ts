import { SingleBar, Presets } from 'cli-progress';
import type { Ingestor } from '@tagstream/ingestor';
import { systemClock } from '@tagstream/time';

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
  const update = (): void => {
    const s = ingestor.status();
    const r = s.replay;
    if (!r) return;
    const payload = { time: r.tweetTimeIso ?? '…', consumers: s.consumers };
    if (!started) {
      bar.start(r.total, r.position, payload);
      started = true;
    } else {
      // A new pass of a looping replay (or a new replay) starts again from the left.
      bar.setTotal(r.total);
      bar.update(r.position, payload);
    }
  };
  const timer = systemClock.setInterval(update, 250);
  return () => {
    systemClock.clearTimeout(timer);
    // Show where it ended, not where it was up to 250 ms earlier.
    if (started) {
      update();
      bar.stop();
    }
    started = false;
  };
}
