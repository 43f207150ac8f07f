//! Who is asking: bearer tokens from the token file, and what each may do.
//!
//! The token file (`--token-file`) has one token a line: `TOKEN USER` or
//! `TOKEN USER read-only`, separated by spaces or tabs; blank lines and lines
//! starting with `#` are left out. A token is at least 16 characters of
//! letters, digits and `-._~+/=` (what a bearer token may hold); a user name is
//! what `--user` takes, and is recorded on the entries that token's requests
//! write. The file is refused (naming its line) when a line is not so, when a
//! token is given twice, and when other users than its owner and group may read
//! it: the tokens are passwords.
//!
//! A request names its token in `Authorization: Bearer TOKEN`. Writes need a
//! token that is not read-only (401 without a token or with one the file does
//! not hold, 403 with a read-only one); a server without a token file, or run
//! with `--read-only`, takes no write (403). Reads are open unless `--private`,
//! which wants a token (any) for them too.

use std::collections::HashMap;
use std::path::Path;

use axum::http::{HeaderMap, StatusCode, header};

use super::error::ApiError;

/// One holder of a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub user: String,
    pub read_only: bool,
}

/// The tokens of the token file.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    by_token: HashMap<String, Holder>,
    /// Whether a token file was given.
    pub given: bool,
}

/// Who a request comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// No `Authorization` header.
    Anonymous,
    /// A token the file does not hold, or a header that is no bearer token.
    Unknown,
    Holder(Holder),
}

impl Caller {
    /// The user's name, for the access log.
    pub fn user(&self) -> Option<&str> {
        match self {
            Caller::Holder(h) => Some(&h.user),
            _ => None,
        }
    }
}

fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~+/=".contains(c)
}

/// The shortest token taken.
pub const MIN_TOKEN: usize = 16;

impl Tokens {
    /// Reads the token file at `path`.
    pub fn read(path: &Path) -> anyhow::Result<Tokens> {
        let name = path.display();
        let meta = std::fs::metadata(path).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode();
            anyhow::ensure!(
                mode & 0o007 == 0,
                "{name}: other users may read or change this token file (mode {:o}): chmod o-rwx {name}",
                mode & 0o777
            );
        }
        #[cfg(not(unix))]
        let _ = meta;
        let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        Tokens::parse(&text, &name.to_string())
    }

    /// The tokens of a token file's text, named `name` in errors.
    pub fn parse(text: &str, name: &str) -> anyhow::Result<Tokens> {
        let mut by_token = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let at = format!("{name}:{}", i + 1);
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (token, user, read_only) = match fields[..] {
                [token, user] => (token, user, false),
                [token, user, "read-only"] => (token, user, true),
                _ => anyhow::bail!("{at}: not TOKEN USER or TOKEN USER read-only"),
            };
            anyhow::ensure!(
                token.chars().count() >= MIN_TOKEN && token.chars().all(token_char),
                "{at}: a token is at least {MIN_TOKEN} letters, digits or -._~+/="
            );
            let holder = Holder { user: user.to_string(), read_only };
            anyhow::ensure!(by_token.insert(token.to_string(), holder).is_none(), "{at}: this token is given twice");
        }
        Ok(Tokens { by_token, given: true })
    }

    /// Who sent a request with these headers.
    pub fn caller(&self, headers: &HeaderMap) -> Caller {
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return Caller::Anonymous;
        };
        let token = value.to_str().ok().and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
        match token.and_then(|t| self.find(t)) {
            Some(holder) => Caller::Holder(holder.clone()),
            None => Caller::Unknown,
        }
    }

    /// The holder of `token`, comparing every token whole (no early exit on the
    /// first differing byte).
    fn find(&self, token: &str) -> Option<&Holder> {
        let mut found = None;
        for (known, holder) in &self.by_token {
            let same = known.len() == token.len()
                && known.bytes().zip(token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
            if same {
                found = Some(holder);
            }
        }
        found
    }
}

/// What a route needs of its caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Read,
    Write,
}

/// Whether the server lets `caller` do what `need` says; the user to record
/// on a write.
pub fn allow(caller: &Caller, need: Need, private: bool, writable: bool) -> Result<Option<String>, ApiError> {
    let unauthorized = |why: &str| ApiError::new(StatusCode::UNAUTHORIZED, why);
    match (need, caller) {
        (Need::Read, Caller::Holder(h)) => Ok(Some(h.user.clone())),
        (Need::Read, Caller::Unknown) if private => Err(unauthorized("this token is not known to the server")),
        (Need::Read, Caller::Anonymous) if private => {
            Err(unauthorized("this server is private: send Authorization: Bearer TOKEN"))
        }
        (Need::Read, _) => Ok(None),
        (Need::Write, _) if !writable => {
            Err(ApiError::new(StatusCode::FORBIDDEN, "this server takes no writes (--read-only, or no --token-file)"))
        }
        (Need::Write, Caller::Anonymous) => Err(unauthorized("a write needs Authorization: Bearer TOKEN")),
        (Need::Write, Caller::Unknown) => Err(unauthorized("this token is not known to the server")),
        (Need::Write, Caller::Holder(h)) if h.read_only => {
            Err(ApiError::new(StatusCode::FORBIDDEN, format!("the token of {} is read-only", h.user)))
        }
        (Need::Write, Caller::Holder(h)) => Ok(Some(h.user.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_lines_are_read_and_bad_ones_named_by_line() {
        let text = "# team\nabcdefghijklmnop1 hala\n\nqrstuvwxyzabcdef2 omar read-only\n";
        let tokens = Tokens::parse(text, "tokens").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, "Bearer qrstuvwxyzabcdef2".parse().unwrap());
        assert_eq!(tokens.caller(&headers), Caller::Holder(Holder { user: "omar".into(), read_only: true }));
        headers.insert(header::AUTHORIZATION, "Bearer qrstuvwxyzabcdef3".parse().unwrap());
        assert_eq!(tokens.caller(&headers), Caller::Unknown);
        assert_eq!(tokens.caller(&HeaderMap::new()), Caller::Anonymous);
        let short = Tokens::parse("a\nshort hala\n", "tokens").unwrap_err().to_string();
        assert!(short.starts_with("tokens:1: "), "{short}");
        let twice = Tokens::parse(&format!("{text}abcdefghijklmnop1 sami\n"), "t").unwrap_err().to_string();
        assert!(twice.starts_with("t:5: ") && twice.contains("twice"), "{twice}");
        let extra = Tokens::parse("abcdefghijklmnop1 hala admin\n", "t").unwrap_err().to_string();
        assert!(extra.starts_with("t:1: "), "{extra}");
    }

    #[test]
    fn writes_want_a_writing_token_and_a_writable_server() {
        let hala = Caller::Holder(Holder { user: "hala".into(), read_only: false });
        let omar = Caller::Holder(Holder { user: "omar".into(), read_only: true });
        let status = |c: &Caller, need, private, writable| allow(c, need, private, writable).map_err(|e| e.status);
        assert_eq!(status(&hala, Need::Write, false, true), Ok(Some("hala".into())));
        assert_eq!(status(&omar, Need::Write, false, true), Err(StatusCode::FORBIDDEN));
        assert_eq!(status(&Caller::Anonymous, Need::Write, false, true), Err(StatusCode::UNAUTHORIZED));
        assert_eq!(status(&Caller::Unknown, Need::Write, false, true), Err(StatusCode::UNAUTHORIZED));
        assert_eq!(status(&hala, Need::Write, false, false), Err(StatusCode::FORBIDDEN));
        assert_eq!(status(&Caller::Anonymous, Need::Read, false, true), Ok(None));
        assert_eq!(status(&Caller::Anonymous, Need::Read, true, true), Err(StatusCode::UNAUTHORIZED));
        assert_eq!(status(&omar, Need::Read, true, true), Ok(Some("omar".into())));
    }
}
