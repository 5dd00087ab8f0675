//! Automatic sync: one background thread per app that owns its own
//! connection to the replica, so a slow network never holds the UI's.
//!
//! It syncs on the schedule of [`super::schedule`], and on demand. Sign-in
//! goes through it too, so that only one thread ever talks to the server
//! for this device. Two connections to one SQLite file are safe: every
//! write takes the write lock and reads the sequence number and the clock
//! inside it.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tidemark_domain::auth::Account;

use super::schedule::{next_delay, Attempt};
use super::{sign_in, sync_signed_in_with, ClientCache, SyncError, SyncReport};
use crate::error::DeviceError;
use crate::replica::Replica;

type Reply<T> = Sender<Result<T, SyncError>>;

enum Request {
    SyncNow(Reply<SyncReport>),
    SignIn {
        server_url: String,
        username: String,
        password: String,
        device_label: String,
        reply: Reply<Account>,
    },
    Stop,
}

/// The app's handle on its sync thread. Dropping it stops the thread
/// after the round in progress.
#[derive(Debug)]
pub struct SyncWorker {
    requests: Sender<Request>,
    thread: Option<JoinHandle<()>>,
}

/// A number in [0, 1) that differs between devices and rounds; enough to
/// spread retries, not meant for anything secret.
fn jitter() -> f64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    f64::from(nanos % 1_000_000) / 1_000_000.0
}

impl SyncWorker {
    /// Starts the thread on its own connection to the replica in `data_dir`.
    /// With `automatic` false it syncs only when asked (tests, metered links).
    pub fn spawn(data_dir: &Path, automatic: bool) -> Result<Self, DeviceError> {
        let replica = Replica::open(data_dir)?;
        let (requests, inbox) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("tidemark-sync".into())
            .spawn(move || run(replica, &inbox, automatic))?;
        Ok(Self {
            requests,
            thread: Some(thread),
        })
    }

    fn ask<T>(&self, make: impl FnOnce(Reply<T>) -> Request) -> Result<T, SyncError> {
        let (reply, answer) = mpsc::channel();
        let stopped = || SyncError::Unreachable("the sync thread has stopped".into());
        self.requests.send(make(reply)).map_err(|_| stopped())?;
        answer.recv().map_err(|_| stopped())?
    }

    /// Syncs now (after the round in progress, if any) and reports.
    pub fn sync_now(&self) -> Result<SyncReport, SyncError> {
        self.ask(Request::SyncNow)
    }

    /// Signs in, then syncs at once in the background.
    pub fn sign_in(
        &self,
        server_url: &str,
        username: &str,
        password: &str,
        device_label: &str,
    ) -> Result<Account, SyncError> {
        self.ask(|reply| Request::SignIn {
            server_url: server_url.to_owned(),
            username: username.to_owned(),
            password: password.to_owned(),
            device_label: device_label.to_owned(),
            reply,
        })
    }
}

impl Drop for SyncWorker {
    fn drop(&mut self) {
        let _ = self.requests.send(Request::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One automatic round. Without a token nothing is tried: sync waits for a
/// person to sign in.
fn attempt(
    replica: &mut Replica,
    clients: &mut ClientCache,
    failures: &mut u32,
) -> (Attempt, Result<SyncReport, SyncError>) {
    let result = sync_signed_in_with(replica, clients, &mut |_| {});
    let outcome = match &result {
        Ok(_) => {
            *failures = 0;
            Attempt::Succeeded
        }
        Err(e) if e.is_permanent() => Attempt::NeedsPerson,
        Err(_) => {
            *failures += 1;
            Attempt::FailedTransiently(*failures)
        }
    };
    (outcome, result)
}

fn run(mut replica: Replica, inbox: &Receiver<Request>, automatic: bool) {
    let mut failures = 0;
    let mut clients = ClientCache::default();
    // First round right away: the app just started, maybe back in range.
    let mut wait = Some(Duration::ZERO);
    loop {
        let request = match (automatic, wait) {
            (true, Some(delay)) => inbox.recv_timeout(delay),
            _ => inbox.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let last = match request {
            Err(RecvTimeoutError::Timeout) => attempt(&mut replica, &mut clients, &mut failures).0,
            Err(RecvTimeoutError::Disconnected) | Ok(Request::Stop) => return,
            Ok(Request::SyncNow(reply)) => {
                let (outcome, result) = attempt(&mut replica, &mut clients, &mut failures);
                let _ = reply.send(result);
                outcome
            }
            Ok(Request::SignIn {
                server_url,
                username,
                password,
                device_label,
                reply,
            }) => {
                let signed_in = sign_in(
                    &mut replica,
                    &server_url,
                    &username,
                    &password,
                    &device_label,
                );
                let ok = signed_in.is_ok();
                let _ = reply.send(signed_in);
                if ok {
                    failures = 0;
                    attempt(&mut replica, &mut clients, &mut failures).0
                } else {
                    Attempt::NeedsPerson
                }
            }
        };
        wait = next_delay(last, jitter());
    }
}
