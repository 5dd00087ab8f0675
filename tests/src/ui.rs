//! Small steps of a WebDriver test on the app's screens: wait for a test
//! id, wait for its text, type, click, take a screenshot.

use fantoccini::{Client, Locator};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::testid;

pub const WAIT: Duration = Duration::from_secs(30);

pub async fn wait_for(c: &Client, id: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(WAIT)
        .for_element(testid(id))
        .await
        .unwrap_or_else(|e| panic!("no [data-testid={id}]: {e}"))
}

/// Polls until the element's text satisfies `ok` (screens update after IPC).
pub async fn wait_text(c: &Client, id: &str, ok: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        if let Ok(e) = c.find(testid(id)).await {
            if let Ok(text) = e.text().await {
                if ok(&text) {
                    return text;
                }
                assert!(
                    started.elapsed() < WAIT,
                    "[data-testid={id}] shows {text:?}"
                );
            }
        }
        assert!(
            started.elapsed() < WAIT,
            "[data-testid={id}] never appeared"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn type_into(c: &Client, css_id: &str, text: &str) {
    let field = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id(css_id))
        .await
        .unwrap_or_else(|e| panic!("no #{css_id}: {e}"));
    field
        .clear()
        .await
        .unwrap_or_else(|e| panic!("cannot clear #{css_id}: {e}"));
    field
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("cannot type into #{css_id}: {e}"));
}

pub async fn click(c: &Client, id: &str) {
    wait_for(c, id)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click [data-testid={id}]: {e}"));
}

pub fn screenshot_dir() -> PathBuf {
    let dir = std::env::var_os("TIDEMARK_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("tidemark-e2e-screenshots"));
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

pub async fn save_screenshot(c: &Client, name: &str) {
    let png = c
        .screenshot()
        .await
        .unwrap_or_else(|e| panic!("no screenshot {name}: {e}"));
    let path = screenshot_dir().join(name);
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Polls until the element's attribute satisfies `ok`.
pub async fn wait_attr(c: &Client, id: &str, attr: &str, ok: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    let mut last = None;
    loop {
        if let Ok(e) = c.find(testid(id)).await {
            if let Ok(Some(value)) = e.attr(attr).await {
                if ok(&value) {
                    return value;
                }
                last = Some(value);
            }
        }
        assert!(
            started.elapsed() < WAIT,
            "[data-testid={id}] {attr}={last:?} never matched"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
