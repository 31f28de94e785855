// Draws the charts of an smc-engine backtest report. Runs in the browser, offline: the
// charting library (TradingView lightweight-charts) is inlined in the same HTML file, and the
// data is the JSON in <script id="smc-data">.
/* global LightweightCharts, document, window */
(function drawReport() {
  const LC = LightweightCharts;
  const data = JSON.parse(document.getElementById('smc-data').textContent);
  const base = {
    autoSize: true,
    layout: { background: { color: '#0d1117' }, textColor: '#c9d1d9', fontSize: 11 },
    grid: { vertLines: { color: '#161b22' }, horzLines: { color: '#161b22' } },
    timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#30363d' },
    rightPriceScale: { borderColor: '#30363d' },
    crosshair: { mode: 0 },
  };

  // Draws FVG / order-block boxes and BOS / CHOCH / liquidity lines under the candles.
  class OverlayPrimitive {
    constructor(zones, levels) {
      this.zones = zones;
      this.levels = levels;
      this.view = { zOrder: () => 'bottom', renderer: () => ({ draw: (target) => this.draw(target) }) };
    }
    attached({ chart, series }) {
      this.chart = chart;
      this.series = series;
    }
    detached() {}
    updateAllViews() {}
    paneViews() {
      return [this.view];
    }
    draw(target) {
      const ts = this.chart.timeScale();
      const x = (t) => ts.timeToCoordinate(t);
      const y = (p) => this.series.priceToCoordinate(p);
      target.useBitmapCoordinateSpace(({ context: ctx, horizontalPixelRatio: hr, verticalPixelRatio: vr, bitmapSize }) => {
        for (const z of this.zones) {
          const x1 = x(z.startTime);
          const x2 = x(z.endTime) ?? bitmapSize.width / hr;
          const y1 = y(z.top);
          const y2 = y(z.bottom);
          if (x1 === null || y1 === null || y2 === null) continue;
          const bullish = z.direction > 0;
          ctx.fillStyle =
            z.kind === 'fvg'
              ? bullish ? 'rgba(38,166,154,0.18)' : 'rgba(239,83,80,0.18)'
              : bullish ? 'rgba(66,165,245,0.22)' : 'rgba(255,167,38,0.22)';
          ctx.fillRect(x1 * hr, Math.min(y1, y2) * vr, Math.max(1, (x2 - x1) * hr), Math.max(1, Math.abs(y2 - y1) * vr));
        }
        ctx.lineWidth = Math.max(1, hr);
        for (const l of this.levels) {
          const x1 = x(l.startTime);
          const x2 = x(l.endTime) ?? bitmapSize.width / hr;
          const yy = y(l.price);
          if (x1 === null || yy === null) continue;
          ctx.strokeStyle = l.kind === 'liquidity' ? '#e3b341' : l.kind === 'bos' ? '#8b949e' : '#d2a8ff';
          ctx.setLineDash(l.kind === 'liquidity' ? [2 * hr, 2 * hr] : [6 * hr, 3 * hr]);
          ctx.beginPath();
          ctx.moveTo(x1 * hr, yy * vr);
          ctx.lineTo(x2 * hr, yy * vr);
          ctx.stroke();
          ctx.fillStyle = ctx.strokeStyle;
          ctx.font = `${10 * vr}px sans-serif`;
          ctx.fillText(l.kind.toUpperCase(), x1 * hr + 2 * hr, yy * vr - 3 * vr);
        }
        ctx.setLineDash([]);
      });
    }
  }

  const price = LC.createChart(document.getElementById('price-chart'), base);
  const candles = price.addSeries(LC.CandlestickSeries, {
    upColor: '#26a69a',
    downColor: '#ef5350',
    borderVisible: false,
    wickUpColor: '#26a69a',
    wickDownColor: '#ef5350',
  });
  candles.setData(data.candles);
  const volume = price.addSeries(LC.HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: 'volume' });
  volume.priceScale().applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
  volume.setData(data.volume);
  LC.createSeriesMarkers(candles, data.markers);
  candles.attachPrimitive(new OverlayPrimitive(data.zones, data.levels));
  price.timeScale().fitContent();

  const equity = LC.createChart(document.getElementById('equity-chart'), base);
  equity.addSeries(LC.LineSeries, { color: '#58a6ff', lineWidth: 2 }).setData(data.equity);
  equity.timeScale().fitContent();

  const underwater = LC.createChart(document.getElementById('drawdown-chart'), base);
  underwater
    .addSeries(LC.AreaSeries, {
      lineColor: '#ef5350',
      topColor: 'rgba(239,83,80,0.05)',
      bottomColor: 'rgba(239,83,80,0.45)',
      lineWidth: 1,
      priceFormat: { type: 'percent' },
    })
    .setData(data.drawdown);
  underwater.timeScale().fitContent();

  window.__smcReportReady = true;
})();
