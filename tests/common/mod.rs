//! Helpers shared by the integration tests.

#![allow(dead_code)] // each test binary uses a different part

pub mod dashboard;
pub mod fake_telegram;
pub mod fixtures;
pub mod machine;
pub mod postgres;
pub mod telegram_harness;
