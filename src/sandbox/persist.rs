//! The `--state-dir` file: the whole store as JSON, replaced atomically.
//!
//! Writes go to a temporary file in the same directory, are flushed to disk and then renamed
//! over the old file, so a crash or a kill mid-write leaves either the old or the new state,
//! never a torn file.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::state::Store;

pub const STATE_FILE: &str = "sandbox-state.json";

pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path)
        .with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
}

/// Loads the store from `dir`, or an empty one when there is no state file yet.
pub fn load(dir: &Path) -> anyhow::Result<Store> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(STATE_FILE);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .with_context(|| format!("{} is not a sandbox state file", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Store::default()),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path()).unwrap().projects.is_empty());
        let mut s = Store::default();
        s.access_tokens.push("t".into());
        write_atomic(
            &dir.path().join(STATE_FILE),
            &serde_json::to_vec(&s).unwrap(),
        )
        .unwrap();
        assert_eq!(load(dir.path()).unwrap().access_tokens, ["t"]);
        std::fs::write(dir.path().join(STATE_FILE), b"{torn").unwrap();
        assert!(load(dir.path()).is_err());
    }
}
