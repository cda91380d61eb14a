/**
 * Versioned migrations, applied in order inside one immediate transaction and
 * recorded in PRAGMA user_version. Never edit a shipped migration: add one.
 * Times are UTC ISO strings; money is integer minor units.
 */
/** How a restock promise is settled when its day passed and the inventory had no later date (see ledger.ts restocksAwaitingDate). */
export const NO_LATER_DATE = 'no later restock date';

export const MIGRATIONS: string[] = [
  // 1: the scan foundation.
  `
  CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    encoding TEXT,
    rows INTEGER NOT NULL DEFAULT 0,
    orders INTEGER NOT NULL DEFAULT 0,
    lines INTEGER NOT NULL DEFAULT 0,
    items INTEGER NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('imported', 'unchanged'))
  );
  CREATE INDEX imports_kind_format ON imports(kind, format, id);

  CREATE TABLE orders (
    order_id TEXT PRIMARY KEY,
    placed_at TEXT,
    paid_at TEXT,
    cancelled INTEGER NOT NULL DEFAULT 0,
    customer_name TEXT,
    email TEXT,
    phone TEXT,
    language TEXT,
    country TEXT,
    channel TEXT,
    ship_by TEXT,
    shipped_at TEXT,
    carrier TEXT,
    tracking_number TEXT,
    currency TEXT,
    order_total INTEGER,
    payment_method TEXT,
    tags TEXT,
    source_format TEXT,
    import_id INTEGER REFERENCES imports(id),
    updated_at TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE order_lines (
    order_id TEXT NOT NULL REFERENCES orders(order_id) ON DELETE CASCADE,
    line_no INTEGER NOT NULL,
    sku TEXT,
    title TEXT,
    variant TEXT,
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    fulfilled_quantity INTEGER NOT NULL DEFAULT 0,
    unit_price INTEGER,
    requires_shipping INTEGER NOT NULL DEFAULT 1,
    import_id INTEGER,
    PRIMARY KEY (order_id, line_no)
  ) WITHOUT ROWID;

  CREATE TABLE inventory (
    item_key TEXT PRIMARY KEY,
    sku TEXT,
    title TEXT,
    variant TEXT,
    on_hand INTEGER,
    available INTEGER,
    incoming INTEGER,
    restock_date TEXT,
    unit_price INTEGER,
    import_id INTEGER
  ) WITHOUT ROWID;

  CREATE TABLE tracking (
    tracking_number TEXT PRIMARY KEY,
    order_id TEXT,
    carrier TEXT,
    status TEXT NOT NULL,
    last_event_at TEXT,
    last_event TEXT,
    delivered_at TEXT,
    import_id INTEGER
  ) WITHOUT ROWID;

  CREATE TABLE substitutes (
    sku TEXT NOT NULL,
    substitute_sku TEXT NOT NULL,
    note TEXT,
    PRIMARY KEY (sku, substitute_sku)
  ) WITHOUT ROWID;

  CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL UNIQUE REFERENCES orders(order_id),
    kind TEXT NOT NULL CHECK (kind IN ('oversold', 'late', 'stalled')),
    kinds TEXT NOT NULL,
    reasons TEXT NOT NULL,
    skus TEXT NOT NULL,
    details TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('detected', 'offered', 'remedy_chosen', 'done', 'closed')),
    first_detected_at TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    contact_by TEXT NOT NULL,
    late_to_contact INTEGER NOT NULL DEFAULT 0,
    last_seen_at TEXT NOT NULL,
    problem_cleared_at TEXT,
    first_contact_at TEXT,
    remedy TEXT,
    outcome TEXT,
    closed_at TEXT,
    close_reason TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX cases_state ON cases(state, contact_by);

  CREATE TABLE case_events (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX case_events_case ON case_events(case_id, id);
  `,
  // 2: resolutions: what was offered and promised, the follow-up schedule, and every message written.
  `
  ALTER TABLE cases ADD COLUMN offered TEXT;
  ALTER TABLE cases ADD COLUMN offered_at TEXT;
  ALTER TABLE cases ADD COLUMN replied_at TEXT;
  ALTER TABLE cases ADD COLUMN choice TEXT;
  ALTER TABLE cases ADD COLUMN terms TEXT;
  ALTER TABLE cases ADD COLUMN channel TEXT;
  ALTER TABLE cases ADD COLUMN lang TEXT;

  CREATE TABLE followups (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    order_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    due_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'cancelled')),
    channel TEXT NOT NULL,
    lang TEXT NOT NULL,
    planned_by INTEGER REFERENCES case_events(id),
    created_at TEXT NOT NULL,
    done_at TEXT,
    cancelled_at TEXT,
    cancel_reason TEXT,
    -- Exactly once: the same follow-up of the same case at the same time exists once.
    UNIQUE (case_id, kind, due_at)
  );
  CREATE INDEX followups_due ON followups(state, due_at);

  CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    order_id TEXT NOT NULL,
    event_id INTEGER REFERENCES case_events(id),
    followup_id INTEGER REFERENCES followups(id),
    intent TEXT NOT NULL,
    channel TEXT NOT NULL,
    lang TEXT NOT NULL,
    template TEXT NOT NULL,
    recipient TEXT,
    subject TEXT,
    body TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    day TEXT NOT NULL,
    written_at TEXT NOT NULL,
    -- One row per message: a rerun or an overlapping run cannot write it twice.
    dedupe_key TEXT NOT NULL UNIQUE
  );
  CREATE INDEX messages_day ON messages(day, id);
  CREATE INDEX messages_case ON messages(case_id, id);

  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '{}'
  );
  `,
  // 3: fingerprints of the order groups an import wrote, so the next scan of the
  // same export skips the orders whose bytes did not change (kept on the latest import only).
  `
  ALTER TABLE imports ADD COLUMN fingerprints BLOB;
  ALTER TABLE imports ADD COLUMN fingerprint_seed INTEGER;
  ALTER TABLE imports ADD COLUMN unchanged_rows INTEGER NOT NULL DEFAULT 0;
  `,
  // 4: the lines still to ship, which every scan's detection starts from. Partial, so it
  // holds only those few: scanning a year of lines for them took a fifth of a re-scan.
  `
  CREATE INDEX order_lines_open ON order_lines(order_id) WHERE fulfilled_quantity < quantity AND requires_shipping = 1;
  `,
  // 5: fingerprints in rows of 8,192 (64 KiB) instead of one blob per import: a year of
  // orders made a 4 MB blob, and freeing that much at once keeps a scan's memory high for the
  // rest of its run (src/import/number-blocks.ts). A seed marks the import that has them. The new
  // schema changes every seed, so the old blobs could never be used again.
  `
  CREATE TABLE import_fingerprints (
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    block INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (import_id, block)
  );
  UPDATE imports SET fingerprint_seed = NULL;
  ALTER TABLE imports DROP COLUMN fingerprints;
  `,
  // 6: the promise ledger and the parcels. Every customer message records what it told the
  // customer (offered terms, dates, amounts, coupon, parcel) as commitments, so later messages
  // repeat them instead of recomputing them, and a dated promise is watched until it is kept or
  // broken. An order can have several parcels (the original, a reship, the parts of a split), each
  // with its own items and tracking number: a "shipped" message names one that really left.
  `
  CREATE TABLE parcels (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    order_id TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('original', 'reship', 'substitute', 'split_now', 'split_rest', 'wait')),
    items TEXT NOT NULL,
    carrier TEXT,
    tracking_number TEXT,
    state TEXT NOT NULL CHECK (state IN ('preparing', 'shipped', 'stalled', 'lost', 'delivered', 'cancelled')),
    created_at TEXT NOT NULL,
    shipped_at TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX parcels_case ON parcels(case_id, id);

  CREATE TABLE promises (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    order_id TEXT NOT NULL,
    event_id INTEGER REFERENCES case_events(id),
    message_id INTEGER REFERENCES messages(id),
    kind TEXT NOT NULL,
    due_at TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'kept', 'broken', 'superseded')),
    created_at TEXT NOT NULL,
    settled_at TEXT,
    settle_reason TEXT
  );
  CREATE INDEX promises_case ON promises(case_id, id);
  CREATE INDEX promises_due ON promises(state, due_at) WHERE state = 'open' AND due_at IS NOT NULL;
  `,
  // 7: purchase orders: units of a SKU a supplier is expected to deliver on a day. Each
  // import replaces the list (it is the shop's current view of what is coming). A waiting
  // customer is promised the day of the delivery that covers their place in the queue.
  `
  CREATE TABLE purchase_orders (
    id INTEGER PRIMARY KEY,
    sku TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    expected_at TEXT NOT NULL,
    supplier TEXT,
    po_number TEXT,
    import_id INTEGER REFERENCES imports(id)
  );
  CREATE INDEX purchase_orders_sku ON purchase_orders(sku, expected_at);
  `,
  // 8: what an hourly follow-up run asks before anything else, answered from an index: whether a
  // dated promise of a kind it checks is open (a bad day's 100,000 open offers were read one by
  // one to find none), and which open cases have a carrier-claim deadline (every case's details
  // were parsed to find the few that do).
  `
  CREATE INDEX promises_open_kind ON promises(kind, due_at) WHERE state = 'open' AND due_at IS NOT NULL;
  CREATE INDEX cases_claim_by ON cases(json_extract(details, '$.claim_by')) WHERE json_extract(details, '$.claim_by') IS NOT NULL;
  `,
  // 9: parcels that got stuck while a told plan was still under way (a split's first parcel while
  // the rest waits for stock): each hourly follow-up run asks whether one is still untold.
  `
  CREATE INDEX case_events_parcel_stuck ON case_events(case_id, id) WHERE type = 'parcel_stuck';
  `,
  // 10: restock days that passed with no later date to tell: watched each run until the inventory has one.
  `
  CREATE INDEX promises_restock_no_date ON promises(case_id, id) WHERE kind = 'restock' AND state = 'broken' AND settle_reason LIKE '${NO_LATER_DATE}%';
  `,
  // 11: broken ship and carrier-answer promises: each run says each one nobody has acted on yet.
  `
  CREATE INDEX promises_broken ON promises(case_id, id) WHERE state = 'broken' AND kind IN ('ship', 'carrier_answer');
  `,
  // 12: tracking numbers stored as carriers read them (domain/tracking-number.ts): the ones stored
  // before are rewritten the same way (spaces, hyphens, '_', case; full-width forms come right at the
  // next import), so a parcel recorded as 1234-5678-9012 meets the tracker's 123456789012.
  `
  UPDATE parcels SET tracking_number = UPPER(REPLACE(REPLACE(REPLACE(tracking_number, ' ', ''), '-', ''), '_', '')) WHERE tracking_number IS NOT NULL;
  UPDATE orders SET tracking_number = UPPER(REPLACE(REPLACE(REPLACE(tracking_number, ' ', ''), '-', ''), '_', '')) WHERE tracking_number IS NOT NULL;
  UPDATE OR IGNORE tracking SET tracking_number = UPPER(REPLACE(REPLACE(REPLACE(tracking_number, ' ', ''), '-', ''), '_', ''));
  `,
  // 13: a line's total as the export gives it (Amazon's item-price is the line's, less its promotion):
  // a refund of the whole line names it, not a unit price rounded to the cent times the quantity.
  // Null for lines imported before and for exports that give only a unit price.
  `
  ALTER TABLE order_lines ADD COLUMN line_total INTEGER;
  `,
  // 14: the customer collects the order (local pickup, 门店自提): 1, or 0 when the export names a way
  // of shipping it. Such an order is never late and has no parcel to get stuck, but still takes stock.
  // Null for orders imported before and for exports that do not say how the order reaches the customer.
  `
  ALTER TABLE orders ADD COLUMN pickup INTEGER;
  `,
  // 15: the file says only whether an order shipped, not which of its lines (eBay, Etsy …): a part
  // oos knows is still to ship stays open when the whole order shows shipped. Null for imports before.
  `
  ALTER TABLE imports ADD COLUMN lines_ship_together INTEGER;
  `,
  // 16: what the database remembers of its shop: the settings file it was last used with, for a
  // command (cron's) run outside the shop's folder.
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  `,
  // 17: another number the platform shows the order by (eBay's Sales Record Number), which an
  // operator may type to --order. Null where the export has none, and for orders imported before.
  `
  ALTER TABLE orders ADD COLUMN alt_id TEXT;
  `,
  // 18: offers whose notice said there was no restock date yet (OfferData.noRestockDate): an idle
  // follow-up run asks whether any is open in one index seek, however many offers are open.
  `
  CREATE INDEX promises_offer_no_date ON promises(case_id) WHERE kind = 'offer' AND state = 'open' AND json_extract(data, '$.noRestockDate') = 1;
  `,
];
