//! The BOS/CHoCH part of [`super::SmcStream`]: structures wait for their break and for the
//! swings that decide whether a later structure cancels them.

use super::bos_choch::{breaks, classify, last_four};
use super::{f32_round, BosChoch, SmcEvent};
use crate::ohlc::Ohlc;

/// A structure event waiting for its break or for the swings that decide whether it stands.
#[derive(Debug, Clone, Copy)]
struct Structure {
    row: usize,
    bos: i8,
    choch: i8,
    level: f64,
    broken: Option<usize>,
}

#[derive(Debug, Clone)]
pub(super) struct StructureTracker {
    close_break: bool,
    /// Every structure so far (the cancellation rule looks at all of them) ...
    structures: Vec<Structure>,
    /// ... and the indices of those not decided yet.
    undecided: Vec<usize>,
}

impl StructureTracker {
    pub(super) fn new(close_break: bool) -> Self {
        StructureTracker {
            close_break,
            structures: Vec::new(),
            undecided: Vec::new(),
        }
    }

    fn breaks_at(&self, bars: &Ohlc<'_>, s: &Structure, j: usize) -> bool {
        let direction = if s.bos == 1 || s.choch == 1 { 1 } else { -1 };
        breaks(bars, j, direction, s.level, self.close_break)
    }

    /// A final swing was appended: classify the window of the last four swings (marking the
    /// third-last) and look for a break among the bars already seen.
    pub(super) fn on_swing(
        &mut self,
        rows: &[usize],
        types: &[f64],
        levels: &[f64],
        bars: &Ohlc<'_>,
    ) {
        let Some((t, l)) = last_four(types, levels) else {
            return;
        };
        let (bos, choch) = classify(t, l);
        if bos == 0 && choch == 0 {
            return;
        }
        let mut s = Structure {
            row: rows[rows.len() - 3],
            bos,
            choch,
            level: f32_round(l[1]),
            broken: None,
        };
        s.broken = ((s.row + 2)..bars.len()).find(|&j| self.breaks_at(bars, &s, j));
        self.undecided.push(self.structures.len());
        self.structures.push(s);
    }

    /// Bar `t` arrived: record the first break of every waiting structure.
    pub(super) fn advance(&mut self, bars: &Ohlc<'_>, t: usize) {
        for position in 0..self.undecided.len() {
            let k = self.undecided[position];
            let s = self.structures[k];
            if s.broken.is_none() && t >= s.row + 2 && self.breaks_at(bars, &s, t) {
                self.structures[k].broken = Some(t);
            }
        }
    }

    /// Decides the structures whose fate is sealed and emits those that stand; at the end, all.
    ///
    /// A structure broken at `j` is cancelled (as in the batch) iff a later-row structure breaks
    /// at or before `j`. Such a structure has its row in `(row, j-2]`, and all of those are
    /// classified once two final swings lie after `j-2`; their breaks up to `j` are known by then.
    pub(super) fn settle(
        &mut self,
        swing_rows: &[usize],
        at_end: bool,
        state: &mut BosChoch,
        events: &mut Vec<SmcEvent>,
    ) {
        let swings_after =
            |row: usize| swing_rows.len() - swing_rows.partition_point(|&r| r <= row);
        let mut position = 0;
        while position < self.undecided.len() {
            let s = self.structures[self.undecided[position]];
            let decided = at_end || s.broken.is_some_and(|j| swings_after(j - 2) >= 2);
            if !decided {
                position += 1;
                continue;
            }
            self.undecided.remove(position);
            let Some(j) = s.broken else { continue };
            let cancelled = self
                .structures
                .iter()
                .any(|o| o.row > s.row && o.broken.is_some_and(|b| b <= j));
            // Cancelled structures keep their broken index (package quirk).
            state.broken_index[s.row] = j as f64;
            if cancelled {
                continue;
            }
            let nan_if_zero = |x: i8| if x != 0 { x as f64 } else { f64::NAN };
            state.bos[s.row] = nan_if_zero(s.bos);
            state.choch[s.row] = nan_if_zero(s.choch);
            state.level[s.row] = if s.level != 0.0 { s.level } else { f64::NAN };
            events.push(SmcEvent::BosChoch {
                row: s.row,
                bos: state.bos[s.row],
                choch: state.choch[s.row],
                level: state.level[s.row],
                broken_index: j,
            });
        }
    }
}
