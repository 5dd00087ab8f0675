//! The real Tidemark app, built with its embedded UI, under Xvfb, driven
//! over WebDriver (tauri-driver + WebKitWebDriver): an inspector registers a
//! household and a raft, logs a float replacement, closes the app, opens it
//! again and finds everything, and switches the language.
//!
//! Run by scripts/test.sh; alone:
//! `TIDEMARK_APP=… xvfb-run -a cargo test -p tidemark-tests --test app_e2e -- --ignored`
#![allow(clippy::unwrap_used)]

use fantoccini::{Client, Locator};
use std::time::Instant;
use tidemark_tests::ui::{click, save_screenshot, type_into, wait_for, wait_text, WAIT};
use tidemark_tests::{testid, Driver};

/// Every visible button, field, select and navigation link is at least
/// 44 px tall (touch on a 1280×800 tablet). The "skip to content" button is
/// left out: it is 1 px until keyboard focus reveals it; so are file inputs,
/// which are hidden and out of the tab order behind the button that opens
/// them. Returns how many were checked.
async fn assert_touch_targets(c: &Client, screen: &str) -> u64 {
    let small = c
        .execute(
            r#"const items = [...document.querySelectorAll('button, input:not([type=checkbox]):not([type=radio]):not([type=file]), select, textarea, nav a, header a')]
                 .filter(e => e.offsetParent !== null && !e.classList.contains('skip'));
               return [items.length, items.filter(e => e.getBoundingClientRect().height < 44)
                 .map(e => (e.dataset.testid || e.id || e.tagName) + ':' + Math.round(e.getBoundingClientRect().height))];"#,
            vec![],
        )
        .await
        .unwrap();
    let checked = small[0].as_u64().unwrap();
    assert!(checked > 0, "{screen}: nothing to check");
    assert_eq!(
        small[1],
        serde_json::json!([]),
        "{screen}: touch targets under 44 px"
    );
    checked
}

/// The id (or test id) of the focused element.
async fn focused(c: &Client) -> String {
    c.execute(
        "const e = document.activeElement; return e.id || e.dataset.testid || e.tagName;",
        vec![],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app, tauri-driver and a display: scripts/test.sh runs it"]
async fn an_inspector_registers_a_raft_logs_floats_restarts_and_finds_everything() {
    let home = tempfile::tempdir().unwrap();
    let driver = Driver::start(home.path());

    // First start: an empty device, Vietnamese by default.
    let started = Instant::now();
    let c = driver.open_app().await;
    wait_for(&c, "household-search").await;
    println!(
        "cold start to the first usable screen (incl. WebDriver session): {} ms",
        started.elapsed().as_millis()
    );
    assert_eq!(
        wait_text(&c, "nav-households", |t| !t.is_empty()).await,
        "Hộ nuôi"
    );
    assert_eq!(c.title().await.unwrap(), "Tidemark");

    // Register a household; a bad CCCD is refused inline with Rust's message.
    wait_for(&c, "empty-state").await;
    save_screenshot(&c, "01-households-empty.png").await;
    assert_touch_targets(&c, "households").await;
    click(&c, "add-household").await;
    wait_for(&c, "household-form").await;
    // Keyboard alone: Tab walks the form in reading order.
    c.find(Locator::Id("f-full_name"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let mut order = vec![focused(&c).await];
    for _ in 0..7 {
        c.active_element()
            .await
            .unwrap()
            .send_keys("\u{E004}")
            .await
            .unwrap();
        order.push(focused(&c).await);
    }
    assert_eq!(
        order,
        [
            "f-full_name",
            "f-cccd",
            "f-phone",
            "f-village",
            "f-admin_unit_code",
            "f-cooperative",
            "form-save",
            "form-cancel"
        ]
    );
    assert_touch_targets(&c, "household form").await;
    type_into(&c, "f-full_name", "Hoàng Mẫu Biển").await;
    type_into(&c, "f-cccd", "0220").await;
    type_into(&c, "f-village", "Khu 3").await;
    c.find(Locator::Id("f-admin_unit_code"))
        .await
        .unwrap()
        .select_by_value("QY-HA-AN")
        .await
        .unwrap();
    click(&c, "form-save").await;
    let error = wait_text(&c, "error-cccd", |t| !t.is_empty()).await;
    assert!(error.contains("12 chữ số"), "{error}");
    save_screenshot(&c, "02-household-form-error.png").await;
    type_into(&c, "f-cccd", "022000000042").await;
    click(&c, "form-save").await;
    let toast = wait_text(&c, "toast", |t| !t.is_empty()).await;
    assert!(toast.contains("Đã lưu trên thiết bị này"), "{toast}");

    // Its raft, with 400 styrofoam floats.
    wait_for(&c, "household-page").await;
    save_screenshot(&c, "03-household-page.png").await;
    click(&c, "add-raft").await;
    wait_for(&c, "raft-form").await;
    type_into(&c, "f-local_tag", "HA-E2E-1").await;
    type_into(&c, "f-cell_count", "12").await;
    type_into(&c, "f-position-lat", "20,9312").await;
    type_into(&c, "f-position-lon", "106,8467").await;
    type_into(&c, "f-initial_floats-styrofoam", "400").await;
    save_screenshot(&c, "04-raft-form.png").await;
    click(&c, "form-save").await;
    wait_for(&c, "raft-page").await;
    wait_text(&c, "float-card-styrofoam-value", |t| t == "400").await;

    // A float replacement: 150 styrofoam off, 120 HDPE on; Enter submits.
    click(&c, "action-replace").await;
    wait_for(&c, "float-replacement-form").await;
    type_into(&c, "f-styrofoam_removed", "150").await;
    type_into(&c, "f-installed", "120").await;
    save_screenshot(&c, "05-float-replacement-form.png").await;
    // An "after" photo from the webcam (WebKitGTK's mock camera): the real
    // getUserMedia stream, a frame drawn to a canvas, a JPEG staged by the
    // Rust side and shown as a tile with its size.
    click(&c, "photo-webcam-after").await;
    wait_for(&c, "webcam-dialog").await;
    let started = Instant::now();
    loop {
        let capture = wait_for(&c, "webcam-capture").await;
        if capture.is_enabled().await.unwrap() {
            break;
        }
        assert!(
            started.elapsed() < WAIT,
            "the webcam showed no frame: {:?}",
            c.find(testid("webcam-error")).await.ok()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // The frames are there (capture is enabled); give the view a moment to
    // paint one before the screenshot.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(c.find(testid("webcam-starting")).await.is_err());
    save_screenshot(&c, "webcam-dialog.png").await;
    click(&c, "webcam-capture").await;
    let tile = wait_for(&c, "photo-tile").await;
    let webcam_photo = tile.attr("data-sha256").await.unwrap().unwrap();
    assert_eq!(webcam_photo.len(), 64, "staged by its SHA-256");
    assert!(
        c.find(testid("webcam-dialog")).await.is_err(),
        "the dialog closed"
    );
    c.find(Locator::Id("f-installed"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Id("f-installed"))
        .await
        .unwrap()
        .send_keys("\u{E007}")
        .await
        .unwrap();
    wait_for(&c, "raft-page").await;
    wait_text(&c, "float-card-styrofoam-value", |t| t == "250").await;
    wait_text(&c, "float-card-hdpe-value", |t| t == "120").await;
    let entries = c.find_all(testid("history-entry")).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0].attr("data-type").await.unwrap().as_deref(),
        Some("float_replacement")
    );
    let photo = wait_for(&c, "event-photo").await;
    assert_eq!(
        photo.attr("data-sha256").await.unwrap().as_deref(),
        Some(webcam_photo.as_str())
    );
    assert_eq!(
        photo.attr("data-moment").await.unwrap().as_deref(),
        Some("after")
    );
    let pending = wait_for(&c, "pending-count").await;
    assert_eq!(
        pending.attr("data-count").await.unwrap().as_deref(),
        Some("3")
    );
    save_screenshot(&c, "raft-page.png").await;
    assert_touch_targets(&c, "raft page").await;

    // The relocation and inspection forms open, and Escape cancels them
    // back to the raft page without saving anything.
    for (action, form, shot) in [
        (
            "action-relocate",
            "relocation-form",
            "06-relocation-form.png",
        ),
        (
            "action-inspect",
            "inspection-form",
            "07-inspection-form.png",
        ),
    ] {
        click(&c, action).await;
        wait_for(&c, form).await;
        save_screenshot(&c, shot).await;
        assert_touch_targets(&c, form).await;
        c.find(Locator::Id("f-date"))
            .await
            .unwrap()
            .send_keys("\u{E00C}")
            .await
            .unwrap();
        wait_for(&c, "raft-page").await;
    }
    let pending = wait_for(&c, "pending-count").await;
    assert_eq!(
        pending.attr("data-count").await.unwrap().as_deref(),
        Some("3"),
        "Escape saved something"
    );
    c.close().await.unwrap();

    // Second start: everything is still there.
    let c = driver.open_app().await;
    type_into(&c, "household-search", "hoang mau bien").await;
    wait_text(&c, "household-count", |t| t.contains('1')).await;
    click(&c, "household-row").await;
    wait_for(&c, "household-page").await;
    click(&c, "raft-row").await;
    wait_text(&c, "float-card-styrofoam-value", |t| t == "250").await;
    wait_text(&c, "float-card-hdpe-value", |t| t == "120").await;
    assert_eq!(c.find_all(testid("history-entry")).await.unwrap().len(), 1);

    // A form half typed when the app closes: its draft is on the device.
    click(&c, "action-replace").await;
    wait_for(&c, "float-replacement-form").await;
    type_into(&c, "f-note", "Gió mạnh, làm tiếp ngày mai").await;
    // The draft is written after a pause in typing.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;

    // English by the switch, and still English after a restart.
    click(&c, "lang-en").await;
    wait_text(&c, "nav-households", |t| t == "Households").await;
    c.close().await.unwrap();
    let c = driver.open_app().await;
    wait_text(&c, "nav-households", |t| t == "Households").await;

    // The half-typed form opens with what was typed, and says so.
    type_into(&c, "household-search", "hoang mau bien").await;
    wait_text(&c, "household-count", |t| t.contains('1')).await;
    click(&c, "household-row").await;
    click(&c, "raft-row").await;
    click(&c, "action-replace").await;
    wait_for(&c, "draft-restored").await;
    let note = c.find(Locator::Id("f-note")).await.unwrap();
    assert_eq!(
        note.prop("value").await.unwrap().as_deref(),
        Some("Gió mạnh, làm tiếp ngày mai")
    );
    // Dropped on purpose, it is gone.
    click(&c, "draft-drop").await;
    wait_text(&c, "float-replacement-form", |_| true).await;
    assert_eq!(
        c.find(Locator::Id("f-note"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("")
    );
    click(&c, "nav-progress").await;
    wait_for(&c, "progress-page").await;
    let ha_an = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(
            "[data-testid=progress-row][data-ward=QY-HA-AN]",
        ))
        .await
        .unwrap();
    let row = ha_an.text().await.unwrap();
    assert!(row.starts_with("Hà An") && row.contains("250"), "{row}");
    save_screenshot(&c, "progress-en.png").await;

    // The replacement turns out to be a mistake: voided in the real app, it
    // stays in the history, marked, and the raft's floats go back.
    click(&c, "nav-households").await;
    type_into(&c, "household-search", "hoang mau bien").await;
    wait_text(&c, "household-count", |t| t.contains('1')).await;
    click(&c, "household-row").await;
    click(&c, "raft-row").await;
    click(&c, "void-entry").await;
    wait_for(&c, "void-dialog").await;
    type_into(&c, "void-reason", "Logged on the wrong raft").await;
    click(&c, "void-confirm").await;
    wait_for(&c, "voided-badge").await;
    wait_text(&c, "float-card-styrofoam-value", |t| t == "400").await;
    wait_text(&c, "float-card-hdpe-value", |t| t == "0").await;
    assert_eq!(c.find_all(testid("history-entry")).await.unwrap().len(), 2);
    save_screenshot(&c, "raft-voided-en.png").await;
    c.close().await.unwrap();
    drop(driver);

    // The app kept its replica in the OS app-data directory.
    let replica = tidemark_device::Replica::open(&home.path().join("vn.tidemark.field")).unwrap();
    assert_eq!(
        replica.search_households("hoang mau bien").unwrap().len(),
        1
    );
    // Household, raft, replacement and its void wait to sync; no draft does.
    assert_eq!(replica.store().pending_sync().unwrap(), 4);
    assert_eq!(replica.store().integrity_check().unwrap(), "ok");
}
