//! The map and the position tools in the real app, under Xvfb over
//! WebDriver: an inspector loads an MBTiles base map, sees rafts coloured
//! by status over real tiles served by the Rust side, the farming zone and
//! a relocation line, the raft outside every zone flagged; then takes a
//! raft's position from the device's location service (WebKitGTK's real
//! GeoClue client talking to a stand-in GeoClue on a private bus, see
//! tidemark_tests::geoclue) and then from an NMEA receiver on a serial port
//! (a pseudo-terminal the test plays the receiver on).
//!
//! Run by scripts/test.sh; alone:
//! `TIDEMARK_APP=… xvfb-run -a cargo test -p tidemark-tests --test app_map_e2e -- --ignored`
#![allow(clippy::unwrap_used)]

use fantoccini::{Client, Locator};
use serde_json::json;
use std::io::Write;
use std::time::{Duration, Instant};
use tidemark_device::Replica;
use tidemark_domain::admin::quang_yen_units;
use tidemark_domain::events::RelocationState;
use tidemark_domain::input::{HouseholdInput, PositionInput, RaftInput, RelocationInput};
use tidemark_domain::values::frame_sentence;
use tidemark_domain::zone::geojson::parse_zones;
use tidemark_domain::zone::ZoneSet;
use tidemark_tests::geoclue::LocationService;
use tidemark_tests::ui::{click, save_screenshot, wait_for, wait_text, WAIT};
use tidemark_tests::{mbtiles, Driver};

fn raft_at(household: &str, tag: &str, lat: &str, lon: &str) -> RaftInput {
    serde_json::from_value(json!({
        "household_id": household, "local_tag": tag, "kind": "bamboo_raft", "cell_count": "8",
        "length_m": "", "width_m": "", "species": "estuarine_oyster",
        "position": {"lat": lat, "lon": lon, "accuracy_m": "5"},
        "waterway": "", "zone": "", "status": "registered_in_zone",
        "initial_floats": {"styrofoam": "200", "hdpe": "0", "other_compliant": "0"}
    }))
    .unwrap()
}

/// A device as an inspector would have it after a sync: one farming zone,
/// three rafts (one outside every zone, one relocated into the zone).
fn prepare_device(data_dir: &std::path::Path) -> String {
    let mut r = Replica::open(data_dir).unwrap();
    let zones = json!({"type": "FeatureCollection", "features": [{
        "type": "Feature",
        "properties": {"code": "QY-HA-01", "name": "Vùng nuôi hàu Hà An 1", "ward": "Hà An"},
        "geometry": {"type": "Polygon", "coordinates": [[
            [106.84, 20.92], [106.87, 20.92], [106.87, 20.945], [106.84, 20.945], [106.84, 20.92]
        ]]}
    }]});
    r.store_mut()
        .replace_zones(&ZoneSet {
            version: 1,
            zones: Some(parse_zones(&zones.to_string(), &quang_yen_units()).unwrap()),
        })
        .unwrap();
    let h = r
        .save_household(
            None,
            &HouseholdInput {
                full_name: "Đỗ Mẫu Bản Đồ".into(),
                village: "Khu 2".into(),
                admin_unit_code: "QY-HA-AN".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    let inside = r
        .save_raft(None, &raft_at(&h, "BD-1", "20.93", "106.85"))
        .unwrap()
        .id;
    r.save_raft(None, &raft_at(&h, "BD-2", "20.905", "106.82"))
        .unwrap();
    let moved = r
        .save_raft(None, &raft_at(&h, "BD-3", "20.915", "106.875"))
        .unwrap()
        .id;
    r.log_relocation(&RelocationInput {
        raft_id: moved,
        date: "2026-11-20".into(),
        state: RelocationState::Completed,
        from: PositionInput::default(),
        to: PositionInput {
            lat: "20.925".into(),
            lon: "106.86".into(),
            accuracy_m: "4".into(),
            ..Default::default()
        },
        target_zone: "QY-HA-01".into(),
        deadline: String::new(),
        note: String::new(),
        photos: Vec::new(),
    })
    .unwrap();
    inside
}

/// Counts the elements matching a CSS selector.
async fn count(c: &Client, css: &str) -> u64 {
    c.execute(
        "return document.querySelectorAll(arguments[0]).length;",
        vec![json!(css)],
    )
    .await
    .unwrap()
    .as_u64()
    .unwrap_or(0)
}

async fn wait_count(c: &Client, css: &str, ok: impl Fn(u64) -> bool) -> u64 {
    let started = Instant::now();
    loop {
        let n = count(c, css).await;
        if ok(n) {
            return n;
        }
        assert!(started.elapsed() < WAIT, "{css}: {n} after {WAIT:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn type_testid(c: &Client, id: &str, text: &str) {
    let field = wait_for(c, id).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// One second of a receiver near raft BD-1, as GGA and RMC.
fn receiver_second(second: u32) -> String {
    let time = format!("0315{second:02}.00");
    let gga = frame_sentence(&format!(
        "GPGGA,{time},2055.9000,N,10651.0100,E,1,09,0.8,2.0,M,-20.0,M,,"
    ));
    let rmc = frame_sentence(&format!(
        "GPRMC,{time},A,2055.9000,N,10651.0100,E,0.0,0.0,271126,,,A"
    ));
    format!("{gga}\r\n{rmc}\r\n")
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app, tauri-driver and a display: scripts/test.sh runs it"]
async fn an_inspector_loads_a_base_map_sees_the_rafts_and_takes_a_gnss_fix() {
    let home = tempfile::tempdir().unwrap();
    let raft_inside = prepare_device(&home.path().join("vn.tidemark.field"));
    let map_file = home.path().join("quang-yen.mbtiles");
    let tiles = mbtiles::write_quang_yen(&map_file);
    let location = LocationService::start(20.9312, 106.8471, 8.0);
    let driver = Driver::start_with(
        home.path(),
        &[("DBUS_SYSTEM_BUS_ADDRESS", location.address.as_str())],
    );
    let c = driver.open_app().await;
    wait_for(&c, "household-search").await;

    // Settings: load the base map from its path.
    click(&c, "nav-settings").await;
    wait_for(&c, "basemap-panel").await;
    type_testid(&c, "basemap-path", map_file.to_str().unwrap()).await;
    click(&c, "load-basemap").await;
    let name = wait_text(&c, "basemap-name", |t| !t.is_empty()).await;
    assert!(name.contains("Quảng Yên (thử nghiệm)"), "{name}");
    let shown = wait_text(&c, "basemap-tiles", |t| !t.is_empty()).await;
    assert!(
        shown.replace(['.', ' '], "").contains(&tiles.to_string()),
        "{shown} vs {tiles}"
    );

    // The map: three rafts, one flagged, the zone, the relocation, and
    // tiles that the tiles: protocol served from the MBTiles file.
    click(&c, "nav-map").await;
    wait_for(&c, "map-screen").await;
    wait_count(&c, "path.raft-marker", |n| n == 3).await;
    assert_eq!(count(&c, "path.raft-marker--outside").await, 1);
    assert!(count(&c, ".zone-area").await >= 1);
    assert_eq!(count(&c, ".relocation-line").await, 1);
    let loaded = wait_count(&c, "img.leaflet-tile-loaded", |n| n > 0).await;
    println!("map: {loaded} base-map tiles drawn");
    assert_eq!(count(&c, "[data-testid=map-no-basemap]").await, 0);
    let outside = wait_text(&c, "map-outside-item", |t| !t.is_empty()).await;
    assert!(outside.contains("BD-2"), "{outside}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    save_screenshot(&c, "map.png").await;

    // A position from the NMEA receiver on a serial port.
    let (mut receiver, device_end) = serialport::TTYPort::pair().unwrap();
    let port = serialport::SerialPort::name(&device_end).unwrap();
    c.goto(&format!(
        "{}#/rafts/{raft_inside}/edit",
        c.current_url()
            .await
            .unwrap()
            .as_str()
            .split('#')
            .next()
            .unwrap()
    ))
    .await
    .unwrap();
    wait_for(&c, "raft-form").await;
    // The device's location service: the position, its accuracy and its
    // source fill in (the app grants its own page the permission).
    click(&c, "position-position-device").await;
    let message = wait_text(&c, "position-position-message", |t| !t.is_empty()).await;
    assert!(message.contains("±8 m"), "{message}");
    let source = wait_for(&c, "position-position-source").await;
    assert_eq!(
        source.attr("data-source").await.unwrap().as_deref(),
        Some("device")
    );
    for (id, expected) in [("f-position-lat", 20.9312), ("f-position-lon", 106.8471)] {
        let typed = c
            .find(Locator::Id(id))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        let value: f64 = typed.replace(',', ".").parse().unwrap();
        assert!((value - expected).abs() < 1e-6, "{id}: {typed}");
    }
    save_screenshot(&c, "device-location.png").await;

    click(&c, "position-position-gnss").await;
    wait_for(&c, "gnss-panel").await;
    // The machine's own ports are offered first; the receiver here is a
    // pseudo-terminal, typed as another path.
    wait_for(&c, "gnss-port")
        .await
        .select_by_value("")
        .await
        .unwrap();
    type_testid(&c, "gnss-port-path", &port).await;
    type_testid(&c, "gnss-seconds", "3").await;
    let speaker = std::thread::spawn(move || {
        for second in 0..8 {
            receiver
                .write_all(receiver_second(second).as_bytes())
                .unwrap();
            std::thread::sleep(Duration::from_millis(500));
        }
        receiver
    });
    click(&c, "gnss-measure").await;
    let fixes = wait_text(&c, "gnss-fixes", |t| !t.is_empty()).await;
    assert!(fixes.trim().parse::<u32>().unwrap() >= 2, "{fixes}");
    save_screenshot(&c, "gnss-reading.png").await;
    click(&c, "gnss-use").await;
    let source = wait_for(&c, "position-position-source").await;
    assert_eq!(
        source.attr("data-source").await.unwrap().as_deref(),
        Some("nmea")
    );
    c.find(Locator::Css("[data-testid=form-save]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&c, "raft-page").await;
    let position = wait_text(&c, "raft-position-source", |t| !t.is_empty()).await;
    assert!(position.contains("NMEA"), "{position}");
    drop(speaker.join().unwrap());
    drop(device_end);
    c.close().await.unwrap();
    drop(driver);

    let replica = Replica::open(&home.path().join("vn.tidemark.field")).unwrap();
    let raft = replica.raft_detail(&raft_inside).unwrap().raft;
    let p = raft.position.unwrap();
    assert_eq!(p.source, tidemark_domain::values::PositionSource::Nmea);
    // 20°55.9' N, 106°51.01' E.
    assert!((p.lat - (20.0 + 55.9 / 60.0)).abs() < 1e-6, "{}", p.lat);
    assert!((p.lon - (106.0 + 51.01 / 60.0)).abs() < 1e-6, "{}", p.lon);
}
