"""The original PySpark pipeline's logic in plain Python, as a baseline for `npm run bench`.

    python3 bench/pyspark_logic.py LINES_FILE KIND ROUNDS

Reads the file once, then ROUNDS times: parses each line as JSON, takes the
tweet text (`data.text` for v2 stream lines, `text` otherwise), splits it on
spaces, keeps the words starting with '#', lower-cases and counts them, and
sorts the counts for a top ten. Prints one JSON object with the median CPU
seconds (time.process_time) of a round, so that the figure is comparable to
the TypeScript contenders, which are timed the same way.
"""
import json
import statistics
import sys
import time


def one_round(lines, kind):
    counts = {}
    for line in lines:
        if not line:
            continue
        value = json.loads(line)
        text = value["data"]["text"] if kind == "v2" else value.get("text", "")
        for word in text.split(" "):
            if word.startswith("#"):
                key = word.lower()
                counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]


def main():
    path, kind, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    n = sum(1 for line in lines if line)
    times = []
    for _ in range(rounds):
        t0 = time.process_time()
        one_round(lines, kind)
        times.append(time.process_time() - t0)
    print(json.dumps({"lines": n, "seconds": statistics.median(times), "python": sys.version.split()[0]}))


if __name__ == "__main__":
    main()
