/**
 * Worker-thread entry: parses the batches the main thread sends and posts the
 * rows back. The main thread keeps the database; this thread only reads text.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createBatchParser, packRows, type Batch, type BatchParserInit } from './parse-batch.js';

const init = workerData as BatchParserInit;
const parseBatch = createBatchParser(init);
parentPort!.on('message', (batch: Batch) => {
  const result = parseBatch(batch);
  // One JSON string crosses threads far cheaper than thousands of cloned objects.
  parentPort!.postMessage({ ...result, rows: packRows(result.rows) });
});
