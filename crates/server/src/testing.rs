//! Test support for this crate's tests and the workspace's stories: a
//! fresh PostgreSQL database per test.
//!
//! PostgreSQL comes from TIDEMARK_TEST_PG_URL, an account that may create
//! databases (e.g. postgres://tidemark:tidemark@127.0.0.1:5432/postgres).
//! Without it a PostgreSQL test says loudly that it was skipped, and under
//! CI (CI set) it fails instead: CI always runs them.

/// A database made for one test, dropped with the value.
pub struct PgDatabase {
    admin_url: String,
    name: String,
    pub url: String,
}

impl std::fmt::Debug for PgDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgDatabase")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl PgDatabase {
    /// A new empty database; None (after saying so) when no PostgreSQL is
    /// configured. Blocks: call it outside an async runtime.
    ///
    /// # Panics
    /// Under CI without TIDEMARK_TEST_PG_URL, or when PostgreSQL refuses.
    #[allow(clippy::panic, clippy::expect_used)]
    pub fn create(test: &str) -> Option<Self> {
        let Ok(admin_url) = std::env::var("TIDEMARK_TEST_PG_URL") else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run the PostgreSQL tests: TIDEMARK_TEST_PG_URL is not set"
            );
            // Straight to stderr, past the test harness's capture: a skip
            // must be seen.
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED on PostgreSQL: {test} (set TIDEMARK_TEST_PG_URL to run it)"
            );
            return None;
        };
        let mut suffix = [0u8; 8];
        getrandom::fill(&mut suffix).expect("randomness");
        let name = format!(
            "tidemark_test_{}",
            suffix
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at TIDEMARK_TEST_PG_URL: {e}"));
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("CREATE DATABASE");
        let base = admin_url.split('?').next().unwrap_or(&admin_url);
        let cut = base.rfind('/').unwrap_or(base.len());
        let url = format!("{}/{name}", &base[..cut]);
        Some(Self {
            admin_url,
            name,
            url,
        })
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // The sync client runs its own runtime: keep it off any caller's.
        let _ = std::thread::spawn(move || {
            if let Ok(mut admin) = postgres::Client::connect(&admin_url, postgres::NoTls) {
                let _ =
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        })
        .join();
    }
}

/// The two storage backends a test can run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh store on `backend`: SQLite at `sqlite_path`, or a new
/// PostgreSQL database (kept alive by the returned guard). None when
/// PostgreSQL is not configured here (see [`PgDatabase::create`]).
/// Blocks: call it outside an async runtime.
///
/// # Panics
/// When the database cannot be opened.
#[allow(clippy::panic)]
pub fn open_store(
    backend: Backend,
    sqlite_path: &std::path::Path,
    test: &str,
) -> Option<(std::sync::Arc<dyn crate::Storage>, Option<PgDatabase>)> {
    let opened: Result<(std::sync::Arc<dyn crate::Storage>, Option<PgDatabase>), _> = match backend
    {
        Backend::Sqlite => {
            crate::SqliteStore::open(sqlite_path).map(|s| (std::sync::Arc::new(s) as _, None))
        }
        Backend::Postgres => {
            let pg = PgDatabase::create(test)?;
            crate::PostgresStore::connect(&pg.url).map(|s| (std::sync::Arc::new(s) as _, Some(pg)))
        }
    };
    Some(opened.unwrap_or_else(|e| panic!("cannot open the {backend:?} store: {e}")))
}
