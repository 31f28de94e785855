//! [`SmcStream`]'s fair value gaps (a child module of `stream`, for its fields).

use super::{bar_view, SmcEvent, SmcStream};
use crate::smc::fvg::{gap_at, mitigates};

impl SmcStream {
    /// Bar t decides the gap whose middle candle is t-1 and may mitigate gaps at rows <= t-2.
    pub(super) fn advance_fvg(&mut self, t: usize, events: &mut Vec<SmcEvent>) {
        if t >= 2 {
            let o = bar_view(&self.open, &self.high, &self.low, &self.close, &self.volume);
            let gap = gap_at(&o, t - 1).map(|(d, top, bottom)| (t - 1, d, top, bottom));
            if !self.options.join_consecutive {
                if let Some(g) = gap {
                    self.emit_gap(g, events);
                }
            } else {
                match (self.pending_gap, gap) {
                    (Some(p), Some(g)) if p.1 == g.1 => {
                        self.pending_gap = Some((g.0, g.1, p.2.max(g.2), p.3.min(g.3)));
                    }
                    (pending, next) => {
                        if let Some(p) = pending {
                            self.emit_gap(p, events);
                        }
                        self.pending_gap = next;
                    }
                }
            }
        }
        // Gaps at rows <= t-2 can be mitigated by bar t.
        let o = bar_view(&self.open, &self.high, &self.low, &self.close, &self.volume);
        let f = &mut self.state_fvg;
        self.unmitigated.retain(|&row| {
            if row + 2 > t || !mitigates(&o, t, f.fvg[row], f.top[row], f.bottom[row]) {
                return true;
            }
            f.mitigated_index[row] = t as f64;
            events.push(SmcEvent::FvgMitigated {
                row,
                mitigated_index: t,
            });
            false
        });
    }

    pub(super) fn emit_gap(
        &mut self,
        (row, direction, top, bottom): (usize, f64, f64, f64),
        events: &mut Vec<SmcEvent>,
    ) {
        let f = &mut self.state_fvg;
        f.fvg[row] = direction;
        f.top[row] = top;
        f.bottom[row] = bottom;
        f.mitigated_index[row] = 0.0;
        self.unmitigated.push(row);
        events.push(SmcEvent::Fvg {
            row,
            direction,
            top,
            bottom,
        });
    }
}
