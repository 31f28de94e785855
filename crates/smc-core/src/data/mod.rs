//! Market data files: the streaming reader of Binance websocket captures ([`capture`]).

pub mod capture;
mod js_number;
mod json;
