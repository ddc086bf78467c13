//! Safe, in-memory reading of uploaded zip archives.
//!
//! Uploads come from the network, so nothing in them is trusted: entry names that would escape
//! the extraction root (zip slip) are refused, the number of entries and the total uncompressed
//! size are bounded, and a high compression ratio (a zip bomb) is refused. Declared sizes can
//! lie, so the bounds are enforced on the bytes actually inflated, not on the headers. Nothing
//! is written to disk: the rules engine only needs the text.

use std::io::{Cursor, Read};
use std::path::Component;

/// Bounds applied to one archive.
#[derive(Debug, Clone, Copy)]
pub struct ZipLimits {
    pub max_entries: usize,
    pub max_total_bytes: u64,
    /// Larger files are counted but not analysed (typically bundles or data dumps).
    pub max_file_bytes: u64,
    /// Entries inflating more than this many times their compressed size are refused once they
    /// pass `ratio_floor_bytes` (tiny, very compressible files are normal).
    pub max_ratio: u64,
    pub ratio_floor_bytes: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        ZipLimits {
            max_entries: 20_000,
            max_total_bytes: 512 * 1024 * 1024,
            max_file_bytes: 4 * 1024 * 1024,
            max_ratio: 200,
            ratio_floor_bytes: 1024 * 1024,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UnzipError {
    /// Not a zip at all: the API answers "Unknown file type.".
    #[error("Unknown file type.")]
    NotZip,
    #[error("Unsafe path in archive: {0:?} escapes the extraction directory.")]
    UnsafePath(String),
    #[error("Archive has too many entries (more than {0}).")]
    TooManyEntries(usize),
    #[error("Archive expands to more than {0} bytes.")]
    TooLarge(u64),
    #[error("Archive entry {0:?} has a suspicious compression ratio (zip bomb refused).")]
    Bomb(String),
    #[error("Corrupt archive: {0}")]
    Corrupt(String),
}

/// The text files of an archive, with counts for the scan log.
#[derive(Debug, Default)]
pub struct Extracted {
    /// `(path, text)` with `/` separators, in archive order.
    pub text_files: Vec<(String, String)>,
    /// Regular files in the archive (text or not).
    pub total_files: u32,
    pub skipped_binary: u32,
    pub skipped_large: u32,
}

/// True when the bytes start like a zip (local header, or an empty archive's end record).
pub fn looks_like_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Rejects names that are absolute or climb out of the root. Checked on the raw name as well as
/// through `enclosed_name`, because Windows-style `..\\` separators are not components on Unix.
fn safe_name(raw: &str) -> Option<String> {
    let normalised = raw.replace('\\', "/");
    if normalised.starts_with('/') || normalised.contains('\0') {
        return None;
    }
    if normalised.len() > 1 && normalised.as_bytes()[1] == b':' {
        return None; // C:/...
    }
    let path = std::path::Path::new(&normalised);
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

pub fn extract(bytes: &[u8], limits: &ZipLimits) -> Result<Extracted, UnzipError> {
    if !looks_like_zip(bytes) {
        return Err(UnzipError::NotZip);
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| UnzipError::NotZip)?;
    if archive.len() > limits.max_entries {
        return Err(UnzipError::TooManyEntries(limits.max_entries));
    }
    let mut out = Extracted::default();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| UnzipError::Corrupt(e.to_string()))?;
        let raw = entry
            .name()
            .map_err(|e| UnzipError::Corrupt(e.to_string()))?
            .into_owned();
        let Some(name) = safe_name(&raw).filter(|_| entry.enclosed_name().is_some()) else {
            return Err(UnzipError::UnsafePath(raw));
        };
        if entry.is_dir() {
            continue;
        }
        // A symlink entry's content is its target; following it could leave the tree.
        if entry.is_symlink() {
            out.total_files += 1;
            out.skipped_binary += 1;
            continue;
        }
        out.total_files += 1;
        let compressed = entry.compressed_size().max(1);
        // Read at most one byte past every bound, so a lying header cannot make us inflate more
        // than the ratio or the remaining total allows.
        let ratio_cap = compressed
            .saturating_mul(limits.max_ratio)
            .max(limits.ratio_floor_bytes);
        let remaining = limits.max_total_bytes - total;
        let cap = ratio_cap.min(remaining);
        let mut buf = Vec::new();
        (&mut entry)
            .take(cap + 1)
            .read_to_end(&mut buf)
            .map_err(|e| UnzipError::Corrupt(format!("{raw}: {e}")))?;
        let len = buf.len() as u64;
        if len > cap {
            return Err(if len > ratio_cap {
                UnzipError::Bomb(raw)
            } else {
                UnzipError::TooLarge(limits.max_total_bytes)
            });
        }
        total += len;
        if len > limits.max_file_bytes {
            out.skipped_large += 1;
            continue;
        }
        // Binary detection as git does it: a NUL byte near the start.
        if buf[..buf.len().min(8192)].contains(&0) {
            out.skipped_binary += 1;
            continue;
        }
        match String::from_utf8(buf) {
            Ok(text) => out.text_files.push((name, text)),
            Err(e) => {
                let bytes = e.into_bytes();
                out.text_files
                    .push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn make_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn reads_text_and_skips_binary() {
        let z = make_zip(&[
            ("src/a.py", b"eval(x)\n"),
            ("img.bin", b"\x00\x01\x02"),
            ("./b/c.js", b"ok"),
        ]);
        let x = extract(&z, &ZipLimits::default()).unwrap();
        assert_eq!(x.total_files, 3);
        assert_eq!(x.skipped_binary, 1);
        let names: Vec<_> = x.text_files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["src/a.py", "b/c.js"]);
    }

    #[test]
    fn refuses_non_zip() {
        assert_eq!(
            extract(b"hello", &ZipLimits::default()).unwrap_err(),
            UnzipError::NotZip
        );
        assert_eq!(
            extract(b"PK\x03\x04garbage", &ZipLimits::default()).unwrap_err(),
            UnzipError::NotZip
        );
    }

    #[test]
    fn refuses_zip_slip() {
        for bad in [
            "../evil.py",
            "a/../../evil",
            "/etc/passwd",
            "..\\evil.py",
            "C:/x.py",
        ] {
            assert!(safe_name(bad).is_none(), "{bad}");
        }
        let z = make_zip(&[("ok.py", b"x"), ("../evil.py", b"x")]);
        assert!(matches!(
            extract(&z, &ZipLimits::default()),
            Err(UnzipError::UnsafePath(_))
        ));
    }

    #[test]
    fn refuses_bomb_and_oversize() {
        let zeros = vec![b'a'; 8 * 1024 * 1024];
        let z = make_zip(&[("big.txt", &zeros)]);
        assert!(matches!(
            extract(&z, &ZipLimits::default()),
            Err(UnzipError::Bomb(_))
        ));
        let limits = ZipLimits {
            max_total_bytes: 10,
            ..ZipLimits::default()
        };
        let z = make_zip(&[("a.txt", b"0123456789abc")]);
        assert_eq!(extract(&z, &limits).unwrap_err(), UnzipError::TooLarge(10));
        let limits = ZipLimits {
            max_entries: 1,
            ..ZipLimits::default()
        };
        let z = make_zip(&[("a.txt", b"1"), ("b.txt", b"2")]);
        assert_eq!(
            extract(&z, &limits).unwrap_err(),
            UnzipError::TooManyEntries(1)
        );
    }
}
