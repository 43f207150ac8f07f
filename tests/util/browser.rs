//! Headless Chromium driven over WebDriver, for the page tests: chromedriver on a
//! free loopback port, and the capabilities of a phone-sized headless session.

use std::path::Path;
use std::time::Duration;

/// chromedriver on a free loopback port, stopped when dropped.
pub struct Driver {
    child: std::process::Child,
    pub url: String,
}

impl Driver {
    pub fn start(driver: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = std::process::Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("run chromedriver");
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, url: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The capabilities of a headless `chromium` session 360 px wide (a phone's: a
/// desktop window is never narrower than about 500 px), with its profile in
/// `profile`, and downloads, if `downloads` is given, saved there without asking.
pub fn phone(chromium: &Path, profile: &Path, downloads: Option<&Path>) -> serde_json::Map<String, serde_json::Value> {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let phone = serde_json::json!({ "deviceMetrics": { "width": 360, "height": 800, "pixelRatio": 1.0 } });
    let mut options = serde_json::json!({ "binary": chromium, "args": args, "mobileEmulation": phone });
    if let Some(dir) = downloads {
        options["prefs"] = serde_json::json!({
            "download.default_directory": dir,
            "download.prompt_for_download": false,
            "download.directory_upgrade": true,
            "safebrowsing.enabled": false,
        });
    }
    let serde_json::Value::Object(capabilities) = serde_json::json!({ "goog:chromeOptions": options }) else {
        unreachable!()
    };
    capabilities
}
