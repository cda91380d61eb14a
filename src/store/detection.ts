/**
 * Detection over the whole database, in memory that does not grow with the shop's history.
 * Orders with something left to ship compete for stock and are judged together; orders
 * already shipped are judged on their parcel alone, a chunk at a time (load.ts).
 */
import type { Config } from '../domain/config.js';
import { detectProblems, type DetectionResult, type Finding } from '../domain/detect.js';
import { DAY, toIso } from '../domain/time.js';
import { compareUtf8 } from '../domain/utf8-order.js';
import type { Db } from './db.js';
import { loadDetectionData, shippedCandidates } from './load.js';
import { learnStallThresholds } from './stall-learning.js';

const SHIPPED_CHUNK = 2000;

export function detectInDatabase(db: Db, config: Config, now: number): DetectionResult {
  const { shipped, ...open } = loadDetectionData(db, toIso(now - config.tracking_horizon_days * DAY));
  const learned = open.tracking ? learnStallThresholds(db, config, now) : null;
  const result = detectProblems({ ...open, config, now, learned });
  if (!shipped) return result;
  const findings = result.findings;
  for (const chunk of shippedCandidates(db, SHIPPED_CHUNK)) {
    // No stock: a shipped order has nothing left to allocate, and its finding can only be its parcel.
    for (const f of detectProblems({ orders: chunk.orders, stock: null, tracking: chunk.tracking, config, now, learned }).findings) findings.push(f);
  }
  // In order id order, as SQLite sorts them (byte order of UTF-8): the order cases are opened in.
  return { ...result, findings: findings.sort(byOrderId) };
}

const byOrderId = (a: Finding, b: Finding) => compareUtf8(a.orderId, b.orderId);
