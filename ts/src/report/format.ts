/** Display formatting of report values (presentation only: no statistics are computed here). */
import type { StatFormat } from './types.js';

export function formatValue(value: number | string | null, format: StatFormat = 'number'): string {
  if (value === null) return 'n/a';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '-∞' : 'n/a';
  switch (format) {
    case 'pct':
      return `${(value * 100).toFixed(2)}%`;
    case 'money':
      return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case 'int':
      return Math.round(value).toLocaleString('en-US');
    case 'ratio':
      return value.toFixed(3);
    case 'duration':
      return formatDuration(value);
    case 'text':
      return String(value);
    default:
      return Math.abs(value) >= 1000 ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : value.toPrecision(6);
  }
}

/** A millisecond duration as "3d 4h 5m". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d ? `${d}d` : '', h ? `${h}h` : '', m || (!d && !h) ? `${m}m` : ''].filter(Boolean).join(' ');
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
