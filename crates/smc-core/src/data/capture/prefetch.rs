//! A capture reader on a background thread: gunzip and parsing of the next batches overlap with
//! the consumer's work on the current one (a replay then costs the slower of the two, not their
//! sum). Memory stays bounded: at most `depth` filled batches wait in the channel.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};
use std::thread::JoinHandle;

use super::batch::CaptureBatch;
use super::reader::CaptureReader;
use crate::error::{Result, SmcError};

/// Batches read ahead by a worker thread, in file order.
pub struct Prefetch {
    batches: Option<Receiver<Result<CaptureBatch>>>,
    /// Consumed batches handed back so the worker refills their allocations.
    recycle: Sender<CaptureBatch>,
    worker: Option<JoinHandle<()>>,
}

impl Prefetch {
    /// Starts reading `reader` on a new thread, `max_messages` per batch, at most `depth`
    /// batches ahead.
    ///
    /// # Errors
    /// `Internal` when the thread cannot be started.
    pub fn spawn(mut reader: CaptureReader, max_messages: usize, depth: usize) -> Result<Self> {
        let (tx, rx) = sync_channel::<Result<CaptureBatch>>(depth.max(1));
        let (recycle, spare) = channel::<CaptureBatch>();
        let worker = std::thread::Builder::new()
            .name("smc-capture".into())
            .spawn(move || loop {
                let mut batch = spare.try_recv().unwrap_or_default();
                let read = catch_unwind(AssertUnwindSafe(|| {
                    reader.read_batch(&mut batch, max_messages)
                }));
                let (item, last) = match read {
                    Ok(Ok(true)) => (Ok(batch), false),
                    Ok(Ok(false)) => return,
                    Ok(Err(e)) => (Err(e), true),
                    Err(_) => (
                        Err(SmcError::Internal(
                            "the capture reader thread panicked".into(),
                        )),
                        true,
                    ),
                };
                // A send fails when the consumer is gone: nothing left to do.
                if tx.send(item).is_err() || last {
                    return;
                }
            })
            .map_err(|e| SmcError::Internal(format!("cannot start the capture reader: {e}")))?;
        Ok(Prefetch {
            batches: Some(rx),
            recycle,
            worker: Some(worker),
        })
    }

    /// The next batch (waiting for the worker if it is behind), or `None` at the end.
    ///
    /// # Errors
    /// The reader's errors, in order, after the batches read before them.
    pub fn next_batch(&mut self) -> Result<Option<CaptureBatch>> {
        let Some(rx) = &self.batches else {
            return Ok(None);
        };
        match rx.recv() {
            Ok(item) => item.map(Some),
            Err(_) => {
                self.batches = None;
                Ok(None)
            }
        }
    }

    /// Hands a consumed batch back for reuse.
    pub fn recycle(&self, batch: CaptureBatch) {
        // The worker may have finished: then the batch is simply dropped.
        let _ = self.recycle.send(batch);
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        // Closing the channel first makes a worker blocked on a full channel return.
        self.batches = None;
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}
