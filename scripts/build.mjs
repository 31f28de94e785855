#!/usr/bin/env node
// Builds smc-engine from source: the Rust addon (napi-rs, release mode) and the TypeScript SDK.
// Runs as the package's `install` script, so a fresh `npm install` leaves a working package.
//   node scripts/build.mjs            addon, TypeScript, then the example ONNX models
//   node scripts/build.mjs --native   the addon only
//   node scripts/build.mjs --ts       the TypeScript only
// SMC_BUILD_PROFILE=debug builds the addon without optimisation (fast edit-test loop).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const all = !args.has('--native') && !args.has('--ts');

function run(cmd, cmdArgs) {
  const res = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (res.error) throw res.error;
  if (res.status !== 0) {
    console.error(`smc-engine: \`${cmd} ${cmdArgs.join(' ')}\` failed (exit ${res.status}).`);
    process.exit(res.status ?? 1);
  }
}

function bin(name) {
  return join(root, 'node_modules', '.bin', name);
}

function buildNative() {
  const cargo = spawnSync('cargo', ['--version'], { encoding: 'utf8' });
  if (cargo.error || cargo.status !== 0) {
    console.error(
      'smc-engine: `cargo` was not found. smc-engine compiles its native addon from Rust source;\n' +
        'install the Rust toolchain with rustup (https://rustup.rs), open a new shell so that\n' +
        '`cargo --version` works, then run `npm install` again.',
    );
    process.exit(1);
  }
  const release = process.env.SMC_BUILD_PROFILE !== 'debug';
  run(bin('napi'), [
    'build',
    '--platform',
    ...(release ? ['--release'] : []),
    '--manifest-path',
    'native/Cargo.toml',
    '--package-json-path',
    'package.json',
    '--output-dir',
    'native',
    '--js',
    'binding.cjs',
    '--dts',
    'binding.d.cts',
  ]);
}

function buildTs() {
  run(bin('tsc'), ['-p', 'tsconfig.build.json']);
}

function buildModels() {
  run(process.execPath, [join(root, 'scripts', 'build-models.mjs')]);
}

if (!existsSync(join(root, 'native', 'Cargo.toml'))) {
  // Installed from a registry tarball: the addon and dist/ ship prebuilt.
  process.exit(0);
}
if (all || args.has('--native')) buildNative();
if (all || args.has('--ts')) buildTs();
// The example ONNX models are fitted with the core, so they come after both builds.
if (all) buildModels();
