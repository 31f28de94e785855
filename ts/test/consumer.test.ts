// The package as an application sees it: built output, `import`, `require`, and type checking.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { ROOT } from './support/paths.js';

const CONSUMER = join(ROOT, 'examples', 'consumer');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

describe('examples/consumer (file: dependency)', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'lib', 'index.js'))) {
      throw new Error('dist/lib is missing: run `npm install` (or `npm run build`) first');
    }
    // Links the package into the example the way `npm install ../..` does for a user.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
      cwd: CONSUMER,
      stdio: 'pipe',
    });
  }, 120_000);

  it('imports the package as ESM', () => {
    const out = execFileSync(process.execPath, ['index.mjs'], { cwd: CONSUMER, encoding: 'utf8' });
    expect(out).toMatch(/esm: 95% VaR = 0\.0\d+/);
    expect(out).toContain('esm: typed error SMC_OUT_OF_RANGE');
  });

  it('requires the package from CommonJS', () => {
    const res = spawnSync(process.execPath, ['index.cjs'], { cwd: CONSUMER, encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('cjs: median =');
    expect(res.stdout).toContain('cjs: typed error SMC_NON_FINITE');
  });

  it('type-checks, and the @ts-expect-error calls are really errors', () => {
    const res = spawnSync(process.execPath, [TSC, '-p', join(CONSUMER, 'tsconfig.json')], { encoding: 'utf8' });
    expect(res.stdout + res.stderr).toBe('');
    expect(res.status).toBe(0);
  });

  it('rejects a call with a wrong argument type at compile time', () => {
    // Inside the example, so that 'smc-engine' resolves through its node_modules like a user's.
    const dir = mkdtempSync(join(CONSUMER, '.typetest-'));
    writeFileSync(
      join(dir, 'wrong.ts'),
      "import { risk } from 'smc-engine';\nrisk.quantile([1, 2, 3], 0.5);\n",
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          types: [],
        },
        files: ['wrong.ts'],
      }),
    );
    const res = spawnSync(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(res.status).not.toBe(0);
    rmSync(dir, { recursive: true, force: true });
    expect(res.stdout).toMatch(/error TS2345: Argument of type 'number\[\]' is not assignable to parameter of type 'Float64Array/);
  });
});
