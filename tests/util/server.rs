//! `tm serve` run as a team runs it, on a free loopback port, and a small
//! HTTP/1.1 client that sends exactly the bytes a test gives (a path that is
//! not UTF-8 once decoded, a body far over the limit).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Tm;

/// The token of a team's writer (hala) in [`team`]'s token file…
pub const WRITER: &str = "hala-0123456789abcdef";
/// …and of its read-only reader (omar).
pub const READER: &str = "omar-0123456789abcdef";

/// A seeded memory with a token file of a writer (hala) and a read-only
/// reader (omar), mode 600: the memory and the file's path.
pub fn team() -> (Tm, String) {
    let tm = Tm::seeded();
    let tokens = tm.write("tokens", format!("# the team\n{WRITER} hala\n{READER} omar read-only\n"));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&tokens, std::fs::Permissions::from_mode(0o600)).unwrap();
    let path = tokens.display().to_string();
    (tm, path)
}

/// A running `tm serve`; killed when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// What it wrote on stderr so far.
    log: Arc<Mutex<String>>,
}

/// An answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// Python's `urllib.parse.quote(bytes, safe='')`, as Weblate encodes each part
/// of a URL: every byte but ASCII letters, digits and `_.-~` as `%XX`.
pub fn quote(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() || b"_.-~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

impl Server {
    /// `tm serve --listen 127.0.0.1:0 ARGS` on `tm`'s memory, once it says
    /// where it listens.
    pub fn start(tm: &Tm, args: &[&str]) -> Server {
        Server::start_on(tm, "127.0.0.1:0", args)
    }

    /// `tm serve --listen LISTEN ARGS` (a server started again where one was).
    pub fn start_on(tm: &Tm, listen: &str, args: &[&str]) -> Server {
        let mut cmd = tm.cmd();
        cmd.args(["serve", "--listen", listen]).args(args);
        cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run tm serve");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let (send, receive) = std::sync::mpsc::channel();
        let keep = log.clone();
        std::thread::spawn(move || {
            let mut send = Some(send);
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.split("listening on http://").nth(1) {
                    let addr = addr.split_whitespace().next().unwrap_or_default().to_string();
                    if let Some(s) = send.take() {
                        let _ = s.send(addr);
                    }
                }
                let mut log = keep.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        match receive.recv_timeout(Duration::from_secs(20)) {
            Ok(addr) => Server { child, addr, log },
            Err(_) => {
                let _ = child.kill();
                let status = child.wait();
                panic!("tm serve did not start ({status:?}): {}", log.lock().unwrap());
            }
        }
    }

    /// What the server wrote on stderr so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Sends one request (`Connection: close`) and reads the whole answer.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.addr);
        if !body.is_empty() || method != "GET" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("send head");
        stream.write_all(body).expect("send body");
        read_answer(&mut stream)
    }

    pub fn get(&self, path: &str) -> Answer {
        self.request("GET", path, &[], b"")
    }

    /// A request saying it has a body of `length` bytes, which is sent (zeros)
    /// while the answer is read: a server that refuses it answers before it is
    /// all there.
    pub fn request_with_length(&self, method: &str, path: &str, length: usize) -> Answer {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\n\
             Content-Length: {length}\r\n\r\n",
            self.addr
        );
        stream.write_all(head.as_bytes()).expect("send head");
        let mut writer = stream.try_clone().expect("clone");
        let sending = std::thread::spawn(move || {
            let chunk = vec![b' '; 1 << 20];
            let mut sent = 0;
            while sent < length {
                let n = chunk.len().min(length - sent);
                if writer.write_all(&chunk[..n]).is_err() {
                    break;
                }
                sent += n;
            }
            sent
        });
        let answer = read_answer(&mut stream);
        let _ = stream.shutdown(std::net::Shutdown::Both);
        let _ = sending.join();
        answer
    }

    /// SIGTERM, and the exit status with the time it took to come.
    pub fn terminate(mut self) -> (ExitStatus, Duration, String) {
        let started = Instant::now();
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
        assert!(sent.success());
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                // The log reader gets the last lines.
                std::thread::sleep(Duration::from_millis(50));
                return (status, started.elapsed(), self.log());
            }
            if started.elapsed() > Duration::from_secs(30) {
                let _ = self.child.kill();
                panic!("tm serve did not stop in 30 s after SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn read_answer(stream: &mut TcpStream) -> Answer {
    let mut raw = Vec::new();
    let mut buf = [0u8; 1 << 16];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            // A server that closes on a body it refused may reset the connection
            // after its answer.
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset && !raw.is_empty() => break,
            Err(e) => panic!("reading the answer: {e} (after {} bytes)", raw.len()),
        }
    }
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| {
        panic!("no end of headers in {:?}", String::from_utf8_lossy(&raw));
    });
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked")) {
        body = unchunk(&body);
    }
    Answer { status, headers, body }
}

fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") else { panic!("a chunk without its size line") };
        let size_text = String::from_utf8_lossy(&raw[..eol]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16).expect("chunk size");
        raw = &raw[eol + 2..];
        if size == 0 {
            return out;
        }
        assert!(raw.len() >= size + 2, "a chunk cut short");
        out.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}
