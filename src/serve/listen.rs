//! Where the preview listens: a TCP address, or, for a team, a Unix domain socket.
//!
//! An address is not an identity on a shared host: any process on the machine can connect to
//! a loopback port and send the identity header itself. A Unix socket is a file, so the system
//! decides who may connect by its mode and group: made mode 660 from the start (the umask is
//! set before binding, never loosened after), owned by sendsite's user and the group given
//! (the web server's), only the proxy can reach it. nginx and Apache both proxy to one.

use std::net::{SocketAddr, TcpListener};
use std::path::Path;

/// A bound listener.
#[derive(Debug)]
pub enum Listener {
    /// A TCP port.
    Tcp(TcpListener),
    /// A Unix domain socket, at its path.
    #[cfg(unix)]
    Socket(std::os::unix::net::UnixListener),
}

impl Listener {
    /// The TCP port listened on (0 for a socket).
    pub fn port(&self) -> u16 {
        match self {
            Listener::Tcp(l) => l.local_addr().map_or(0, |a| a.port()),
            #[cfg(unix)]
            Listener::Socket(..) => 0,
        }
    }
}

/// Listens on `addr` (port 0: any free port); returns the listener and the address it got.
pub fn tcp(addr: SocketAddr) -> Result<(Listener, SocketAddr), String> {
    let listener = TcpListener::bind(addr).map_err(|e| e.to_string())?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    Ok((Listener::Tcp(listener), bound))
}

/// The mode a socket is made with: read and write for its owner and group, nothing for others.
#[cfg(target_os = "linux")]
const SOCKET_MODE: u32 = 0o660;

/// Listens on a Unix socket at `path`, mode 660, in `group` (a name or a number; `None`: the
/// user's own). A socket left there by a server that stopped is replaced; one a server still
/// listens on, or any other file, is not. (Linux only: there the mode is the umask's from the
/// start; elsewhere it could not be made so.)
#[cfg(not(target_os = "linux"))]
pub fn socket(path: &Path, _: Option<&str>) -> Result<Listener, String> {
    Err(format!(
        "cannot listen on {}: --socket works on Linux only; use a port and trusted_proxies",
        path.display()
    ))
}

/// See the other `socket`.
#[cfg(target_os = "linux")]
pub fn socket(path: &Path, group: Option<&str>) -> Result<Listener, String> {
    use std::os::unix::fs::FileTypeExt;
    use std::os::unix::net::{UnixListener, UnixStream};
    let gid = group.map(group_id).transpose()?;
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.file_type().is_socket() {
            return Err(format!(
                "{} exists and is not a socket: choose another path, or remove it",
                path.display()
            ));
        }
        if UnixStream::connect(path).is_ok() {
            return Err(format!("another server is listening on {}: stop it first, or give another path to --socket", path.display()));
        }
        std::fs::remove_file(path)
            .map_err(|e| format!("cannot replace {}: {e}", path.display()))?;
    }
    let listener = with_umask(0o777 & !SOCKET_MODE, || UnixListener::bind(path))
        .map_err(|e| format!("cannot listen on {}: {e}", path.display()))?;
    if let Some(gid) = gid {
        std::os::unix::fs::lchown(path, None, Some(gid)).map_err(|e| {
            let _ = std::fs::remove_file(path);
            format!(
                "cannot give {} to the group {}: {e} (sendsite's user must be in that group)",
                path.display(),
                group.unwrap_or_default()
            )
        })?;
    }
    Ok(Listener::Socket(listener))
}

/// Runs `bind` with the process's umask set to `mask`, then puts the umask back: the socket is
/// made with its mode, never visible with a looser one. (Only at start, before any thread that
/// makes files.)
#[cfg(target_os = "linux")]
fn with_umask<T>(mask: u32, bind: impl FnOnce() -> T) -> T {
    use rustix::fs::Mode;
    let old = rustix::process::umask(Mode::from_bits_truncate(mask));
    let made = bind();
    rustix::process::umask(old);
    made
}

/// A group's number, from its number or its name in `/etc/group`.
#[cfg(target_os = "linux")]
fn group_id(group: &str) -> Result<u32, String> {
    if let Ok(n) = group.parse::<u32>() {
        return Ok(n);
    }
    let groups = std::fs::read_to_string("/etc/group").unwrap_or_default();
    groups
        .lines()
        .filter_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            let gid = fields.nth(1)?.parse::<u32>().ok()?;
            (name == group).then_some(gid)
        })
        .next()
        .ok_or_else(|| format!("there is no group called \"{group}\" (give its name as /etc/group has it, or its number)"))
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_socket_is_made_mode_660_and_a_stale_one_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("team.sock");
        let first = socket(&path, None).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o660);
        // Still listened on: not taken over.
        assert!(socket(&path, None).unwrap_err().contains("another server"));
        drop(first);
        // Left behind by a server that stopped: replaced.
        assert!(socket(&path, Some("0")).is_ok());
        let file = dir.path().join("a-file");
        std::fs::write(&file, "x").unwrap();
        assert!(socket(&file, None).unwrap_err().contains("not a socket"));
        assert!(
            socket(&dir.path().join("b.sock"), Some("no-such-group-here"))
                .unwrap_err()
                .contains("no group called")
        );
    }
}
