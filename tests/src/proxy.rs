//! A fault-injecting TCP proxy for sync tests: it sits between devices
//! and the server on real sockets and, while faults are on, cuts
//! connections at random points of requests and responses and delays
//! others. Randomness is seeded, so a failing run's seed can be replayed
//! (thread timing still varies). With faults off it forwards faithfully.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// What the proxy did, for the test's report.
#[derive(Debug, Default)]
pub struct FaultCounts {
    pub connections: AtomicU64,
    pub cut_requests: AtomicU64,
    pub cut_responses: AtomicU64,
    pub delayed: AtomicU64,
    /// Request bytes passed on to the server (what a device really sent).
    pub bytes_up: AtomicU64,
}

#[derive(Debug)]
pub struct FaultProxy {
    pub url: String,
    faults_on: Arc<AtomicBool>,
    /// When not 0: the next connection is cut after this many request
    /// bytes, whatever the faults setting (a cut at a chosen point).
    cut_next: Arc<AtomicU64>,
    pub counts: Arc<FaultCounts>,
}

/// splitmix64: small, seedable, good enough to pick cut points.
fn next(state: &AtomicU64) -> u64 {
    let mut z = state
        .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// How one connection misbehaves, chosen when it opens.
#[derive(Debug, Clone, Copy)]
enum Plan {
    Faithful,
    /// Close both ways after this many bytes of the request.
    CutRequest(u64),
    /// Close both ways after this many bytes of the response: the server
    /// may well have committed what the device will never hear about.
    CutResponse(u64),
    /// Hold each chunk this long.
    Delay(Duration),
}

impl FaultProxy {
    /// Listens on a free loopback port and forwards to `upstream`.
    pub fn start(upstream: SocketAddr, seed: u64) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}", listener.local_addr()?);
        let faults_on = Arc::new(AtomicBool::new(false));
        let counts = Arc::new(FaultCounts::default());
        let rng = Arc::new(AtomicU64::new(seed));
        let cut_next = Arc::new(AtomicU64::new(0));
        let (on, c, cut) = (faults_on.clone(), counts.clone(), cut_next.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                c.connections.fetch_add(1, Ordering::Relaxed);
                let chosen = cut.swap(0, Ordering::Relaxed);
                let plan = if chosen > 0 {
                    Plan::CutRequest(chosen)
                } else if on.load(Ordering::Relaxed) {
                    match next(&rng) % 10 {
                        0..=2 => Plan::CutRequest(next(&rng) % 2_000),
                        3..=5 => Plan::CutResponse(next(&rng) % 2_000),
                        6..=7 => Plan::Delay(Duration::from_millis(next(&rng) % 300)),
                        _ => Plan::Faithful,
                    }
                } else {
                    Plan::Faithful
                };
                let c = c.clone();
                std::thread::spawn(move || relay(client, upstream, plan, &c));
            }
        });
        Ok(Self {
            url,
            faults_on,
            cut_next,
            counts,
        })
    }

    pub fn set_faults(&self, on: bool) {
        self.faults_on.store(on, Ordering::Relaxed);
    }

    /// Cuts the next connection after `bytes` of its requests.
    pub fn cut_next_connection_after(&self, bytes: u64) {
        self.cut_next.store(bytes.max(1), Ordering::Relaxed);
    }
}

fn relay(client: TcpStream, upstream: SocketAddr, plan: Plan, counts: &FaultCounts) {
    let Ok(server) = TcpStream::connect(upstream) else {
        return;
    };
    let (Ok(client_in), Ok(server_in)) = (client.try_clone(), server.try_clone()) else {
        return;
    };
    let (request_limit, response_limit, delay) = match plan {
        Plan::Faithful => (None, None, None),
        Plan::CutRequest(n) => (Some(n), None, None),
        Plan::CutResponse(n) => (None, Some(n), None),
        Plan::Delay(d) => {
            counts.delayed.fetch_add(1, Ordering::Relaxed);
            (None, None, Some(d))
        }
    };
    let upload = std::thread::scope(|scope| {
        let request = scope.spawn(|| {
            pump(
                client_in,
                server,
                request_limit,
                delay,
                Some(&counts.bytes_up),
            )
        });
        let cut_response = pump(server_in, client, response_limit, delay, None);
        (request.join().unwrap_or(false), cut_response)
    });
    let (cut_request, cut_response) = upload;
    if cut_request {
        counts.cut_requests.fetch_add(1, Ordering::Relaxed);
    }
    if cut_response {
        counts.cut_responses.fetch_add(1, Ordering::Relaxed);
    }
}

/// Copies `from` to `to` until either end closes or `limit` bytes went
/// through; then closes both. True when it cut the stream at the limit.
fn pump(
    mut from: TcpStream,
    mut to: TcpStream,
    limit: Option<u64>,
    delay: Option<Duration>,
    forwarded: Option<&AtomicU64>,
) -> bool {
    let mut sent = 0u64;
    let mut buf = [0u8; 8192];
    let cut = loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break false,
            Ok(n) => n,
        };
        if let Some(d) = delay {
            std::thread::sleep(d);
        }
        let allowed = limit.map_or(n as u64, |l| (l - sent).min(n as u64));
        let take = usize::try_from(allowed).unwrap_or(n);
        if to.write_all(&buf[..take]).is_err() {
            break false;
        }
        sent += allowed;
        if let Some(f) = forwarded {
            f.fetch_add(allowed, Ordering::Relaxed);
        }
        if limit.is_some_and(|l| sent >= l) {
            break true;
        }
    };
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
    cut
}
