//! Tidemark's domain: what an inspector records about farming households,
//! their rafts (lồng bè) and the events that happen to them, as types that can
//! only hold valid values ("parse, don't validate").
//!
//! Pure by design: no I/O, no clock reads except where a caller passes "now".
//! The device store, the CLI, the Tauri shell and the server all build on it.

pub mod admin;
pub mod auth;
pub mod entities;
pub mod error;
pub mod events;
pub mod hlc;
pub mod ids;
pub mod input;
pub mod ledger;
pub mod merge;
pub mod photo;
pub mod reference;
pub mod search;
pub mod sync;
pub mod values;
pub mod void;
pub mod wire;
pub mod zone;

pub use error::{FieldError, ParseError, Text, ValidationErrors};
