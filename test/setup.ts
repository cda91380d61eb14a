/** Runs around every test file: the temp folders a file made go when it ends. */
import { afterAll, afterEach } from 'vitest';
import { removeTempDirs } from './helpers/run.js';

afterAll(() => removeTempDirs());

// Most end-to-end tests run the binary with spawnSync, so a file of them never lets its worker's
// event loop reach I/O: vitest's reply to the worker's progress report (onTaskUpdate) sits unread,
// and after 60 s of that its fixed RPC timeout fires though every test passed (the run exits 1).
// A macrotask turn after each test lets the reply be read.
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
