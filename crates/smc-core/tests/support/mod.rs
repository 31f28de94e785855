pub mod capture;
pub mod data;
