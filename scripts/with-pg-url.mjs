#!/usr/bin/env node
// Runs a command with TEST_DATABASE_URL set (default postgres://postgres@127.0.0.1:5432/test),
// so `npm run test:pg` works the same from a shell, from npm and from .ci/run.
import { spawnSync } from 'node:child_process';

const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const [cmd, ...args] = process.argv.slice(2);
const bin = new URL(`../node_modules/.bin/${cmd}`, import.meta.url).pathname;
const result = spawnSync(bin, args, { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: url } });
process.exit(result.status ?? 1);
