//! Streams a capture file (gzip detected from its magic bytes, or plain text) into batches.

use std::fs::File;
use std::io::{BufRead, BufReader, ErrorKind, Read};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;

use super::batch::CaptureBatch;
use super::parse::{LineParser, Parsed};
use crate::error::{Result, SmcError};

/// What to do with a line that is not a valid message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnInvalid {
    /// Stop with an `InvalidInput` error naming the file, the line and the problem (the
    /// messages before it are still delivered, in the batch before the error).
    #[default]
    Fail,
    /// Skip it and record it in the batch's `rejects` (dead-lettering is the caller's choice).
    Skip,
}

/// Options of [`CaptureReader`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ReaderOptions {
    pub on_invalid: OnInvalid,
    /// Force gzip (`Some(true)`) or plain text (`Some(false)`); `None` detects the gzip magic.
    pub gzip: Option<bool>,
}

/// Read buffer of the file and of the decompressed text: large enough that a read call moves
/// hundreds of lines, small enough to stay in cache.
const BUFFER: usize = 256 * 1024;

/// A streaming reader of `<local receive ns> <json>` capture lines: memory stays bounded by one
/// batch whatever the file size.
pub struct CaptureReader {
    input: Box<dyn BufRead + Send>,
    name: String,
    line: u64,
    text: Vec<u8>,
    parser: LineParser,
    on_invalid: OnInvalid,
    /// A failure found after the messages already in a batch: returned by the next call.
    pending: Option<SmcError>,
    done: bool,
}

impl CaptureReader {
    /// Opens a capture file.
    ///
    /// # Errors
    /// `NotFound` when the file does not exist, `InvalidInput` when it cannot be read.
    pub fn open(path: impl AsRef<Path>, options: ReaderOptions) -> Result<Self> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = File::open(path).map_err(|e| match e.kind() {
            ErrorKind::NotFound => SmcError::NotFound(format!("{name}: no such file")),
            _ => SmcError::invalid(format!("{name}: cannot open: {e}")),
        })?;
        Self::from_reader(name, file, options)
    }

    /// Reads a capture from any byte stream; `name` appears in error messages.
    ///
    /// # Errors
    /// `InvalidInput` when the first bytes cannot be read.
    pub fn from_reader(
        name: impl Into<String>,
        input: impl Read + Send + 'static,
        options: ReaderOptions,
    ) -> Result<Self> {
        let name = name.into();
        let mut raw = BufReader::with_capacity(BUFFER, input);
        let gzip = match options.gzip {
            Some(g) => g,
            None => {
                let head = raw
                    .fill_buf()
                    .map_err(|e| SmcError::invalid(format!("{name}: cannot read: {e}")))?;
                head.starts_with(&[0x1f, 0x8b])
            }
        };
        let input: Box<dyn BufRead + Send> = if gzip {
            // Multi-member: captures are often written as appended gzip members.
            Box::new(BufReader::with_capacity(BUFFER, MultiGzDecoder::new(raw)))
        } else {
            Box::new(raw)
        };
        Ok(CaptureReader {
            input,
            name,
            line: 0,
            text: Vec::with_capacity(4096),
            parser: LineParser::default(),
            on_invalid: options.on_invalid,
            pending: None,
            done: false,
        })
    }

    /// Lines read so far (the number of the last line read).
    pub fn lines_read(&self) -> u64 {
        self.line
    }

    /// Clears `batch` and fills it with the next messages, up to `max_messages` messages plus
    /// skipped lines. Returns false, with an empty batch, at the end of the input.
    ///
    /// # Errors
    /// `InvalidInput` for an unreadable stream (e.g. corrupt gzip) or, with [`OnInvalid::Fail`],
    /// an invalid line: `"<file>: line <n>: <reason>: <problem>"`. After an error the reader
    /// is finished.
    pub fn read_batch(&mut self, batch: &mut CaptureBatch, max_messages: usize) -> Result<bool> {
        batch.clear();
        if let Some(e) = self.pending.take() {
            self.done = true;
            return Err(e);
        }
        let max = max_messages.max(1);
        while !self.done && batch.len() + batch.rejects.len() < max {
            self.text.clear();
            let n = self.input.read_until(b'\n', &mut self.text).map_err(|e| {
                self.done = true;
                SmcError::invalid(format!(
                    "{}: cannot read line {}: {e}",
                    self.name,
                    self.line + 1
                ))
            })?;
            if n == 0 {
                self.done = true;
                break;
            }
            self.line += 1;
            let mut t = self.text.as_slice();
            if let Some(rest) = t.strip_suffix(b"\n") {
                t = rest;
            }
            if let Some(rest) = t.strip_suffix(b"\r") {
                t = rest;
            }
            if let Parsed::Rejected(reason, message) = self.parser.parse(t, self.line, batch) {
                match self.on_invalid {
                    OnInvalid::Skip => batch.rejects.push(super::batch::Reject {
                        line: self.line,
                        reason,
                        message,
                    }),
                    OnInvalid::Fail => {
                        let e = SmcError::invalid(format!(
                            "{}: line {}: {}: {message}",
                            self.name,
                            self.line,
                            reason.as_str()
                        ));
                        if batch.is_empty() {
                            self.done = true;
                            return Err(e);
                        }
                        self.pending = Some(e);
                        return Ok(true);
                    }
                }
            }
        }
        Ok(!batch.is_empty() || !batch.rejects.is_empty())
    }
}
