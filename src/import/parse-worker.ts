/**
 * Worker-thread entry: parses the batches the main thread sends and posts the
 * rows back. The main thread keeps the database; this thread only reads text.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createBatchParser, type Batch, type BatchParserInit } from './parse-batch.js';
import { packRows, transferables } from './pack-rows.js';

const init = workerData as BatchParserInit;
const parseBatch = createBatchParser(init);
parentPort!.on('message', (batch: Batch) => {
  const result = parseBatch(batch);
  const rows = packRows(result.rows);
  // The batch's buffer goes back too, for the next batch (import-pipeline.ts, BufferPool).
  parentPort!.postMessage({ ...result, rows, bytes: batch.bytes }, [batch.bytes.buffer as ArrayBuffer, ...transferables(rows)]);
});
