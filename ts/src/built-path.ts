/**
 * Where a module that runs in its own thread or process lives: next to the caller when running
 * from dist/, else in dist/ (tests run the TypeScript sources, whose worker entry points must
 * still be the compiled JavaScript).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { InvalidStateError } from './errors.js';

/** `callerUrl` is `import.meta.url`; `folder/file.js` the entry point relative to dist/lib. */
export function builtModulePath(callerUrl: string, folder: string, file: string): string {
  const here = dirname(fileURLToPath(callerUrl));
  const local = join(here, file);
  if (existsSync(local)) return local;
  const built = resolve(here, '../../../dist/lib', folder, file);
  if (existsSync(built)) return built;
  throw new InvalidStateError(`${folder}/${file} not found: build the package (npm run build)`);
}
