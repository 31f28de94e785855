pub mod capture;
pub mod simex_replay;
