//! The device replica of Tidemark: everything an inspector's laptop or
//! tablet keeps, offline.
//!
//! - [`store`]: the SQLite database (WAL, synchronous=FULL) and its
//!   migrations; every write is one transaction that also appends its outbox
//!   mutation, so the outbox always matches the records.
//! - [`replica`]: the operations the app and the CLI offer, over the store.
//! - [`import`] / [`export`]: CSV in, CSV and JSON out.
//! - [`demo`]: a made-up dataset, labelled DEMO wherever it shows.
//! - [`basemap`]: the offline base map (an MBTiles file) the map shows.
//! - [`gnss`]: positions from an NMEA receiver on a serial or USB port.
//! - [`location`]: fixes of the device's own location service, averaged.
//! - [`map`]: what the map screen draws.
//! - [`photos`]: photos staged from files or the camera, by SHA-256.
//!
//! Nothing here depends on Tauri: the app's commands are one-line
//! delegations into [`replica::Replica`].

pub mod basemap;
pub mod demo;
pub mod dto;
pub mod error;
pub mod export;
pub mod gnss;
pub mod import;
pub mod location;
pub mod map;
pub mod photos;
pub mod replica;
pub mod store;
pub mod sync;

pub use error::{CommandError, DeviceError};
pub use replica::Replica;
