// tsc emits JavaScript only: copy the non-code files the server reads at run time into dist.
import { cpSync } from 'node:fs';

for (const file of ['server/modules/auth/common-passwords.txt.gz']) {
  cpSync(`src/${file}`, `dist/${file}`);
}
