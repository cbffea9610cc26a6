//! Live reload: tells every open tab, over server-sent events, that the site changed.
//!
//! The rebuild loop sends each signal once, on a broadcast channel that every open stream has
//! joined, so no lock is shared. A stream whose tab has gone is dropped the next time something
//! is written to it.

use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::broadcast;

/// How often an idle stream sends a comment, so that closed tabs are noticed and proxies keep it.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the tabs are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// The site was rebuilt: reload the page.
    Reload,
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// The site could not be rebuilt: reload to show the errors over the last good page.
    Failed,
}

impl Signal {
    /// The event's name in the stream (`reload.js` listens for these).
    fn name(self) -> &'static str {
        match self {
            Signal::Reload => "reload",
            Signal::Css => "css",
            Signal::Failed => "failed",
        }
    }
}

/// A signal and the number of the rebuild it is about.
pub type Event = (Signal, u64);

/// How many signals a slow tab may fall behind before it misses some (it then reloads anyway).
const BACKLOG: usize = 64;

/// The sending side of live reload; cheap to clone.
#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<Event>,
}

impl Hub {
    /// A hub no tab has joined yet.
    pub fn start() -> Hub {
        Hub {
            tx: broadcast::channel(BACKLOG).0,
        }
    }

    /// A new stream: the events it receives from now on.
    pub fn join(&self) -> broadcast::Receiver<Event> {
        self.tx.subscribe()
    }

    /// Tells every open stream.
    pub fn send(&self, signal: Signal, number: u64) {
        let _ = self.tx.send((signal, number));
    }
}

/// The text of an event stream for one tab: a retry interval, then each event as it comes, and a
/// comment when nothing has come for a while. It ends when the hub is gone; a tab that goes away
/// is noticed when the next text cannot be written.
pub fn stream(
    events: broadcast::Receiver<Event>,
) -> impl futures_util::Stream<Item = String> + Send {
    let first = futures_util::stream::once(async { "retry: 1000\n\n".to_string() });
    let rest = futures_util::stream::unfold(events, |mut events| async move {
        loop {
            let text = match tokio::time::timeout(KEEP_ALIVE, events.recv()).await {
                Ok(Ok((signal, number))) => event(signal, number),
                // Fell behind: what it missed says "reload" as well as the next will.
                Ok(Err(broadcast::error::RecvError::Lagged(_))) => continue,
                Ok(Err(broadcast::error::RecvError::Closed)) => return None,
                Err(_) => ": still here\n\n".to_string(),
            };
            return Some((text, events));
        }
    });
    first.chain(rest)
}

/// One event, as `reload.js` reads it.
fn event(signal: Signal, number: u64) -> String {
    format!("event: {}\ndata: {number}\n\n", signal.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
    }

    #[test]
    fn every_joined_stream_gets_each_signal() {
        let hub = Hub::start();
        let (mut a, mut b) = (hub.join(), hub.join());
        hub.send(Signal::Css, 7);
        runtime().block_on(async {
            assert_eq!(a.recv().await.unwrap(), (Signal::Css, 7));
            assert_eq!(b.recv().await.unwrap(), (Signal::Css, 7));
        });
    }

    #[test]
    fn a_stream_is_written_as_server_sent_events() {
        let hub = Hub::start();
        let events = hub.join();
        hub.send(Signal::Reload, 3);
        drop(hub);
        let texts: Vec<String> = runtime().block_on(stream(events).collect());
        assert_eq!(texts, ["retry: 1000\n\n", "event: reload\ndata: 3\n\n"]);
    }
}
