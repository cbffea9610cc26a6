//! Whether a binary is static: an ELF file that asks for no program interpreter (`PT_INTERP`)
//! and names no shared library (`DT_NEEDED`), read from its headers. A static-PIE binary has a
//! dynamic section for its own relocations, but never a library in it.

use std::path::Path;

const PT_DYNAMIC: u32 = 2;
const PT_INTERP: u32 = 3;
const DT_NEEDED: u64 = 1;

/// An error unless the ELF file at `path` (64-bit, little-endian) is static.
pub fn check_static(path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let why = |what: &str| format!("{} {what}", path.display());
    if bytes.get(..6) != Some(&[0x7f, b'E', b'L', b'F', 2, 1][..]) {
        return Err(why("is not a 64-bit little-endian ELF file"));
    }
    let u16_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let u64_at = |at: usize| {
        bytes
            .get(at..at + 8)
            .map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
    };
    let bad = || why("has a broken ELF header");
    let table = u64_at(0x20).ok_or_else(bad)? as usize;
    let size = u16_at(0x36).ok_or_else(bad)? as usize;
    let count = u16_at(0x38).ok_or_else(bad)? as usize;
    for i in 0..count {
        let header = table + i * size;
        let kind = u32_at(header).ok_or_else(bad)?;
        if kind == PT_INTERP {
            return Err(why("asks for a program interpreter: it is not static"));
        }
        if kind == PT_DYNAMIC {
            let offset = u64_at(header + 8).ok_or_else(bad)? as usize;
            let length = u64_at(header + 32).ok_or_else(bad)? as usize;
            for entry in (offset..offset + length).step_by(16) {
                if u64_at(entry) == Some(DT_NEEDED) {
                    return Err(why("names a shared library: it is not static"));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dynamic_binary_is_refused() {
        // The machine's own shell is linked to its C library.
        let shell = Path::new("/bin/sh");
        let real = std::fs::canonicalize(shell).unwrap_or_else(|_| shell.to_path_buf());
        assert!(check_static(&real).is_err());
    }
}
