#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
pub mod check;
pub mod diagnostic;
pub mod expr;
pub mod lint;
pub mod load;
pub mod model;
pub mod report;
