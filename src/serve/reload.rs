//! Live reload: tells every open tab, over server-sent events, that the site changed.
//!
//! One thread owns the list of open event streams; the rebuild loop sends it signals and each
//! new stream joins it, both through one channel, so no lock is shared. A stream whose tab has
//! gone is dropped the next time something is sent to it.

use std::io::{self, Write};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

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
type Event = (Signal, u64);

enum Message {
    Join(Sender<Event>),
    Send(Event),
}

/// The sending side of live reload; cheap to clone into every HTTP worker.
#[derive(Clone)]
pub struct Hub {
    tx: Sender<Message>,
}

impl Hub {
    /// Starts the thread that keeps the open streams.
    pub fn start() -> Hub {
        let (tx, rx) = channel::<Message>();
        thread::spawn(move || {
            let mut streams: Vec<Sender<Event>> = Vec::new();
            for message in rx {
                match message {
                    Message::Join(stream) => streams.push(stream),
                    Message::Send(event) => streams.retain(|s| s.send(event).is_ok()),
                }
            }
        });
        Hub { tx }
    }

    /// A new stream: the events it receives from now on.
    pub fn join(&self) -> Receiver<Event> {
        let (tx, rx) = channel();
        let _ = self.tx.send(Message::Join(tx));
        rx
    }

    /// Tells every open stream.
    pub fn send(&self, signal: Signal, number: u64) {
        let _ = self.tx.send(Message::Send((signal, number)));
    }
}

/// Writes an event stream to one tab until it goes away: the response head, then each event.
pub fn stream(mut out: impl Write, events: Receiver<Event>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n\n";
    let mut result = send(&mut out, head);
    while result.is_ok() {
        result = match events.recv_timeout(KEEP_ALIVE) {
            Ok((signal, number)) => send(
                &mut out,
                &format!("event: {}\ndata: {number}\n\n", signal.name()),
            ),
            Err(RecvTimeoutError::Timeout) => send(&mut out, ": still here\n\n"),
            Err(RecvTimeoutError::Disconnected) => break,
        };
    }
}

fn send(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_joined_stream_gets_each_signal() {
        let hub = Hub::start();
        let (a, b) = (hub.join(), hub.join());
        hub.send(Signal::Css, 7);
        let wait = Duration::from_secs(5);
        assert_eq!(a.recv_timeout(wait).unwrap(), (Signal::Css, 7));
        assert_eq!(b.recv_timeout(wait).unwrap(), (Signal::Css, 7));
    }

    #[test]
    fn a_stream_is_written_as_server_sent_events() {
        let (tx, rx) = channel();
        tx.send((Signal::Reload, 3)).unwrap();
        drop(tx);
        let mut out = Vec::new();
        stream(&mut out, rx);
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"),
            "{text}"
        );
        assert!(
            text.ends_with("\r\n\r\nretry: 1000\n\nevent: reload\ndata: 3\n\n"),
            "{text}"
        );
    }
}
