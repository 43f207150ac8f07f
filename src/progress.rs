//! How long work tells its front end how far it has got. Library operations take a
//! `&dyn Progress` and call it; they never draw anything. The command line draws a
//! bar on a terminal; a server logs or ignores it ([`Silent`]).

/// What progress counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    /// Bytes of input read.
    Bytes,
    /// Items done (entries, segments).
    Items,
}

/// Receives the progress of one piece of work at a time. Calls may come from
/// another thread than the one that started the work (an import reads on one
/// thread and stores on another).
pub trait Progress: Sync {
    /// Work named `what` begins, of `total` units.
    fn start(&self, what: &str, total: u64, unit: Count) {
        let _ = (what, total, unit);
    }

    /// `done` units of the work are done.
    fn set(&self, done: u64) {
        let _ = done;
    }

    /// The work has ended (done or failed).
    fn finish(&self) {}

    /// The work waits for another process before it can begin (a write for the
    /// one writing before it); `why` says so, for people.
    fn waiting(&self, why: &str) {
        let _ = why;
    }
}

/// Progress nobody watches.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {}
