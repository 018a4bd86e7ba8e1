// The whole-process floor of `tagstream count FILE` (issue 19): read the file, decode it, split it
// into lines and JSON.parse each, nothing else. Plain JavaScript: it runs with bare node, without
// a loader, as the bundled command does.
import { readFileSync } from 'node:fs';
import process from 'node:process';

let tweets = 0;
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (line.length > 0 && JSON.parse(line).text !== undefined) tweets++;
}
process.stdout.write(`${tweets}\n`);
