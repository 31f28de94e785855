//! Market microstructure.
