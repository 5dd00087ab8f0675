//! Sync over a link that fails: a fault-injecting proxy between the
//! devices and the real server cuts connections at random points of
//! requests and responses (so the server sometimes commits a push whose
//! answer never arrives) and delays others, while three devices keep
//! working and keep trying to sync. Once the faults stop, clean syncs
//! converge: every device holds the same records, every event is on the
//! server exactly once, and no outbox holds anything.
//!
//! The seed is printed; replay one with TIDEMARK_FAULT_SEED=<seed>.
#![allow(clippy::unwrap_used)]

mod common;

use common::{household, raft, Device, Server, ADMIN_PASSWORD};
use std::sync::atomic::Ordering;
use tidemark_device::export;
use tidemark_device::sync::{self, sync_signed_in};
use tidemark_tests::dice::Dice;
use tidemark_tests::proxy::FaultProxy;
use tidemark_tests::snapshot::replica_snapshot;

fn seed() -> u64 {
    std::env::var("TIDEMARK_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(7)
        })
}

/// One piece of offline work on records this device knows.
fn work(device: &mut Device, dice: &mut Dice, round: u64) {
    let households = export::households(device.replica.store()).unwrap();
    let rafts = export::rafts(device.replica.store()).unwrap();
    match dice.roll(4) {
        0 => {
            device
                .replica
                .save_household(None, &household(&format!("Khu {round}")))
                .unwrap();
        }
        1 if !households.is_empty() => {
            let h = &households[dice.roll(households.len() as u64) as usize];
            device
                .replica
                .save_raft(None, &raft(&h.id.to_string()))
                .unwrap();
        }
        2 if !rafts.is_empty() => {
            let r = &rafts[dice.roll(rafts.len() as u64) as usize];
            device.replace(&r.id.to_string(), 1, 1);
        }
        3 if !households.is_empty() => {
            let h = &households[dice.roll(households.len() as u64) as usize];
            let edited = household(&format!("Khu {round}-{}", dice.roll(100)));
            device
                .replica
                .save_household(Some(&h.id.to_string()), &edited)
                .unwrap();
        }
        _ => {
            device
                .replica
                .save_household(None, &household("Khu mới"))
                .unwrap();
        }
    }
}

fn three_devices_on_a_link_that_cuts_and_stalls_converge_once_it_is_clean(server: Server) {
    let seed = seed();
    eprintln!("fault seed: {seed} (replay with TIDEMARK_FAULT_SEED={seed})");
    let upstream = server.url.trim_start_matches("http://").parse().unwrap();
    let proxy = FaultProxy::start(upstream, seed).unwrap();
    let mut dice = Dice::new(seed);
    let mut devices = [Device::new(), Device::new(), Device::new()];
    for d in &mut devices {
        sync::sign_in(&mut d.replica, &proxy.url, "admin", ADMIN_PASSWORD, "flaky").unwrap();
    }

    proxy.set_faults(true);
    let mut failed_syncs = 0;
    for round in 0..15 {
        for device in &mut devices {
            for _ in 0..dice.roll(3) + 1 {
                work(device, &mut dice, round);
            }
            if dice.roll(3) > 0 && sync_signed_in(&mut device.replica, &mut |_| {}).is_err() {
                failed_syncs += 1;
            }
        }
    }
    let c = &proxy.counts;
    let cuts = c.cut_requests.load(Ordering::Relaxed) + c.cut_responses.load(Ordering::Relaxed);
    eprintln!(
        "seed {seed}: {} connections, {} requests cut, {} responses cut, {} delayed, {failed_syncs} failed syncs",
        c.connections.load(Ordering::Relaxed),
        c.cut_requests.load(Ordering::Relaxed),
        c.cut_responses.load(Ordering::Relaxed),
        c.delayed.load(Ordering::Relaxed),
    );
    assert!(
        cuts > 0,
        "seed {seed}: the proxy cut nothing; the test proved nothing"
    );

    proxy.set_faults(false);
    for _ in 0..2 {
        for d in &mut devices {
            sync_signed_in(&mut d.replica, &mut |_| {})
                .unwrap_or_else(|e| panic!("seed {seed}: a clean sync failed: {e}"));
        }
    }

    let snapshot = |d: &Device| replica_snapshot(d.replica.store());
    let first = snapshot(&devices[0]);
    for (i, d) in devices.iter().enumerate() {
        assert_eq!(
            d.replica.store().pending_sync().unwrap(),
            0,
            "seed {seed}: device {i} still has an outbox"
        );
        let other = snapshot(d);
        assert_eq!(
            other.households, first.households,
            "seed {seed}: households differ on device {i}"
        );
        assert_eq!(
            other.rafts, first.rafts,
            "seed {seed}: rafts differ on device {i}"
        );
        assert_eq!(
            other.event_ids, first.event_ids,
            "seed {seed}: events differ on device {i}"
        );
    }
    assert_eq!(
        server.store.event_count().unwrap(),
        first.event_ids.len() as u64,
        "seed {seed}: the server lost or doubled an event"
    );
    assert!(
        !first.households.is_empty(),
        "seed {seed}: no work was done"
    );
}

both_backends!(three_devices_on_a_link_that_cuts_and_stalls_converge_once_it_is_clean);
