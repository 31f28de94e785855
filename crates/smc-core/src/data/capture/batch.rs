//! The columnar batch a capture reader fills: one row per message, one row per price level.

/// What a capture message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum MessageKind {
    /// A `depthUpdate` diff (`U`, `u`, futures `pu`; levels `b`, `a`).
    Depth = 0,
    /// A REST depth snapshot (`lastUpdateId`, `bids`, `asks`).
    Snapshot = 1,
    /// A `bookTicker` best bid/ask.
    Quote = 2,
    /// A `trade` print.
    Trade = 3,
}

impl MessageKind {
    pub fn as_u8(self) -> u8 {
        self as u8
    }
}

/// Why a line was rejected; the names are the SDK's `RejectReason`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectReason {
    /// Not `<ns> <json>`, or the JSON does not parse.
    MalformedJson,
    /// Valid JSON that is not a valid market event (unknown kind, bad price, ...).
    SchemaViolation,
}

impl RejectReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::MalformedJson => "malformed_json",
            RejectReason::SchemaViolation => "schema_violation",
        }
    }
}

/// A line that is not a valid message, skipped and recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Reject {
    /// 1-based line number in the file.
    pub line: u64,
    pub reason: RejectReason,
    /// What is wrong, e.g. `price: expected a finite number > 0, got 0`.
    pub message: String,
}

/// `symbol` of a message that names none (the REST snapshot, or a message without `s`): the
/// caller's default symbol applies.
pub const NO_SYMBOL: u32 = u32::MAX;

/// Messages as columns. Every per-message column has one row per message whatever its kind;
/// fields a kind does not have hold 0 (or NaN for optional numbers).
///
/// Update ids, trade ids and times are JSON numbers checked to be exact (ids: safe integers below
/// 2^53), so `f64` holds them without loss; NaN marks an absent optional value (a JSON number is
/// never NaN).
#[derive(Debug, Clone, Default)]
pub struct CaptureBatch {
    pub kind: Vec<MessageKind>,
    /// 1-based line number of each message.
    pub line: Vec<u64>,
    /// Local receive time (ns), the first field of the line.
    pub receive_ns: Vec<i64>,
    /// Local receive time as epoch ms with the sub-ms digits as a fraction (the SDK's
    /// `receiveTime`: whole ms plus ns remainder / 1e6, so no precision is lost above 2^53 ns).
    pub receive_ms: Vec<f64>,
    /// The SDK's `exchangeTime` (ms): `T` if present else `E` (`E` for snapshots); NaN for none.
    pub exchange_ms: Vec<f64>,
    /// The event time `E` (ms) alone; NaN when absent.
    pub event_ms: Vec<f64>,
    /// Index into `symbols`, or [`NO_SYMBOL`].
    pub symbol: Vec<u32>,
    /// Depth: `U`. NaN otherwise.
    pub first_update_id: Vec<f64>,
    /// Depth: `u`; snapshot: `lastUpdateId`; quote: `u` (NaN when absent).
    pub last_update_id: Vec<f64>,
    /// Depth: `pu` (futures; NaN when absent).
    pub prev_update_id: Vec<f64>,
    /// Quote fields.
    pub bid_price: Vec<f64>,
    pub bid_qty: Vec<f64>,
    pub ask_price: Vec<f64>,
    pub ask_qty: Vec<f64>,
    /// Trade fields: price, quantity, id, and the aggressor (0 buyer, 1 seller: `m` was true).
    pub price: Vec<f64>,
    pub qty: Vec<f64>,
    pub trade_id: Vec<f64>,
    pub aggressor: Vec<u8>,
    /// Levels of message i: bids in `level_start[i]..bid_end[i]`, asks in
    /// `bid_end[i]..level_end[i]` (empty ranges for quotes and trades).
    pub level_start: Vec<u32>,
    pub bid_end: Vec<u32>,
    pub level_end: Vec<u32>,
    /// Per level: 0 bid, 1 ask; price; quantity (0 removes the level).
    pub level_side: Vec<u8>,
    pub level_price: Vec<f64>,
    pub level_qty: Vec<f64>,
    /// Distinct symbols named by the messages of this batch.
    pub symbols: Vec<String>,
    /// Lines skipped as invalid (only when the reader is told to skip them), in file order.
    pub rejects: Vec<Reject>,
}

/// The fields of one message, before it is appended.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub kind: MessageKind,
    pub line: u64,
    pub receive_ns: i64,
    pub receive_ms: f64,
    pub exchange_ms: f64,
    pub event_ms: f64,
    pub symbol: u32,
    pub first_update_id: f64,
    pub last_update_id: f64,
    pub prev_update_id: f64,
    pub bid_price: f64,
    pub bid_qty: f64,
    pub ask_price: f64,
    pub ask_qty: f64,
    pub price: f64,
    pub qty: f64,
    pub trade_id: f64,
    pub aggressor: u8,
}

impl Row {
    pub fn new(kind: MessageKind, line: u64, receive_ns: i64, receive_ms: f64) -> Self {
        Row {
            kind,
            line,
            receive_ns,
            receive_ms,
            exchange_ms: f64::NAN,
            event_ms: f64::NAN,
            symbol: NO_SYMBOL,
            first_update_id: f64::NAN,
            last_update_id: f64::NAN,
            prev_update_id: f64::NAN,
            bid_price: 0.0,
            bid_qty: 0.0,
            ask_price: 0.0,
            ask_qty: 0.0,
            price: 0.0,
            qty: 0.0,
            trade_id: 0.0,
            aggressor: 0,
        }
    }
}

impl CaptureBatch {
    /// Number of messages.
    pub fn len(&self) -> usize {
        self.kind.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kind.is_empty()
    }

    /// Empties every column, keeping the allocations for the next fill.
    pub fn clear(&mut self) {
        self.kind.clear();
        self.line.clear();
        self.receive_ns.clear();
        self.receive_ms.clear();
        self.exchange_ms.clear();
        self.event_ms.clear();
        self.symbol.clear();
        self.first_update_id.clear();
        self.last_update_id.clear();
        self.prev_update_id.clear();
        self.bid_price.clear();
        self.bid_qty.clear();
        self.ask_price.clear();
        self.ask_qty.clear();
        self.price.clear();
        self.qty.clear();
        self.trade_id.clear();
        self.aggressor.clear();
        self.level_start.clear();
        self.bid_end.clear();
        self.level_end.clear();
        self.level_side.clear();
        self.level_price.clear();
        self.level_qty.clear();
        self.symbols.clear();
        self.rejects.clear();
    }

    /// Bids and asks of message `i` as (side, price, qty) row ranges: `(bids, asks)`.
    pub fn level_ranges(&self, i: usize) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let (s, m, e) = (
            self.level_start[i] as usize,
            self.bid_end[i] as usize,
            self.level_end[i] as usize,
        );
        (s..m, m..e)
    }

    /// Book events of the batch, in the unit replay engines count (NautilusTrader's deltas):
    /// one per price level of a diff or snapshot, one per top-of-book quote, one per trade.
    pub fn book_events(&self) -> usize {
        self.level_side.len()
            + self
                .kind
                .iter()
                .filter(|k| matches!(k, MessageKind::Quote | MessageKind::Trade))
                .count()
    }

    /// Index of `name` in `symbols`, added when new.
    pub(crate) fn symbol_index(&mut self, name: &str) -> u32 {
        match self.symbols.iter().position(|s| s == name) {
            Some(i) => i as u32,
            None => {
                self.symbols.push(name.to_owned());
                (self.symbols.len() - 1) as u32
            }
        }
    }

    /// Appends a message whose levels (if any) were pushed since `level_start` (bids up to
    /// `bid_end`).
    pub(crate) fn push(&mut self, r: &Row, level_start: usize, bid_end: usize) {
        self.kind.push(r.kind);
        self.line.push(r.line);
        self.receive_ns.push(r.receive_ns);
        self.receive_ms.push(r.receive_ms);
        self.exchange_ms.push(r.exchange_ms);
        self.event_ms.push(r.event_ms);
        self.symbol.push(r.symbol);
        self.first_update_id.push(r.first_update_id);
        self.last_update_id.push(r.last_update_id);
        self.prev_update_id.push(r.prev_update_id);
        self.bid_price.push(r.bid_price);
        self.bid_qty.push(r.bid_qty);
        self.ask_price.push(r.ask_price);
        self.ask_qty.push(r.ask_qty);
        self.price.push(r.price);
        self.qty.push(r.qty);
        self.trade_id.push(r.trade_id);
        self.aggressor.push(r.aggressor);
        self.level_start.push(level_start as u32);
        self.bid_end.push(bid_end as u32);
        self.level_end.push(self.level_side.len() as u32);
    }
}
