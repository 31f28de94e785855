//! One capture line (`<local receive ns> <json>`) into a batch row, or a reject.
//!
//! The rules are those of the SDK's JavaScript path (`events.fromBinance` then the event schema),
//! so the native and JavaScript readers deliver the same events and reject the same lines
//! (ts/test/sources/capture-reader.test.ts compares them on mutated real lines):
//! - the combined-stream envelope `{"stream", "data"}` is unwrapped (one level);
//! - `{"lastUpdateId", "bids", ...}` is a REST snapshot, `e: "trade"` a trade, `e: "depthUpdate"`
//!   a diff, an object with `b`, `a`, `B` and `A` a bookTicker quote; anything else is rejected;
//! - prices and quantities convert like JavaScript's `Number` (decimal strings, or numbers);
//!   levels that are not arrays count as none, as in the adapter;
//! - checks: prices finite and > 0, level and quote quantities finite and >= 0, trade quantities
//!   > 0, update ids safe integers >= 0 with `u >= U`, exchange times finite and >= 0 or absent.
//!
//! Deliberate differences from the JavaScript path, all on input no venue sends: a trade id `t`
//! must be a JSON number (JavaScript would stringify anything, even a missing id as
//! "undefined"); a price given as a nested array or object is invalid (JavaScript's `Number([5])`
//! is 5); a receive time must fit in 63 bits.

use super::batch::{CaptureBatch, MessageKind, RejectReason, Row, NO_SYMBOL};
use crate::data::js_number::{js_number, js_number_bytes};
use crate::data::json::{JsonStr, Kind, Literal, Scan, Scanner};

/// The largest integer JavaScript represents exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A member value as far as the conversion needs it.
#[derive(Debug, Clone, Copy, Default)]
enum Val<'a> {
    #[default]
    Absent,
    Null,
    Bool(bool),
    Num(f64),
    Str(JsonStr<'a>),
    /// A level array, parsed into the scratch buffer at this range.
    Levels(usize, usize),
    Object,
    Array,
}

impl Val<'_> {
    fn present(&self) -> bool {
        !matches!(self, Val::Absent)
    }

    /// JavaScript's `Number(value)`.
    fn number(&self) -> f64 {
        match *self {
            Val::Num(x) => x,
            Val::Str(s) => string_number(s),
            Val::Bool(b) => f64::from(u8::from(b)),
            Val::Null => 0.0,
            _ => f64::NAN,
        }
    }

    /// `typeof value === 'number' ? value : null`, as NaN for null.
    fn number_or_none(&self) -> f64 {
        match *self {
            Val::Num(x) => x,
            _ => f64::NAN,
        }
    }
}

/// The members of one object that any message kind reads.
#[derive(Debug, Default)]
struct Fields<'a> {
    stream: Val<'a>,
    data: Val<'a>,
    last_update_id: Val<'a>,
    bids: Val<'a>,
    asks: Val<'a>,
    event_time: Val<'a>,
    trade_time: Val<'a>,
    symbol: Val<'a>,
    event: Val<'a>,
    first_id: Val<'a>,
    last_id: Val<'a>,
    prev_id: Val<'a>,
    b: Val<'a>,
    a: Val<'a>,
    bid_qty: Val<'a>,
    ask_qty: Val<'a>,
    trade_id: Val<'a>,
    price: Val<'a>,
    qty: Val<'a>,
    maker: Val<'a>,
}

impl<'a> Fields<'a> {
    /// The slot of a member, and whether its value may be a level array.
    fn slot(&mut self, key: &[u8]) -> Option<(&mut Val<'a>, bool)> {
        Some(match key {
            b"stream" => (&mut self.stream, false),
            b"data" => (&mut self.data, false),
            b"lastUpdateId" => (&mut self.last_update_id, false),
            b"bids" => (&mut self.bids, true),
            b"asks" => (&mut self.asks, true),
            b"E" => (&mut self.event_time, false),
            b"T" => (&mut self.trade_time, false),
            b"s" => (&mut self.symbol, false),
            b"e" => (&mut self.event, false),
            b"U" => (&mut self.first_id, false),
            b"u" => (&mut self.last_id, false),
            b"pu" => (&mut self.prev_id, false),
            b"b" => (&mut self.b, true),
            b"a" => (&mut self.a, true),
            b"B" => (&mut self.bid_qty, false),
            b"A" => (&mut self.ask_qty, false),
            b"t" => (&mut self.trade_id, false),
            b"p" => (&mut self.price, false),
            b"q" => (&mut self.qty, false),
            b"m" => (&mut self.maker, false),
            _ => return None,
        })
    }
}

/// What a line turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Parsed {
    /// An empty line: skipped, neither delivered nor rejected (as in the JavaScript reader).
    Empty,
    Message,
    Rejected(RejectReason, String),
}

/// Parses lines into a batch, reusing its scratch buffer.
#[derive(Debug, Default)]
pub(crate) struct LineParser {
    levels: Vec<(f64, f64)>,
}

fn malformed(msg: impl Into<String>) -> Parsed {
    Parsed::Rejected(RejectReason::MalformedJson, msg.into())
}

fn schema(msg: impl Into<String>) -> Parsed {
    Parsed::Rejected(RejectReason::SchemaViolation, msg.into())
}

/// `Number(s)` of a JSON string.
fn string_number(s: JsonStr<'_>) -> f64 {
    match s.plain() {
        Some(raw) => js_number_bytes(raw),
        None => js_number(&s.decode()),
    }
}

/// `Number(x)` of a JSON value inside a level pair.
fn pair_number(sc: &mut Scanner<'_>) -> Scan<f64> {
    Ok(match sc.kind()? {
        Kind::Number => sc.number()?,
        Kind::String => string_number(sc.string()?),
        Kind::Literal => match sc.literal()? {
            Literal::True => 1.0,
            Literal::False | Literal::Null => 0.0,
        },
        Kind::Object | Kind::Array => {
            sc.skip()?;
            f64::NAN
        }
    })
}

/// A level array: `[price, qty]` pairs become (Number(price), Number(qty)); a bare number x
/// becomes (x, x) and anything else an invalid level, as the JavaScript adapter's `[l, l]`.
fn level_array(sc: &mut Scanner<'_>, out: &mut Vec<(f64, f64)>) -> Scan<()> {
    sc.array(|sc, _| {
        if let Some((p, q)) = sc.plain_string_pair() {
            out.push((js_number_bytes(p), js_number_bytes(q)));
            return Ok(());
        }
        match sc.kind()? {
            Kind::Array => {
                let mut pq = [f64::NAN; 2];
                sc.array(|sc, k| {
                    if k < 2 {
                        pq[k] = pair_number(sc)?;
                        Ok(())
                    } else {
                        sc.skip()
                    }
                })?;
                out.push((pq[0], pq[1]));
            }
            Kind::Number => {
                let x = sc.number()?;
                out.push((x, x));
            }
            _ => {
                sc.skip()?;
                out.push((f64::NAN, f64::NAN));
            }
        }
        Ok(())
    })
}

fn value<'a>(sc: &mut Scanner<'a>, levels: Option<&mut Vec<(f64, f64)>>) -> Scan<Val<'a>> {
    Ok(match sc.kind()? {
        Kind::Number => Val::Num(sc.number()?),
        Kind::String => Val::Str(sc.string()?),
        Kind::Literal => match sc.literal()? {
            Literal::True => Val::Bool(true),
            Literal::False => Val::Bool(false),
            Literal::Null => Val::Null,
        },
        Kind::Array => match levels {
            Some(out) => {
                let start = out.len();
                level_array(sc, out)?;
                Val::Levels(start, out.len())
            }
            None => {
                sc.skip()?;
                Val::Array
            }
        },
        Kind::Object => {
            sc.skip()?;
            Val::Object
        }
    })
}

/// Reads an object's members into `fields`; with `inner`, a `data` object's members go there.
fn collect<'a>(
    sc: &mut Scanner<'a>,
    fields: &mut Fields<'a>,
    mut inner: Option<&mut Fields<'a>>,
    levels: &mut Vec<(f64, f64)>,
) -> Scan<()> {
    sc.object(|sc, key| {
        // Keys with escapes (never in real data) are decoded first.
        let decoded;
        let name = match key.plain() {
            Some(raw) => raw,
            None => {
                decoded = key.decode();
                decoded.as_bytes()
            }
        };
        let Some((slot, level_key)) = fields.slot(name) else {
            return sc.skip();
        };
        if name == b"data" {
            if let (Some(inner), Kind::Object) = (inner.as_deref_mut(), sc.kind()?) {
                // A repeated key replaces the earlier value, as in JSON.parse.
                *inner = Fields::default();
                collect(sc, inner, None, levels)?;
                *slot = Val::Object;
                return Ok(());
            }
        }
        *slot = value(sc, if level_key { Some(&mut *levels) } else { None })?;
        Ok(())
    })
}

fn id(name: &str, v: &Val) -> Result<f64, Parsed> {
    match *v {
        Val::Num(x) if (0.0..=MAX_SAFE_INTEGER).contains(&x) && x.fract() == 0.0 => Ok(x),
        Val::Num(x) => Err(schema(format!(
            "{name}: expected a safe integer >= 0, got {x}"
        ))),
        Val::Absent => Err(schema(format!("{name}: missing"))),
        _ => Err(schema(format!("{name}: expected a number"))),
    }
}

/// An optional update id: a number must be a valid id, anything else means none.
fn optional_id(name: &str, v: &Val) -> Result<f64, Parsed> {
    match v {
        Val::Num(_) => id(name, v),
        _ => Ok(f64::NAN),
    }
}

fn positive(name: &str, x: f64) -> Result<f64, Parsed> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(schema(format!(
            "{name}: expected a finite number > 0, got {x}"
        )))
    }
}

fn non_negative(name: &str, x: f64) -> Result<f64, Parsed> {
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(schema(format!(
            "{name}: expected a finite number >= 0, got {x}"
        )))
    }
}

/// `typeof v === 'number' ? v : null`, checked as an epoch time when present.
fn optional_time(v: &Val) -> Result<f64, Parsed> {
    match *v {
        Val::Num(x) => non_negative("exchangeTime", x),
        _ => Ok(f64::NAN),
    }
}

/// Digits of the local receive time, in ns.
fn receive_ns(digits: &[u8]) -> Option<i64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0i64, |acc, &c| {
        if !c.is_ascii_digit() {
            return None;
        }
        acc.checked_mul(10)?.checked_add(i64::from(c - b'0'))
    })
}

impl LineParser {
    /// Parses line `n` (without its line ending) and appends it to `batch` when valid.
    pub fn parse(&mut self, text: &[u8], n: u64, batch: &mut CaptureBatch) -> Parsed {
        if text.is_empty() {
            return Parsed::Empty;
        }
        let Some(space) = text.iter().position(|&c| c == b' ') else {
            return malformed("expected `<ns> <json>`");
        };
        let Some(ns) = receive_ns(&text[..space]) else {
            return malformed("expected `<ns> <json>`: the receive time is not a 63-bit integer");
        };
        // ms with a fraction: whole ms plus the ns remainder, as the JavaScript reader does.
        let ms = (ns / 1_000_000) as f64 + (ns % 1_000_000) as f64 / 1e6;
        let mut row = Row::new(MessageKind::Quote, n, ns, ms);
        match self.convert(&text[space + 1..], &mut row, batch) {
            Ok(()) => Parsed::Message,
            Err(p) => p,
        }
    }

    fn convert(
        &mut self,
        json: &[u8],
        row: &mut Row,
        batch: &mut CaptureBatch,
    ) -> Result<(), Parsed> {
        self.levels.clear();
        let mut outer = Fields::default();
        let mut inner = Fields::default();
        let mut sc = Scanner::new(json);
        let syntax = |e: crate::data::json::SyntaxError| {
            malformed(format!("{} at JSON position {}", e.what, e.at))
        };
        if sc.kind().map_err(syntax)? != Kind::Object {
            sc.skip().and_then(|_| sc.end()).map_err(syntax)?;
            return Err(schema("expected a JSON object"));
        }
        collect(&mut sc, &mut outer, Some(&mut inner), &mut self.levels).map_err(syntax)?;
        sc.end().map_err(syntax)?;
        let f = if outer.stream.present() && outer.data.present() {
            match outer.data {
                Val::Object => &inner,
                _ => return Err(schema("data: expected an object")),
            }
        } else {
            &outer
        };
        if f.last_update_id.present() && f.bids.present() {
            row.kind = MessageKind::Snapshot;
            row.exchange_ms = optional_time(&f.event_time)?;
            row.event_ms = f.event_time.number_or_none();
            row.last_update_id = id("lastUpdateId", &f.last_update_id)?;
            return self.push_levels(row, &f.bids, &f.asks, batch);
        }
        if let Val::Str(s) = f.symbol {
            let s = s.decode();
            if s.is_empty() {
                return Err(schema("symbol: expected a non-empty string"));
            }
            row.symbol = batch.symbol_index(&s);
        } else {
            row.symbol = NO_SYMBOL;
        }
        // `T ?? E`: the transaction time when present (and not null), else the event time.
        let time = match f.trade_time {
            Val::Absent | Val::Null => &f.event_time,
            ref t => t,
        };
        row.exchange_ms = optional_time(time)?;
        row.event_ms = f.event_time.number_or_none();
        let event = match f.event {
            Val::Str(s) if s.is("trade") => Some(MessageKind::Trade),
            Val::Str(s) if s.is("depthUpdate") => Some(MessageKind::Depth),
            _ => None,
        };
        match event {
            Some(MessageKind::Trade) => {
                row.kind = MessageKind::Trade;
                row.trade_id = match f.trade_id {
                    Val::Num(x) => x,
                    _ => return Err(schema("tradeId: `t` must be a number")),
                };
                row.price = positive("price", f.price.number())?;
                row.qty = positive("qty", f.qty.number())?;
                row.aggressor = u8::from(matches!(f.maker, Val::Bool(true)));
                self.push_levels(row, &Val::Absent, &Val::Absent, batch)
            }
            Some(_) => {
                row.kind = MessageKind::Depth;
                row.first_update_id = id("firstUpdateId", &f.first_id)?;
                row.last_update_id = id("finalUpdateId", &f.last_id)?;
                if row.last_update_id < row.first_update_id {
                    return Err(schema(
                        "finalUpdateId: finalUpdateId is below firstUpdateId",
                    ));
                }
                row.prev_update_id = optional_id("prevFinalUpdateId", &f.prev_id)?;
                self.push_levels(row, &f.b, &f.a, batch)
            }
            None if f.b.present()
                && f.a.present()
                && f.bid_qty.present()
                && f.ask_qty.present() =>
            {
                row.kind = MessageKind::Quote;
                row.bid_price = positive("bidPrice", f.b.number())?;
                row.bid_qty = non_negative("bidQty", f.bid_qty.number())?;
                row.ask_price = positive("askPrice", f.a.number())?;
                row.ask_qty = non_negative("askQty", f.ask_qty.number())?;
                row.last_update_id = optional_id("updateId", &f.last_id)?;
                self.push_levels(row, &Val::Absent, &Val::Absent, batch)
            }
            None => Err(schema(
                "type: not a trade, depthUpdate, bookTicker or depth snapshot payload",
            )),
        }
    }

    /// Checks the levels of `bids` and `asks` (a non-array counts as none), then appends the
    /// message with them.
    fn push_levels(
        &mut self,
        row: &Row,
        bids: &Val,
        asks: &Val,
        batch: &mut CaptureBatch,
    ) -> Result<(), Parsed> {
        let range = |v: &Val| match *v {
            Val::Levels(s, e) => s..e,
            _ => 0..0,
        };
        let sides = [(0u8, range(bids), "bids"), (1u8, range(asks), "asks")];
        for (_, r, name) in &sides {
            // Names are formatted only on failure: this loop runs once per price level.
            let bad =
                |&(p, q): &(f64, f64)| !(p.is_finite() && p > 0.0 && q.is_finite() && q >= 0.0);
            if let Some(k) = self.levels[r.clone()].iter().position(bad) {
                let (p, q) = self.levels[r.start + k];
                positive(&format!("{name}[{k}][0]"), p)?;
                non_negative(&format!("{name}[{k}][1]"), q)?;
            }
        }
        let start = batch.level_side.len();
        let mut bid_end = start;
        for (side, r, _) in sides {
            for &(p, q) in &self.levels[r] {
                batch.level_side.push(side);
                batch.level_price.push(p);
                batch.level_qty.push(q);
            }
            if side == 0 {
                bid_end = batch.level_side.len();
            }
        }
        batch.push(row, start, bid_end);
        Ok(())
    }
}
