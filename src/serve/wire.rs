//! HTTP/1.1 on the wire: reading a request's head within limits, writing a response.
//!
//! The preview is reached by one person's browser, but any page that person opens can also make
//! requests to it, and a client may simply never read or never finish. So every connection has
//! read and write timeouts, a request head is at most [`MAX_HEAD`] bytes, and each connection is
//! answered and closed (`Connection: close`), so no client can hold a worker for long.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The longest request head (request line and headers) read; browsers send well under 8 KB.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may stop reading before it is dropped.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(20);

/// How long a client may take to send a request's body (a document of up to 50 MB).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// A request's method, target and headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// The request target as sent, e.g. `/updates/x/?a=b`.
    pub target: String,
    /// The `Host` header, if any.
    pub host: Option<String>,
    /// Every header, names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    /// What was read after the head (the start of a body).
    pub rest: Vec<u8>,
}

impl Head {
    /// The first header of this name (given in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body's length, as `Content-Length` says (0 without one; `None` if it is not a number).
    pub fn content_length(&self) -> Option<u64> {
        match self.header("content-length") {
            None => Some(0),
            Some(v) => v.trim().parse().ok(),
        }
    }
}

/// Reads a body of `length` bytes (the head's `rest` first), within [`BODY_TIMEOUT`].
pub fn read_body(
    mut stream: &TcpStream,
    head: &mut Head,
    length: u64,
) -> Result<Vec<u8>, ReadError> {
    let length = usize::try_from(length).map_err(|_| ReadError::TooLarge)?;
    let mut body = std::mem::take(&mut head.rest);
    body.truncate(length);
    body.reserve(length - body.len());
    let deadline = Instant::now() + BODY_TIMEOUT;
    let mut chunk = vec![0u8; 64 * 1024];
    while body.len() < length {
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or(ReadError::Io)?;
        stream
            .set_read_timeout(Some(left.min(READ_TIMEOUT)))
            .map_err(|_| ReadError::Io)?;
        let want = (length - body.len()).min(chunk.len());
        let n = stream.read(&mut chunk[..want]).map_err(|_| ReadError::Io)?;
        if n == 0 {
            return Err(ReadError::Io);
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Ok(body)
}

/// Why a request could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The head is longer than [`MAX_HEAD`].
    TooLarge,
    /// Not HTTP.
    Malformed,
    /// The client went away or was too slow.
    Io,
}

/// Sets the timeouts every connection gets.
pub fn prepare(stream: &TcpStream) -> io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    stream.set_nodelay(true)
}

/// Reads one request head, never more than [`MAX_HEAD`] bytes of it, and all of it within
/// [`READ_TIMEOUT`] however slowly it trickles in.
pub fn read_head(mut stream: &TcpStream) -> Result<Head, ReadError> {
    let deadline = Instant::now() + READ_TIMEOUT;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let end = loop {
        if let Some(end) = head_end(&head) {
            break end;
        }
        if head.len() > MAX_HEAD {
            return Err(ReadError::TooLarge);
        }
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or(ReadError::Io)?;
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| ReadError::Io)?;
        let n = stream.read(&mut chunk).map_err(|_| ReadError::Io)?;
        if n == 0 {
            return Err(ReadError::Malformed);
        }
        head.extend_from_slice(&chunk[..n]);
    };
    if end > MAX_HEAD {
        return Err(ReadError::TooLarge);
    }
    let text = String::from_utf8_lossy(&head[..end]);
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let mut parsed = parse_head(&lines).ok_or(ReadError::Malformed)?;
    let blank = if head[end..].starts_with(b"\r\n\r\n") {
        4
    } else {
        2
    };
    parsed.rest = head[(end + blank).min(head.len())..].to_vec();
    Ok(parsed)
}

/// Where the blank line that ends a head is, if it has arrived.
fn head_end(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = bytes.windows(2).position(|w| w == b"\n\n");
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn parse_head(lines: &[String]) -> Option<Head> {
    let mut request = lines.first()?.split(' ');
    let (method, target, version) = (request.next()?, request.next()?, request.next()?);
    if !version.starts_with("HTTP/1.") || request.next().is_some() {
        return None;
    }
    let headers: Vec<(String, String)> = lines[1..]
        .iter()
        .map(|line| {
            let (name, value) = line.split_once(':')?;
            // RFC 9112: no space before the colon, no folded lines.
            let plain = !name.is_empty() && !name.contains(char::is_whitespace);
            plain.then(|| (name.to_ascii_lowercase(), value.trim().to_string()))
        })
        .collect::<Option<_>>()?;
    if !unambiguous(&headers) {
        return None;
    }
    let host = headers
        .iter()
        .find(|(n, _)| n == "host")
        .map(|(_, v)| v.clone());
    Some(Head {
        method: method.to_string(),
        target: target.to_string(),
        host,
        headers,
        rest: Vec::new(),
    })
}

/// Whether the head says once, and in one way, where the request ends: one `Content-Length` of
/// digits only, no `Transfer-Encoding` (this server reads no chunked bodies) and one `Host`.
/// Two lengths are how requests are smuggled past a proxy that reads the other one (RFC 9112,
/// section 6.3), so any doubt is a 400.
fn unambiguous(headers: &[(String, String)]) -> bool {
    let count = |name: &str| headers.iter().filter(|(n, _)| n == name).count();
    let length_is_digits = headers
        .iter()
        .filter(|(n, _)| n == "content-length")
        .all(|(_, v)| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()));
    count("content-length") <= 1
        && count("host") <= 1
        && count("transfer-encoding") == 0
        && length_is_digits
}

/// A response to write: status, headers and a body.
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Headers other than `Content-Length` and `Connection`.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Box<dyn Read + Send>,
    /// Its length in bytes.
    pub length: u64,
}

impl Response {
    /// A response whose body is in memory.
    pub fn bytes(status: u16, body: impl AsRef<[u8]> + Send + 'static) -> Response {
        let length = body.as_ref().len() as u64;
        Response {
            status,
            headers: Vec::new(),
            body: Box::new(io::Cursor::new(body)),
            length,
        }
    }

    /// Adds a header; control characters never reach the wire.
    pub fn header(mut self, name: &'static str, value: &str) -> Response {
        let value = percent_encoding::utf8_percent_encode(value, percent_encoding::CONTROLS);
        self.headers.push((name, value.to_string()));
        self
    }

    /// Writes the response (without the body for `HEAD`), then the connection is done.
    pub fn write(self, out: &mut impl Write, head_only: bool) -> io::Result<()> {
        let mut text = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            text.push_str(&format!("{name}: {value}\r\n"));
        }
        text.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.length
        ));
        out.write_all(text.as_bytes())?;
        if !head_only {
            io::copy(&mut self.body.take(self.length), out)?;
        }
        out.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        303 => "See Other",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_gives_method_target_and_host() {
        let lines = [
            "GET /a/?b HTTP/1.1".to_string(),
            "host: 127.0.0.1:1111".to_string(),
        ];
        let head = parse_head(&lines).unwrap();
        assert_eq!(
            (head.method.as_str(), head.target.as_str()),
            ("GET", "/a/?b")
        );
        assert_eq!(head.host.as_deref(), Some("127.0.0.1:1111"));
        assert!(parse_head(&["GET /".to_string()]).is_none());
    }
}
