-- The trading journal. Every table has a natural key so that inserts are idempotent: the
-- write-behind queue may replay a batch (after a retry or from the spill file) without
-- creating duplicates.

CREATE TABLE orders (
  client_order_id text PRIMARY KEY,
  time            timestamptz NOT NULL,
  symbol          text NOT NULL,
  side            text NOT NULL CHECK (side IN ('buy', 'sell')),
  order_type      text NOT NULL,
  qty             double precision NOT NULL,
  price           double precision,
  status          text NOT NULL,
  venue           text NOT NULL,
  details         jsonb
);
CREATE INDEX orders_symbol_time ON orders (symbol, time DESC);

CREATE TABLE fills (
  fill_id         text PRIMARY KEY,
  client_order_id text NOT NULL,
  time            timestamptz NOT NULL,
  symbol          text NOT NULL,
  side            text NOT NULL CHECK (side IN ('buy', 'sell')),
  qty             double precision NOT NULL,
  price           double precision NOT NULL,
  fee             double precision NOT NULL DEFAULT 0,
  venue           text NOT NULL,
  liquidity       text
);
CREATE INDEX fills_order ON fills (client_order_id);
CREATE INDEX fills_symbol_time ON fills (symbol, time DESC);

-- Position snapshots; the latest per symbol is what a restart restores.
CREATE TABLE positions (
  symbol          text NOT NULL,
  time            timestamptz NOT NULL,
  qty             double precision NOT NULL,
  avg_price       double precision NOT NULL,
  realized_pnl    double precision NOT NULL,
  unrealized_pnl  double precision NOT NULL,
  PRIMARY KEY (symbol, time)
);

CREATE TABLE signals (
  signal_id       text PRIMARY KEY,
  time            timestamptz NOT NULL,
  symbol          text NOT NULL,
  action          text NOT NULL CHECK (action IN ('buy', 'sell', 'hold')),
  confidence      double precision NOT NULL,
  details         jsonb
);
CREATE INDEX signals_symbol_time ON signals (symbol, time DESC);

CREATE TABLE risk_events (
  event_id        text PRIMARY KEY,
  time            timestamptz NOT NULL,
  symbol          text,
  kind            text NOT NULL,
  severity        text NOT NULL,
  details         jsonb
);
CREATE INDEX risk_events_time ON risk_events (time DESC);

CREATE TABLE breaker_snapshots (
  snapshot_id     text PRIMARY KEY,
  time            timestamptz NOT NULL,
  state           text NOT NULL,
  reason          text,
  details         jsonb
);
CREATE INDEX breaker_snapshots_time ON breaker_snapshots (time DESC);

CREATE TABLE bars (
  symbol          text NOT NULL,
  timeframe       text NOT NULL,
  time            timestamptz NOT NULL,
  open            double precision NOT NULL,
  high            double precision NOT NULL,
  low             double precision NOT NULL,
  close           double precision NOT NULL,
  volume          double precision NOT NULL,
  PRIMARY KEY (symbol, timeframe, time)
);
-- The read path is "latest N bars of a symbol and timeframe": a backward-ordered index serves it
-- without a sort.
CREATE INDEX bars_symbol_timeframe_time_desc ON bars (symbol, timeframe, time DESC);
